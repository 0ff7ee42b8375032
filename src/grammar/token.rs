//! Table cells as a stream of tokens.
//!
//! Tables reach nianbao in many layouts: tab-separated with merged cells as runs of empty
//! fields, one cell per line, markdown pipe rows. All of them become one stream of non-empty
//! cells, each a value or a label, and the table grammars read that stream. Empty fields are
//! dropped, so a merged cell and a missing tab look the same; rows are told apart by their
//! labels, never by their position on a line.

use super::heading::label_key;
use super::lines::Line;
use super::value::{ValueError, parse_value};
use crate::ast::{Unit, Value};
use crate::span::{Span, Text};
use crate::text::{is_blank, trim_spanned};

/// One non-empty cell.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) span: Span,
    /// Index of the line it is on (in the slice of lines that was tokenised).
    pub(crate) line: usize,
    /// How the cell was cut from its line.
    pub(crate) how: Cut,
    pub(crate) kind: TokenKind<'a>,
}

/// How a cell was cut from its line: the layout it was printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The whole line.
    Line,
    /// A tab-separated field.
    Tab,
    /// A cell of a markdown pipe row: such a row is complete in itself, so values in it never
    /// take a label from another line.
    Pipe,
    /// A part of a field split at blanks (`规章 1 0 11`, PDF text).
    Blank,
    /// Cut from text glued together (crawler text).
    Glued,
}

#[derive(Clone, Debug)]
pub(crate) enum TokenKind<'a> {
    /// A value cell: a number, or a placeholder.
    Value(Value, Option<Unit>),
    /// A number too long to hold.
    Overflow,
    /// A run of digits holding one or more values printed without separators
    /// (`713000074`, `230 000023`). Its pieces are the parts between blanks: a blank always
    /// separates two values, but one piece may hold several.
    Glued(Vec<Text<'a>>),
    /// Anything else, with its key (see [`label_key`]).
    Label(String),
}

impl<'a> Token<'a> {
    pub(crate) fn as_text(&self) -> Text<'a> {
        Text::new(self.text, self.span)
    }

    pub(crate) fn label(&self) -> Option<&str> {
        match &self.kind {
            TokenKind::Label(k) => Some(k),
            _ => None,
        }
    }

    pub(crate) fn is_value(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Value(..) | TokenKind::Overflow | TokenKind::Glued(_)
        )
    }
}

/// Cells longer than this (in bytes) are prose, never a label of the template: their key is
/// not computed, which keeps long paragraphs cheap.
const MAX_LABEL_BYTES: usize = 240;

fn token<'a>(text: &'a str, span: Span, line: usize) -> Token<'a> {
    if text == "\u{e000}" {
        // An empty cell of an HTML table, kept in its place (see `html::BLANK_CELL`). The marker
        // maps to no byte of the page, so the cell's span there is empty.
        return Token {
            text,
            span,
            line,
            how: Cut::Line,
            kind: TokenKind::Value(Value::Blank, None),
        };
    }
    let kind = match parse_value(text) {
        Some(Ok((v, u))) if !is_glued_digits(text) => TokenKind::Value(v, u),
        Some(Ok(_)) => TokenKind::Glued(vec![Text::new(text, span)]),
        Some(Err(ValueError::Overflow)) if text.chars().all(|c| c.is_ascii_digit()) => {
            TokenKind::Glued(vec![Text::new(text, span)])
        }
        Some(Err(ValueError::Overflow)) => TokenKind::Overflow,
        None if text.len() > MAX_LABEL_BYTES => TokenKind::Label(String::new()),
        None => TokenKind::Label(label_key(text)),
    };
    Token {
        text,
        span,
        line,
        how: Cut::Line,
        kind,
    }
}

/// `00`, `023`: digits with a leading zero are never one printed number; they are values run
/// together.
fn is_glued_digits(text: &str) -> bool {
    text.len() > 1 && text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a markdown row is a separator (`|---|:--:|`).
fn is_md_separator(fields: &[&str]) -> bool {
    fields.iter().all(|f| {
        let t = f.trim();
        t.is_empty() || t.chars().all(|c| matches!(c, '-' | ':' | ' '))
    }) && fields.iter().any(|f| f.contains('-'))
}

/// `page_footer := dash blank* digit+ blank* dash | "第" blank* digit+ blank* "页" (blank* "共" blank* digit+ blank* "页")?`
/// Page numbers that PDF extraction leaves inside tables (`- 3 -`, `— 3 —`, `第 3 页`).
pub(crate) fn is_page_footer(text: &str) -> bool {
    if text.len() > 40
        || !text
            .trim_start_matches(is_blank)
            .starts_with(['-', '—', '–', '－', '―', '第'])
    {
        return false;
    }
    let t: String = text.chars().filter(|c| !is_blank(*c)).collect();
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
    if let Some(inner) = t.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
        return !inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit());
    }
    if let Some(inner) = t.strip_prefix('第') {
        let (num, rest) = inner.split_at(inner.find('页').unwrap_or(inner.len()));
        let rest = rest.strip_prefix('页').unwrap_or("x");
        let ok_rest = rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        return !num.is_empty()
            && num.len() <= 4
            && num.bytes().all(|b| b.is_ascii_digit())
            && ok_rest;
    }
    false
}

