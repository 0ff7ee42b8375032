//! Lines and their classification helpers.

use nom::branch::alt;
use nom::bytes::complete::{is_not, tag};
use nom::combinator::opt;
use nom::{IResult, Parser};

use super::Input;
use crate::span::Span;
use crate::text::trim_spanned;

/// A line of the input, without its terminator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// The line trimmed of blanks.
    pub(crate) text: &'a str,
    /// Span of `text`.
    pub(crate) span: Span,
    /// `text` as located input, for the line grammars.
    pub(crate) input: Input<'a>,
}

impl Line<'_> {
    pub(crate) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// `line := (!eol any)* eol?` where `eol := "\r\n" | "\n" | "\r"`.
fn line(i: Input<'_>) -> IResult<Input<'_>, Input<'_>> {
    let (i, content) = opt(is_not("\r\n")).parse(i)?;
    let (i, _) = opt(alt((tag("\r\n"), tag("\n"), tag("\r")))).parse(i)?;
    let content = match content {
        Some(c) => c,
        None => {
            // An empty line: an empty slice at the current offset.
            let (_, empty) = nom::bytes::complete::take(0usize).parse(i)?;
            empty
        }
    };
    Ok((i, content))
}

/// The piece of `input` from byte `from` (relative) of length `len`, keeping its location.
/// Costs O(`from` + `len`): only the consumed bytes are scanned for line breaks.
pub(crate) fn located_sub(input: Input<'_>, from: usize, len: usize) -> Input<'_> {
    use nom::Input as _;
    if from > input.fragment().len() || !input.fragment().is_char_boundary(from) {
        return input.take(0);
    }
    let rest = input.take_from(from);
    if len > rest.fragment().len() || !rest.fragment().is_char_boundary(len) {
        return rest;
    }
    rest.take(len)
}

/// Split the input into lines, each with its span. Linear: each slice only counts the line
/// breaks of what it consumed.
pub(crate) fn split_lines(src: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut rest = Input::new(src);
    while !rest.fragment().is_empty() {
        match line(rest) {
            Ok((next, content)) => {
                let start = content.location_offset();
                let raw = *content.fragment();
                let (text, span) = trim_spanned(raw, Span::new(start, start + raw.len()));
                let input = located_sub(content, span.start - start, text.len());
                out.push(Line { text, span, input });
                if next.location_offset() == rest.location_offset() {
                    break;
                }
                rest = next;
            }
            Err(_) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_line_ending() {
        let src = "一\r\n二\r三\n\n四";
        let lines = split_lines(src);
        let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["一", "二", "三", "", "四"]);
        for l in &lines {
            assert_eq!(l.span.slice(src), Some(l.text));
        }
    }

    #[test]
    fn trims_cjk_blanks() {
        let src = "\u{3000}规章\t0\u{a0}\n";
        let lines = split_lines(src);
        assert_eq!(lines[0].text, "规章\t0");
        assert_eq!(lines[0].span.slice(src), Some("规章\t0"));
    }
}
