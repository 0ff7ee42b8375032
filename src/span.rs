//! Byte spans and the line index that turns them into lines and columns.

use std::fmt;

/// A range of **bytes** in the parsed input: `start` is inclusive, `end` exclusive.
///
/// Every node of the tree carries one, so `&input[span.range()]` is the exact text the node
/// was read from. Offsets always fall on `char` boundaries of the input handed to
/// [`parse`](crate::parse). Lines and columns are not stored; ask a [`LineIndex`] for them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` (inclusive) to `end` (exclusive), in bytes.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn empty(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The span as a `Range<usize>` for slicing.
    pub const fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `other` lies inside `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers in `source`, or `None` when it is out of bounds or not on
    /// `char` boundaries.
    pub fn slice<'a>(&self, source: &'a str) -> Option<&'a str> {
        source.get(self.range())
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column.
///
/// The column counts Unicode scalar values (`char`s) from the start of the line, not bytes and
/// not display width: `二、主动公开` has `主` at column 3, although a terminal draws it in cell 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column in chars, from 1.
    pub column: usize,
}

/// Start offsets of every line of a text, for turning byte offsets into [`LineCol`]s.
///
/// Lines end at `\n`, `\r\n` or a bare `\r` (some PDF extractions use it). Building the index is
/// one pass over the text; each lookup is a binary search plus a count of the chars before the
/// offset on its line.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// Number of lines (an empty text has one empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line of byte `offset` (offsets past the end are on the last line).
    pub(crate) fn line_number(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// Line and char column of byte `offset` in `text` (the text this index was built from).
    /// Offsets past the end are clamped; an offset inside a char counts as that char.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let column = text
            .get(start..)
            .map(|rest| {
                rest.char_indices()
                    .take_while(|(i, _)| start + i < offset)
                    .count()
            })
            .unwrap_or(0);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The span of line `line` (1-based) without its terminator, or `None` past the end.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let mut end = self.starts.get(line).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Some(Span::new(start, end))
    }
}

/// A piece of the input: the text exactly as it stands, and where.
///
/// For every `Text`, `&input[span.range()] == text`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Text<'a> {
    /// The text, a slice of the input.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
}

impl<'a> Text<'a> {
    /// A text from the input slice it is and its span.
    pub const fn new(text: &'a str, span: Span) -> Self {
        Text { text, span }
    }

    /// The text.
    pub const fn as_str(&self) -> &'a str {
        self.text
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{:?}", self.text, self.span)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let text = "第一行\n二、主动公开";
        let idx = LineIndex::new(text);
        let offset = text.find('主').unwrap();
        assert_eq!(offset, 16);
        assert_eq!(idx.line_col(text, offset), LineCol { line: 2, column: 3 });
    }

    #[test]
    fn bare_cr_and_crlf_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, text.find('c').unwrap()).line, 3);
        assert_eq!(
            idx.line_span(text, 1).and_then(|s| s.slice(text)),
            Some("a")
        );
        assert_eq!(
            idx.line_span(text, 4).and_then(|s| s.slice(text)),
            Some("d")
        );
    }

    #[test]
    fn span_debug_and_slice() {
        let s = Span::new(0, 3);
        assert_eq!(format!("{s:?}"), "0..3");
        assert_eq!(s.slice("规章x"), Some("规"));
        assert_eq!(Span::new(0, 2).slice("规章"), None);
    }
}