/// The blank-separated parts of `text`, with their spans.
fn words(text: &str, span: Span) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_blank(c), start) {
            (true, Some(s)) => {
                out.push((&text[s..i], Span::new(span.start + s, span.start + i)));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((
            &text[s..],
            Span::new(span.start + s, span.start + text.len()),
        ));
    }
    out
}

/// `field := label? (blank+ value)*`: a label followed by blank-separated values (PDF text,
/// `行政许可 97`, `规章 1 0 11`), or only values (`72 64 178 37`). Values with a leading zero
/// (`00`, `023`) are glued and kept together in one [`TokenKind::Glued`].
fn push_field<'a>(text: &'a str, span: Span, line: usize, out: &mut Vec<Token<'a>>) {
    // Page numbers, and cell separators standing alone (`|` on its own line).
    if is_page_footer(text)
        || text
            .chars()
            .all(|c| matches!(c, '|' | '｜' | '¦') || is_blank(c))
    {
        return;
    }
    if is_glued_text(text) {
        push_glued(text, span, line, out);
        return;
    }
    let parts = words(text, span);
    if parts.len() <= 1 {
        out.push(token(text, span, line));
        return;
    }
    let numeric = |t: &str| {
        matches!(
            parse_value(t),
            Some(Ok((Value::Number(_) | Value::Placeholder, _))) | Some(Err(_))
        )
    };
    let first_value = parts
        .iter()
        .rposition(|(t, _)| !numeric(t))
        .map_or(0, |i| i + 1);
    if first_value == parts.len() {
        out.push(token(text, span, line));
        return;
    }
    let first_new = out.len();
    let mut values: Vec<(&str, Span)> = parts[first_value..].to_vec();
    if first_value > 0 {
        let (last, last_span) = parts[first_value - 1];
        // `总计23 0 00`: digits run into the label's last word start the values.
        let digits = last.len() - last.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let mut label_end = last_span.end;
        if digits > 0
            && digits < last.len()
            && last[..last.len() - digits].ends_with(crate::text::is_han)
        {
            label_end -= digits;
            values.insert(
                0,
                (
                    &last[last.len() - digits..],
                    Span::new(label_end, last_span.end),
                ),
            );
        }
        let label = &text[..label_end - span.start];
        out.push(token(label, Span::new(span.start, label_end), line));
    }
    let values = &values[..];
    if values.iter().any(|(t, _)| is_glued_digits(t)) {
        let s = values[0].1.join(values[values.len() - 1].1);
        let t = &text[s.start - span.start..s.end - span.start];
        out.push(Token {
            text: t,
            span: s,
            line,
            how: Cut::Line,
            kind: TokenKind::Glued(values.iter().map(|(t, s)| Text::new(t, *s)).collect()),
        });
    } else {
        for (t, s) in values {
            out.push(token(t, *s, line));
        }
    }
    for t in &mut out[first_new..] {
        t.how = Cut::Blank;
    }
}

/// Whether a field is table text glued together by a crawler: it opens with a table's anchor
/// and has digits run into words (`规章000行政规范性文件…`).
fn is_glued_text(text: &str) -> bool {
    const ANCHORS: [&str; 4] = ["第二十条第", "本列数据的勾稽关系", "申请人情况", "行政复议"];
    let head = text.get(..text.len().min(120)).unwrap_or(text);
    let first = crate::text::key_chars(head).next();
    let starts_table = ANCHORS
        .iter()
        .filter(|a| a.chars().next() == first)
        .any(|a| crate::text::key_starts_with(head, a));
    if !starts_table {
        return false;
    }
    // Digits run into words: `规章000`, `74二、`, `16.属于`.
    let chars: Vec<char> = text.chars().take(4000).collect();
    let digit = |c: char| c.is_ascii_digit();
    let han = crate::text::is_han;
    chars.windows(2).any(|w| {
        (digit(w[1]) && han(w[0]))
            || (digit(w[0]) && han(w[1]) && !matches!(w[1], '元' | '万' | '年' | '月' | '日'))
    }) || chars
        .windows(3)
        .any(|w| digit(w[0]) && matches!(w[1], '.' | '、') && han(w[2]))
}

