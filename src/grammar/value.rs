//! The grammar of a value cell.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::char;
use nom::combinator::{all_consuming, map, opt, recognize, value};
use nom::{IResult, Parser};

use crate::ast::{Unit, Value};
use crate::number::Number;
use crate::text::{fold_char, is_blank};

/// Why a cell that looks like a number gave none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueError {
    /// More digits than a [`Number`] holds.
    Overflow,
}

/// `placeholder := "--" | "——" | "/" | "\" | "-" | "—" | "–" | "空" | "无" | "×" | "*"`
/// (after width folding, so `／` and `－－` are included).
fn placeholder(i: &str) -> IResult<&str, ()> {
    value(
        (),
        alt((
            tag("--"),
            tag("——"),
            tag("—"),
            tag("–"),
            tag("-"),
            tag("/"),
            tag("\\"),
            tag("空"),
            tag("无"),
            tag("×"),
            tag("*"),
        )),
    )
    .parse(i)
}

/// `number := sign? digits ("," digit{3})* ("." digits)?` where `sign := "-" | "−" | "+"`
/// (thousands separators as in `1,234`).
fn number(i: &str) -> IResult<&str, &str> {
    recognize((
        opt(alt((char('-'), char('−'), char('+')))),
        take_while1(|c: char| c.is_ascii_digit()),
        nom::multi::many0((
            char(','),
            nom::bytes::complete::take_while_m_n(3, 3, |c: char| c.is_ascii_digit()),
        )),
        opt((char('.'), take_while1(|c: char| c.is_ascii_digit()))),
    ))
    .parse(i)
}

/// `unit := "万元" | "元" | "件" | "个" | "项" | "条" | "次" | "%"`
fn unit(i: &str) -> IResult<&str, Unit> {
    alt((
        value(Unit::TenThousandYuan, tag("万元")),
        value(Unit::Yuan, tag("元")),
        value(
            Unit::Count,
            alt((tag("件"), tag("个"), tag("项"), tag("条"), tag("次"))),
        ),
        value(Unit::Percent, tag("%")),
    ))
    .parse(i)
}

/// `value := placeholder+ | number unit?`
fn value_cell(i: &str) -> IResult<&str, Option<(&str, Option<Unit>)>> {
    alt((
        map((number, opt(unit)), Some),
        map(nom::multi::many1(placeholder), |_| None),
    ))
    .parse(i)
}

/// Read a cell's text as a value. `None` when the text is not a value at all (a label);
/// `Some(Err(_))` when it is a number that cannot be held.
///
/// Full-width digits and signs are folded first; blanks inside the text are dropped (`2 623`
/// does not occur in reports, but `0 ` and `\u{3000}0` do). An empty text is [`Value::Blank`].
pub(crate) fn parse_value(text: &str) -> Option<Result<(Value, Option<Unit>), ValueError>> {
    // Most cells are plain digits (`0`, `12`): read them without folding a copy.
    if (1..=18).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        return Number::parse_ascii(text).map(|n| Ok((Value::Number(n), None)));
    }
    // Fast rejection: a value starts (after blanks) with a digit, a sign or a placeholder.
    match text.chars().find(|c| !is_blank(*c)) {
        None => return Some(Ok((Value::Blank, None))),
        Some(c) => {
            let c = fold_char(c);
            if !(c.is_ascii_digit()
                || matches!(
                    c,
                    '-' | '+' | '−' | '/' | '\\' | '—' | '–' | '空' | '无' | '×' | '*'
                ))
            {
                return None;
            }
        }
    }
    let folded: String = text
        .chars()
        .filter(|c| !is_blank(*c))
        .map(fold_char)
        .collect();
    if folded.is_empty() {
        return Some(Ok((Value::Blank, None)));
    }
    let (_, parsed) = all_consuming(value_cell).parse(folded.as_str()).ok()?;
    Some(match parsed {
        None => Ok((Value::Placeholder, None)),
        Some((digits, unit)) => {
            let digits = if digits.contains(['−', ',']) {
                Cow::Owned(digits.replace('−', "-").replace(',', ""))
            } else {
                Cow::Borrowed(digits)
            };
            match Number::parse_ascii(&digits) {
                Some(n) => Ok((Value::Number(n), unit)),
                None => Err(ValueError::Overflow),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(String, Option<Unit>)> {
        match parse_value(s)? {
            Ok((Value::Number(n), u)) => Some((n.to_string(), u)),
            _ => None,
        }
    }

    #[test]
    fn numbers_with_width_sign_and_unit() {
        assert_eq!(num("0"), Some(("0".into(), None)));
        assert_eq!(num("１２"), Some(("12".into(), None)));
        assert_eq!(num("-8"), Some(("-8".into(), None)));
        assert_eq!(num("－8"), Some(("-8".into(), None)));
        assert_eq!(num("251000元"), Some(("251000".into(), Some(Unit::Yuan))));
        assert_eq!(
            num("160.5964万元"),
            Some(("160.5964".into(), Some(Unit::TenThousandYuan)))
        );
        assert_eq!(num("\u{3000}0 "), Some(("0".into(), None)));
    }

    #[test]
    fn placeholders_and_blank_are_not_zero() {
        for p in ["/", "／", "-", "—", "--", "——", "－－", "空", "无"] {
            assert_eq!(parse_value(p), Some(Ok((Value::Placeholder, None))), "{p}");
        }
        assert_eq!(parse_value("\u{a0}"), Some(Ok((Value::Blank, None))));
    }

    #[test]
    fn labels_are_not_values() {
        for l in ["1.属于国家秘密", "规章", "3.其他", "0件申请", "2023年"] {
            assert_eq!(parse_value(l), None, "{l}");
        }
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(num("447,228"), Some(("447228".into(), None)));
        assert_eq!(num("1,234.5"), Some(("1234.5".into(), None)));
        assert_eq!(parse_value("1,23"), None);
    }

    #[test]
    fn overflow_is_reported() {
        assert_eq!(
            parse_value("123456789012345678901234"),
            Some(Err(ValueError::Overflow))
        );
    }
}
