//! Text normalisation: what "matched by meaning" means for labels.
//!
//! Labels are compared through [`key`]: full-width ASCII folded to half-width, then everything
//! but letters and digits (CJK included) dropped. `（二）部分公开` and `(二) 部分 公开` have the
//! same key, and so do `规 章` and `规章`.

use crate::span::Span;

/// Whether `c` is white space as scraped reports use it: ASCII and Unicode spaces, U+3000,
/// NBSP, and the invisible BOM / zero-width characters that converters leave behind.
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// `s` with blank characters trimmed on both sides, and the span of what is left, given the span
/// `span` of `s` itself.
pub(crate) fn trim_spanned(s: &str, span: Span) -> (&str, Span) {
    let start_trimmed = s.trim_start_matches(is_blank);
    let lead = s.len() - start_trimmed.len();
    let trimmed = start_trimmed.trim_end_matches(is_blank);
    let start = span.start + lead;
    (trimmed, Span::new(start, start + trimmed.len()))
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, U+3000 to a space, and the dash and bracket
/// variants that reports mix to one form.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '〔' | '【' | '［' => '[',
        '〕' | '】' | '］' => ']',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' => ' ',
        _ => c,
    }
}

/// The comparison key of a label: folded, lower-cased, only letters and digits kept.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(key_chars(s));
    out
}

/// The chars of [`key`]`(s)`, without building it.
pub(crate) fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(|c| {
        let c = fold_char(c);
        // Ideographs and ASCII, nearly all of a report, skip the Unicode tables.
        let (one, more) = if is_han(c) {
            (Some(c), None)
        } else if c.is_ascii() {
            (
                c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase()),
                None,
            )
        } else if c.is_alphanumeric() {
            let mut lower = c.to_lowercase();
            (lower.next(), Some(lower))
        } else {
            (None, None)
        };
        one.into_iter().chain(more.into_iter().flatten())
    })
}

/// Whether [`key`]`(s)` starts with `prefix` (a key itself), reading only as much of `s` as
/// that takes.
pub(crate) fn key_starts_with(s: &str, prefix: &str) -> bool {
    let mut k = key_chars(s);
    prefix.chars().all(|p| k.next() == Some(p))
}

/// Whether `c` is a CJK ideograph (the basic block and extension A are enough for labels).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Whether a line is shaped like a report title (see the grammar's title rule).
#[cfg(feature = "html")]
pub(crate) fn is_title_line_text(text: &str) -> bool {
    crate::grammar::title::is_title_line(text)
}

/// Value of a Chinese numeral as used to number parts and groups (`一` … `二十`).
pub(crate) fn cjk_numeral_value(s: &str) -> Option<u8> {
    fn digit(c: char) -> Option<u8> {
        Some(match c {
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_width_space_and_punctuation() {
        assert_eq!(key("（二）部分公开"), key("(二) 部分 公开"));
        assert_eq!(key("规 章"), "规章");
        assert_eq!(key("第二十条第（一）项"), key("第二十条  第(一)项"));
        assert_eq!(key("危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(key("ＡＢ１２"), "ab12");
        assert_eq!(key("Ⅻ ÉCOLE İ"), "ⅻécolei\u{307}");
        assert!(key_starts_with("（二）部分 公开", "二部分"));
        assert!(!key_starts_with("（二）部分", "二部分公开"));
    }

    #[test]
    fn trims_cjk_blanks_with_span() {
        let s = "\u{3000} 规章\u{a0}";
        let (t, sp) = trim_spanned(s, Span::new(10, 10 + s.len()));
        assert_eq!(t, "规章");
        assert_eq!(sp, Span::new(14, 20));
    }

    #[test]
    fn cjk_numerals() {
        assert_eq!(cjk_numeral_value("六"), Some(6));
        assert_eq!(cjk_numeral_value("十"), Some(10));
        assert_eq!(cjk_numeral_value("十二"), Some(12));
        assert_eq!(cjk_numeral_value("二十"), Some(20));
        assert_eq!(cjk_numeral_value("零"), None);
    }
}
