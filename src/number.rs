//! Exact decimal numbers as printed in report cells.

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `mantissa × 10^-scale`.
///
/// Cell values are counts (`0`, `2623`), negative counts in the 2019 template's `本年增/减`
/// column (`-8`) and amounts (`9116.36` 万元, `75394432.52` 元). They are kept exactly as
/// printed, so sums compare without float error. Equality is by value: `1.50 == 1.5`.
#[derive(Clone, Copy)]
pub struct Number {
    mantissa: i64,
    scale: u8,
}

impl Number {
    /// The largest number of digits after the point that a `Number` keeps.
    pub const MAX_SCALE: u8 = 12;

    /// An integer.
    pub const fn from_i64(v: i64) -> Self {
        Number {
            mantissa: v,
            scale: 0,
        }
    }

    /// `mantissa × 10^-scale`, or `None` when `scale` exceeds [`Number::MAX_SCALE`].
    pub const fn new(mantissa: i64, scale: u8) -> Option<Self> {
        if scale > Self::MAX_SCALE {
            None
        } else {
            Some(Number { mantissa, scale })
        }
    }

    /// The digits, without the point.
    pub const fn mantissa(&self) -> i64 {
        self.mantissa
    }

    /// Digits after the point, as printed (`1.50` has scale 2).
    pub const fn scale(&self) -> u8 {
        self.scale
    }

    /// Whether the value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.scale == 0 || self.mantissa % 10i64.pow(u32::from(self.scale)) == 0
    }

    /// The value as an integer, when it is one.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_integer() {
            Some(self.mantissa / 10i64.pow(u32::from(self.scale)))
        } else {
            None
        }
    }

    /// The nearest `f64` (for display and JSON; compare `Number`s, not floats).
    pub fn to_f64(&self) -> f64 {
        // Through the decimal string, so `9116.36` becomes the f64 nearest to 9116.36.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Whether the value is below zero.
    pub const fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    fn widened(&self, scale: u8) -> i128 {
        i128::from(self.mantissa) * 10i128.pow(u32::from(scale - self.scale))
    }

    /// Exact sum, or `None` on overflow.
    pub fn checked_add(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let sum = self.widened(scale).checked_add(other.widened(scale))?;
        Some(Number {
            mantissa: i64::try_from(sum).ok()?,
            scale,
        })
    }

    /// Exact difference, or `None` on overflow.
    pub fn checked_sub(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let diff = self.widened(scale).checked_sub(other.widened(scale))?;
        Some(Number {
            mantissa: i64::try_from(diff).ok()?,
            scale,
        })
    }

    /// Parse ASCII digits with an optional sign and decimal point: `-8`, `9116.36`.
    /// Full-width digits must be folded first (the value grammar does that).
    pub(crate) fn parse_ascii(s: &str) -> Option<Number> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if body.contains('.') && frac.is_empty() {
            return None;
        }
        let scale = u8::try_from(frac.len()).ok()?;
        if scale > Self::MAX_SCALE {
            return None;
        }
        let mut m: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(Number {
            mantissa: if neg { -m } else { m },
            scale,
        })
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.widened(scale).cmp(&other.widened(scale))
    }
}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Hash the normalised form so that equal values hash alike.
        let mut m = self.mantissa;
        let mut s = self.scale;
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        (m, s).hash(state);
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let p = 10u64.pow(u32::from(self.scale));
        let abs = self.mantissa.unsigned_abs();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / p,
            abs % p,
            width = usize::from(self.scale)
        )
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Self {
        Number::from_i64(v)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_i64() {
            Some(i) if self.scale == 0 => s.serialize_i64(i),
            _ => s.serialize_f64(self.to_f64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for s in ["0", "2623", "-8", "9116.36", "75394432.52", "0.05", "-0.5"] {
            assert_eq!(Number::parse_ascii(s).unwrap().to_string(), s);
        }
        assert!(Number::parse_ascii("1.").is_none());
        assert!(Number::parse_ascii(".5").is_none());
        assert!(Number::parse_ascii("99999999999999999999").is_none());
    }

    #[test]
    fn compares_and_adds_exactly() {
        let a = Number::parse_ascii("0.1").unwrap();
        let b = Number::parse_ascii("0.2").unwrap();
        assert_eq!(
            a.checked_add(b).unwrap(),
            Number::parse_ascii("0.30").unwrap()
        );
        assert!(Number::from_i64(3) > Number::parse_ascii("2.99").unwrap());
        assert_eq!(Number::parse_ascii("2.00").unwrap().to_i64(), Some(2));
    }
}