/// `glued := (number_run | label_run)*` where a number run is digits with blanks, `.`, and a
/// trailing `元`/`万元`; an enumerator (`6.`) run into the next label is given back to it; label
/// runs are cut at blanks and at the template's phrases.
fn push_glued<'a>(text: &'a str, span: Span, line: usize, out: &mut Vec<Token<'a>>) {
    let first_new = out.len();
    push_glued_cells(text, span, line, out);
    for t in &mut out[first_new..] {
        t.how = Cut::Glued;
    }
}

fn push_glued_cells<'a>(text: &'a str, span: Span, line: usize, out: &mut Vec<Token<'a>>) {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let n = bytes.len();
    let at = |k: usize| bytes.get(k).map_or(text.len(), |(i, _)| *i);
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut k = 0;
    let mut label_start = 0;
    while k < n {
        let c = bytes[k].1;
        let starts_number = is_digit(c)
            || (matches!(c, '-' | '－') && bytes.get(k + 1).is_some_and(|(_, d)| is_digit(*d)));
        if !starts_number {
            k += 1;
            continue;
        }
        // A number run: digits, blanks, points, and a unit right after a digit.
        let mut j = k + 1;
        while j < n {
            let d = bytes[j].1;
            let prev = bytes[j - 1].1;
            if is_digit(d)
                || is_blank(d)
                || (d == '.' && bytes.get(j + 1).is_some_and(|(_, e)| is_digit(*e)))
            {
                j += 1;
            } else if d == '元' && is_digit(prev) {
                j += 1;
                break;
            } else if d == '万'
                && is_digit(prev)
                && bytes.get(j + 1).is_some_and(|(_, e)| *e == '元')
            {
                j += 2;
                break;
            } else {
                break;
            }
        }
        // An enumerator run into the next label: `…0000002.其他…` or `…1、申请人…`.
        let mut end = j;
        if j < n && matches!(bytes[j].1, '.' | '．' | '、') && end > k + 1 {
            end -= 1;
        } else if j < n && matches!(bytes[j].1, '.' | '．' | '、') {
            // The whole run is the enumerator.
            k = j;
            continue;
        }
        // Trim blanks at the end of the run.
        while end > k && is_blank(bytes[end - 1].1) {
            end -= 1;
        }
        push_labels(text, span, label_start, at(k), line, out);
        let (s, e) = (at(k), at(end));
        let run = &text[s..e];
        let run_span = Span::new(span.start + s, span.start + e);
        let pieces: Vec<Text<'a>> = words(run, run_span)
            .into_iter()
            .map(|(t, s)| Text::new(t, s))
            .collect();
        out.push(Token {
            text: run,
            span: run_span,
            line,
            how: Cut::Line,
            kind: TokenKind::Glued(pieces),
        });
        label_start = at(end);
        k = end;
    }
    push_labels(text, span, label_start, text.len(), line, out);
}

/// Label tokens for `text[from..to]`, cut at blanks and template phrases.
fn push_labels<'a>(
    text: &'a str,
    span: Span,
    from: usize,
    to: usize,
    line: usize,
    out: &mut Vec<Token<'a>>,
) {
    let Some(run) = text.get(from..to) else {
        return;
    };
    for (w, ws) in words(run, Span::new(span.start + from, span.start + to)) {
        for (a, b) in super::vocab::cut_labels(w) {
            let t = &w[a..b];
            out.push(token(t, Span::new(ws.start + a, ws.start + b), line));
        }
    }
}

/// Split one line into tokens and append them to `out`.
///
/// `cell_line := field ("\t" field)*` for tab-separated text; `md_row := "|" field ("|" field)* "|"?`
/// for markdown tables (separator rows yield nothing); any other line is one field. Each field
/// is read by `field` (see [`push_field`]).
pub(crate) fn tokenize_line<'a>(line: &Line<'a>, index: usize, out: &mut Vec<Token<'a>>) {
    if line.is_blank() {
        return;
    }
    let text = line.text;
    let base = line.span.start;
    let sep = if text.contains('\t') {
        Some('\t')
    } else if (text.starts_with('|') && text.len() > 1)
        || text.matches('|').count() >= 2
        || text.matches('｜').count() >= 2
        || ((text.contains('|') || text.contains('｜')) && text.chars().count() <= 60)
    {
        Some(if text.contains('|') { '|' } else { '｜' })
    } else {
        None
    };
    let Some(sep) = sep else {
        push_field(text, line.span, index, out);
        return;
    };
    if sep == '|' || sep == '｜' {
        let inner: Vec<&str> = text.split(sep).collect();
        if is_md_separator(&inner) {
            return;
        }
    }
    let mut offset = 0;
    let first = out.len();
    for field in text.split(sep) {
        let span = Span::new(base + offset, base + offset + field.len());
        offset += field.len() + sep.len_utf8();
        let (t, s) = trim_spanned(field, span);
        if !t.is_empty() {
            push_field(t, s, index, out);
        }
    }
    let how = if sep == '\t' { Cut::Tab } else { Cut::Pipe };
    for t in &mut out[first..] {
        if t.how == Cut::Line {
            t.how = how;
        }
    }
}

