//! Cutting a crawler's one-line body into lines.
//!
//! Crawlers often save a page's whole text on one line: the lead, the part headings, the tables
//! with their cells glued together, the signature. Such a line is cut before every part heading
//! (`二、主动公开政府信息情况`, recognised by its words), after the heading's words, and before
//! every table anchor (`第二十条第（一）项`, `（本列数据的勾稽关系…）`), so that the rest of the
//! grammar sees the lines a clean copy would have.

use super::Input;
use super::heading::part_kind;
use super::lines::Line;
use super::title::is_title_line;
use crate::ast::PartKind;
use crate::span::Span;
use crate::text::{is_blank, key, trim_spanned};

/// Lines longer than this (in bytes) are looked at for glued headings and tables.
const LONG_LINE: usize = 300;

fn is_part_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六')
}

/// If a part heading starts at byte `i` of `t`, the byte where its words end.
///
/// `glued_heading := [一-六] "、" word_char{1,30}? ("情况" | "事项" | "措施")` where word chars are
/// neither blank nor digits, and the words name one of the six parts.
fn heading_end(t: &str, i: usize) -> Option<usize> {
    let rest = t.get(i..)?;
    let mut chars = rest.char_indices();
    let (_, n) = chars.next()?;
    if !is_part_numeral(n) {
        return None;
    }
    let (_, d) = chars.next()?;
    if d != '、' {
        return None;
    }
    let title_start = i + n.len_utf8() + d.len_utf8();
    let title = t.get(title_start..)?;
    for (count, (j, c)) in title.char_indices().enumerate() {
        if is_blank(c) || c.is_ascii_digit() || count > 30 {
            return None;
        }
        let upto = &title[..j + c.len_utf8()];
        if upto.ends_with("情况") || upto.ends_with("事项") || upto.ends_with("措施") {
            let k = key(upto);
            if part_kind(&k) == PartKind::Unknown || super::is_table_label(&k) {
                return None;
            }
            return Some(title_start + j + c.len_utf8());
        }
    }
    None
}

/// Byte offsets in `t` where a new line starts.
fn cuts(t: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // A title opening the body: `…工作年度报告 根据《条例》…`.
    if let Some(end) = t.find(is_blank)
        && is_title_line(&t[..end])
    {
        out.push(end);
    }
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (i, c) in t.char_indices() {
        if i < skip_to {
            prev = Some(c);
            continue;
        }
        if is_part_numeral(c) && !prev.is_some_and(|p| p == '第' || is_part_numeral(p)) {
            if let Some(end) = heading_end(t, i) {
                out.push(i);
                out.push(end);
                skip_to = end;
            }
        } else if (c == '第' && t[i..].starts_with("第二十条"))
            || (matches!(c, '（' | '(') && t[i + c.len_utf8()..].starts_with("本列数据"))
        {
            out.push(i);
        }
        prev = Some(c);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The lines of `lines`, with every long line cut at glued headings and tables.
pub(crate) fn segment_lines<'a>(lines: Vec<Line<'a>>) -> Vec<Line<'a>> {
    if lines
        .iter()
        .all(|l| l.text.len() <= LONG_LINE || l.text.contains('\t'))
    {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.text.len() <= LONG_LINE || line.text.contains('\t') {
            out.push(line);
            continue;
        }
        let t = line.text;
        let mut bounds = cuts(t);
        bounds.retain(|b| *b > 0 && *b < t.len());
        if bounds.is_empty() {
            out.push(line);
            continue;
        }
        bounds.push(t.len());
        let mut start = 0;
        let mut rest: Input<'a> = line.input;
        for end in bounds {
            let piece = &t[start..end];
            let (text, span) = trim_spanned(
                piece,
                Span::new(line.span.start + start, line.span.start + end),
            );
            // Advance the located input to this piece (linear: only the skipped bytes are scanned).
            let lead = span.start - (line.span.start + start);
            let input = super::lines::located_sub(rest, lead, text.len());
            rest =
                super::lines::located_sub(rest, piece.len(), rest.fragment().len() - piece.len());
            if !text.is_empty() {
                out.push(Line { text, span, input });
            }
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    #[test]
    fn cuts_a_glued_body() {
        let body = format!(
            "某区2022年政府信息公开工作年度报告 根据《条例》编制。{} 一、总体情况 2022年，本区依法公开。 二、主动公开政府信息情况第二十条第（一）项 信息内容 规章000 三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 一、本年新收政府信息公开申请数量 713000074四、结转下年度继续办理 0000000 四、政府信息公开行政复议、行政诉讼情况行政复议 0 0 六、其他需要报告的事项 无。",
            "说明".repeat(60)
        );
        let lines = segment_lines(split_lines(&body));
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts[0], "某区2022年政府信息公开工作年度报告");
        assert!(texts.contains(&"一、总体情况"));
        assert!(texts.contains(&"二、主动公开政府信息情况"));
        assert!(texts.contains(&"第二十条第（一）项 信息内容 规章000"));
        assert!(texts.contains(&"四、政府信息公开行政复议、行政诉讼情况"));
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("（本列数据")
                    && t.contains("713000074四、结转下年度继续办理"))
        );
        for l in &lines {
            assert_eq!(l.span.slice(&body), Some(l.text));
            assert_eq!(*l.input.fragment(), l.text);
            assert_eq!(l.input.location_offset(), l.span.start);
        }
    }
}
