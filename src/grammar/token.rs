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
use crate::text::trim_spanned;

/// One non-empty cell.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) span: Span,
    /// Index of the line it is on (in the slice of lines that was tokenised).
    pub(crate) line: usize,
    pub(crate) kind: TokenKind,
}

#[derive(Clone, Debug)]
pub(crate) enum TokenKind {
    /// A value cell: a number, or a placeholder.
    Value(Value, Option<Unit>),
    /// A number too long to hold.
    Overflow,
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
        matches!(self.kind, TokenKind::Value(..) | TokenKind::Overflow)
    }
}

/// Cells longer than this (in bytes) are prose, never a label of the template: their key is
/// not computed, which keeps long paragraphs cheap.
const MAX_LABEL_BYTES: usize = 240;

fn token<'a>(text: &'a str, span: Span, line: usize) -> Token<'a> {
    let kind = match parse_value(text) {
        Some(Ok((v, u))) => TokenKind::Value(v, u),
        Some(Err(ValueError::Overflow)) => TokenKind::Overflow,
        None if text.len() > MAX_LABEL_BYTES => TokenKind::Label(String::new()),
        None => TokenKind::Label(label_key(text)),
    };
    Token {
        text,
        span,
        line,
        kind,
    }
}

/// Whether a markdown row is a separator (`|---|:--:|`).
fn is_md_separator(fields: &[&str]) -> bool {
    fields.iter().all(|f| {
        let t = f.trim();
        t.is_empty() || t.chars().all(|c| matches!(c, '-' | ':' | ' '))
    }) && fields.iter().any(|f| f.contains('-'))
}

/// Split one line into tokens and append them to `out`.
///
/// `cell_line := field ("\t" field)*` for tab-separated text; `md_row := "|" field ("|" field)* "|"?`
/// for markdown tables (separator rows yield nothing); any other line is one field.
pub(crate) fn tokenize_line<'a>(line: &Line<'a>, index: usize, out: &mut Vec<Token<'a>>) {
    if line.is_blank() {
        return;
    }
    let text = line.text;
    let base = line.span.start;
    let sep = if text.contains('\t') {
        Some('\t')
    } else if text.starts_with('|') && text.len() > 1 {
        Some('|')
    } else {
        None
    };
    let Some(sep) = sep else {
        out.push(token(text, line.span, index));
        return;
    };
    if sep == '|' {
        let inner: Vec<&str> = text.split('|').collect();
        if is_md_separator(&inner) {
            return;
        }
    }
    let mut offset = 0;
    for field in text.split(sep) {
        let span = Span::new(base + offset, base + offset + field.len());
        offset += field.len() + sep.len_utf8();
        let (t, s) = trim_spanned(field, span);
        if !t.is_empty() {
            out.push(token(t, s, index));
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
