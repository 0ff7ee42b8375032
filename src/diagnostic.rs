//! Diagnostics: everything the parser could not read, or read with doubt.

use std::fmt;

use crate::span::{LineCol, LineIndex, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Severity {
    /// Something in the input could not be read: cells it concerns are left empty.
    Error,
    /// Read, but with something odd worth a look (a value recovered from arithmetic, an
    /// unknown row skipped, a template older than 2019).
    Warning,
    /// For information only.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Stable diagnostic codes. Match on these strings; the messages may be reworded.
pub mod codes {
    /// Bytes that are not valid in the input's encoding; they were read as U+FFFD.
    pub const INVALID_BYTES: &str = "input.invalid-bytes";
    /// The input holds no text at all.
    pub const EMPTY_INPUT: &str = "input.empty";
    /// No title line (`…政府信息公开工作年度报告`) was found.
    pub const NO_TITLE: &str = "report.no-title";
    /// No reported year could be read from the title or the lead paragraph.
    pub const NO_YEAR: &str = "report.no-year";
    /// None of the six part headings was found.
    pub const NO_PARTS: &str = "report.no-parts";
    /// One of the six parts is missing.
    pub const MISSING_PART: &str = "report.missing-part";
    /// A part heading's numeral is not the one its place calls for.
    pub const PART_NUMBER: &str = "report.part-number";
    /// The tables follow neither the 2019 nor the 2021 template: an older, local template.
    pub const LEGACY_TEMPLATE: &str = "template.legacy";
    /// No table of either template was found, so the template is unknown.
    pub const UNKNOWN_TEMPLATE: &str = "template.unknown";
    /// Tables of both templates appear in one report.
    pub const MIXED_TEMPLATE: &str = "template.mixed";
    /// One of the three tables (二, 三, 四) was not found.
    pub const MISSING_TABLE: &str = "table.missing";
    /// A row label inside a table that matches no template row; its values were not used.
    pub const UNKNOWN_ROW: &str = "table.unknown-row";
    /// A template row that a table lacks; its cells are empty.
    pub const MISSING_ROW: &str = "table.missing-row";
    /// A row appears twice; the second one was not used.
    pub const DUPLICATE_ROW: &str = "table.duplicate-row";
    /// A row has a different number of values than the table has columns, and the cells could
    /// not be placed; they are left empty.
    pub const CELL_COUNT: &str = "table.cell-count";
    /// A row has fewer values than columns; the table's arithmetic fixed every cell.
    pub const SHORT_ROW_RECOVERED: &str = "table.short-row-recovered";
    /// Cells after the end of a table on the table's last line; they were not read.
    pub const TRAILING_CELLS: &str = "table.trailing-cells";
    /// Digits run together (`713000074`) could not be read as values: more than one reading
    /// satisfies every relation the report fixes, or none does. The cells concerned are empty.
    pub const GLUED_UNRESOLVED: &str = "table.glued-unresolved";
    /// Note: values were read from digits run together, by the table's arithmetic.
    pub const GLUED_READ: &str = "table.glued-read";
    /// Rows of values whose label was lost were placed by their position among the template's
    /// rows.
    pub const ROW_BY_POSITION: &str = "table.row-by-position";
    /// A header cell that is not part of the template's header.
    pub const UNKNOWN_HEADER: &str = "table.unknown-header";
    /// A column header of 第二十条 that matches no template column.
    pub const UNKNOWN_COLUMN: &str = "table.unknown-column";
    /// A column of 第二十条 whose header is printed twice: its values cannot be placed, and the
    /// item's cells are left empty.
    pub const DUPLICATE_COLUMN: &str = "table.duplicate-column";
    /// A value that does not fit in a number (too many digits).
    pub const NUMBER_OVERFLOW: &str = "value.overflow";
}

/// Something the parser could not read, or read with doubt, with where it is.
///
/// Owned and small: it borrows nothing from the input, so it outlives the parse. `Display` shows
/// `line:column` (column in chars), the message, and the source line with a caret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code from [`codes`].
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// The bytes concerned.
    pub span: Span,
    /// Line and column of `span.start`, filled in when the parse finishes.
    pub position: LineCol,
    /// The source line `span.start` is on, cut to a readable length.
    pub source_line: String,
}

impl Diagnostic {
    pub(crate) fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            position: LineCol { line: 0, column: 0 },
            source_line: String::new(),
        }
    }

    pub(crate) fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Self::new(Severity::Error, code, message, span)
    }

    pub(crate) fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Self::new(Severity::Warning, code, message, span)
    }

    /// Fill in line, column and source line from the parsed text.
    #[cfg(test)]
    pub(crate) fn locate(&mut self, source: &str, index: &LineIndex) {
        let position = index.line_col(source, self.span.start);
        self.place(source, index, position);
    }

    /// Fill in `position` and the source line around it.
    fn place(&mut self, source: &str, index: &LineIndex, position: LineCol) {
        self.position = position;
        let line_span = index.line_span(source, position.line).unwrap_or_default();
        let line = line_span.slice(source).unwrap_or("");
        let at = self.span.start.saturating_sub(line_span.start);
        self.source_line = line_excerpt(line, at);
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Fill in line, column and source line of every diagnostic, sorted by start.
///
/// One walk over the text: a diagnostic on the line of the one before it counts only the chars
/// between the two, so a long line holding many diagnostics (a flattened web page) is counted
/// once, not once per diagnostic.
pub(crate) fn locate_all(diagnostics: &mut [Diagnostic], source: &str, index: &LineIndex) {
    let mut previous: Option<(usize, LineCol)> = None;
    for d in diagnostics {
        let offset = d.span.start.min(source.len());
        let position = match previous {
            Some((at, p)) if at <= offset && index.line_number(offset) == p.line => {
                // Chars that start between the two offsets: bytes that do not continue a char.
                let starts = source.as_bytes()[at..offset]
                    .iter()
                    .filter(|b| (**b & 0xC0) != 0x80)
                    .count();
                LineCol {
                    line: p.line,
                    column: p.column + starts,
                }
            }
            _ => index.line_col(source, offset),
        };
        d.place(source, index, position);
        previous = Some((offset, position));
    }
}

/// At most 60 graphemes of `line` around byte `at`, so that a glued one-line page does not
/// print megabytes. Only the excerpt is segmented: its cost does not grow with the line.
fn line_excerpt(line: &str, at: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    const WIDTH: usize = 60;
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let before: usize = line[..at]
        .graphemes(true)
        .rev()
        .take(WIDTH / 3)
        .map(str::len)
        .sum();
    let start = at - before;
    let shown: usize = line[start..]
        .graphemes(true)
        .take(WIDTH)
        .map(str::len)
        .sum();
    let end = start + shown;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&line[start..end]);
    if end < line.len() {
        out.push('…');
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] at line {}, column {}: {}",
            self.severity, self.code, self.position.line, self.position.column, self.message
        )?;
        if !self.source_line.is_empty() {
            write!(f, "\n  | {}", self.source_line)?;
        }
        Ok(())
    }
}

/// The error-severity diagnostics of a parse, returned by
/// [`Parse::into_result`](crate::Parse::into_result).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} error(s) while reading the report; first: {}", .diagnostics.len(), .diagnostics.first().map(|d| d.to_string()).unwrap_or_default())]
pub struct ParseErrors {
    /// Every error-severity diagnostic, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_char_column_and_line() {
        let src = "第一行\n二、主动公开";
        let idx = LineIndex::new(src);
        let at = src.find('主').unwrap();
        let mut d = Diagnostic::error(codes::UNKNOWN_ROW, "unknown row", Span::new(at, at + 3));
        d.locate(src, &idx);
        let shown = d.to_string();
        assert!(
            shown.starts_with("error[table.unknown-row] at line 2, column 3: unknown row"),
            "{shown}"
        );
        assert!(shown.ends_with("| 二、主动公开"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut() {
        let line = "数".repeat(1000);
        let ex = line_excerpt(&line, 499 * '数'.len_utf8());
        assert!(ex.chars().count() <= 62, "{}", ex.chars().count());
        assert!(ex.starts_with('…') && ex.ends_with('…'));
    }
}