/// Tokens of `lines`, and for each line the index of its first token (plus one past the end).
pub(crate) fn tokenize<'a>(lines: &[Line<'a>]) -> (Vec<Token<'a>>, Vec<usize>) {
    let mut toks = Vec::new();
    let mut starts = Vec::with_capacity(lines.len() + 1);
    for (i, line) in lines.iter().enumerate() {
        starts.push(toks.len());
        tokenize_line(line, i, &mut toks);
    }
    starts.push(toks.len());
    (toks, starts)
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    #[test]
    fn tabs_markdown_and_plain_lines() {
        let src = "规章\t0\t\t/\n| 行政许可 | 5 |\n|---|---|\n（一）予以公开";
        let lines = split_lines(src);
        let (toks, starts) = tokenize(&lines);
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["规章", "0", "/", "行政许可", "5", "（一）予以公开"]);
        assert_eq!(starts, [0, 3, 5, 5, 6]);
        for t in &toks {
            assert_eq!(t.span.slice(src), Some(t.text));
        }
        assert_eq!(toks[5].label(), Some("予以公开"));
        assert!(toks[2].is_value());
    }
}

#[cfg(test)]
mod layout_tests {
    use super::super::lines::split_lines;
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        let lines = split_lines(src);
        let (toks, _) = tokenize(&lines);
        toks.iter()
            .map(|t| match &t.kind {
                TokenKind::Label(_) => format!("L:{}", t.text),
                TokenKind::Value(..) | TokenKind::Overflow => format!("V:{}", t.text),
                TokenKind::Glued(p) => format!(
                    "G:{}",
                    p.iter().map(|p| p.text).collect::<Vec<_>>().join("|")
                ),
            })
            .collect()
    }

    #[test]
    fn label_then_blank_separated_values() {
        assert_eq!(kinds("规章 1 0 11"), ["L:规章", "V:1", "V:0", "V:11"]);
        assert_eq!(kinds("72 64 178"), ["V:72", "V:64", "V:178"]);
        assert_eq!(kinds("结果 维持"), ["L:结果 维持"]);
        assert_eq!(
            kinds("（七）总计23 0 00 0 023"),
            ["L:（七）总计", "G:23|0|00|0|023"]
        );
        assert_eq!(
            kinds("（七）总计 23 0 00 0 023"),
            ["L:（七）总计", "G:23|0|00|0|023"]
        );
    }

    #[test]
    fn flattened_pipe_rows() {
        assert_eq!(kinds("规章 | 0 | 1 | 2"), ["L:规章", "V:0", "V:1", "V:2"]);
        assert_eq!(kinds("规章\n|\n0\n｜\n1"), ["L:规章", "V:0", "V:1"]);
        assert_eq!(kinds("行政许可 | 1,234"), ["L:行政许可", "V:1,234"]);
    }

    #[test]
    fn page_footers_are_not_cells() {
        for f in ["- 3 -", "— 12 —", "第 3 页", "第3页共10页"] {
            assert!(is_page_footer(f), "{f}");
        }
        assert!(!is_page_footer("-3"));
        assert_eq!(
            kinds("规章 1\n- 3 -\n行政许可 2"),
            ["L:规章", "V:1", "L:行政许可", "V:2"]
        );
    }

    #[test]
    fn glued_crawler_text() {
        assert_eq!(
            kinds(
                "第二十条第（一）项 信息内容 本年制发件数 规章000行政规范性文件8855698第二十条第（八）项行政事业性收费9116.36 "
            ),
            [
                "L:第二十条第（一）项",
                "L:信息内容",
                "L:本年制发件数",
                "L:规章",
                "G:000",
                "L:行政规范性文件",
                "G:8855698",
                "L:第二十条第（八）项",
                "L:行政事业性收费",
                "G:9116.36"
            ]
        );
        assert_eq!(
            kinds(
                "申请人情况 自然人 法人或其他组织 总计 5.属于三类内部事务信息 10000016.属于四类过程性信息 2000002"
            ),
            [
                "L:申请人情况",
                "L:自然人",
                "L:法人或其他组织",
                "L:总计",
                "L:5.属于三类内部事务信息",
                "G:1000001",
                "L:6.属于四类过程性信息",
                "G:2000002"
            ]
        );
        let k = kinds(
            "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购13575394432.52元三、收到",
        );
        assert!(k.contains(&"G:13575394432.52元".to_string()), "{k:?}");
    }
}
