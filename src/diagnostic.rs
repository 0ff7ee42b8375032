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
    pub(crate) fn locate(&mut self, source: &str, index: &LineIndex) {
        self.position = index.line_col(source, self.span.start);
        let line = index
            .line_span(source, self.position.line)
            .and_then(|s| s.slice(source))
            .unwrap_or("");
        self.source_line = line_excerpt(line, self.position.column);
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// At most 60 graphemes of `line` around char column `column`, so that a glued one-line page
/// does not print megabytes.
fn line_excerpt(line: &str, column: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    const WIDTH: usize = 60;
    // Only a window around the column is looked at: a glued one-line page can be megabytes.
    let lead = WIDTH / 3 + 1;
    let mut start_byte = 0;
    let mut skipped = 0;
    if column > lead {
        let skip = column - lead;
        if let Some((i, _)) = line.char_indices().nth(skip) {
            start_byte = i;
            skipped = skip;
        }
    }
    let rest = &line[start_byte..];
    let mut out = String::new();
    if skipped > 0 {
        out.push('…');
    }
    let mut graphemes = rest.graphemes(true);
    for g in graphemes.by_ref().take(WIDTH) {
        out.push_str(g);
    }
    if graphemes.next().is_some() {
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
        let ex = line_excerpt(&line, 500);
        assert!(ex.chars().count() <= 62, "{}", ex.chars().count());
        assert!(ex.starts_with('…') && ex.ends_with('…'));
    }
}
