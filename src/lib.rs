//! # nianbao
//!
//! Reads Chinese government information-disclosure annual reports (政府信息公开工作年度报告)
//! into a span-annotated, zero-copy syntax tree, and gives the report's numbers as typed,
//! canonical cells.
//!
//! Every government body in China publishes such a report each year in a fixed template
//! (国办公开办函〔2021〕30号; for the 2019 and 2020 reports, 〔2019〕60号): six parts, a table
//! of 第二十条 items, a 25×7 matrix of information requests and how they were handled, and a
//! table of administrative reviews and lawsuits. nianbao reads them as scrapers and converters
//! deliver them and tells exactly where every number came from.
//!
//! ## Example
//!
//! ```
//! let text = "\
//! 某县统计局2023年政府信息公开工作年度报告
//! 一、总体情况
//! 本局依法公开政府信息。
//! 二、主动公开政府信息情况
//! 第二十条第（一）项
//! 信息内容\t本年制发件数\t本年废止件数\t现行有效件数
//! 规章\t0\t0\t0
//! 行政规范性文件\t2\t1\t7
//! ";
//! let parse = nianbao::parse(text);
//! let report = parse.report();
//! assert_eq!(report.template, Some(nianbao::Template::V2021));
//! assert_eq!(report.title.year.map(|y| y.value), Some(2023));
//!
//! let cell = report.cell("t2.a20_1.normative.in_force").unwrap();
//! assert_eq!(cell.value().and_then(|n| n.to_i64()), Some(7));
//! // Every number points back to the bytes it was read from.
//! assert_eq!(&text[cell.span().unwrap().range()], "7");
//!
//! // What could not be read is reported, never dropped: here, the missing tables.
//! assert!(parse.diagnostics().iter().any(|d| d.code == "table.missing"));
//! ```
//!
//! ## Characteristics
//!
//! - **Never fails, never panics.** [`parse`] returns the tree it could build plus
//!   [`Diagnostic`]s; [`Parse::into_result`] turns error-severity diagnostics into an error.
//! - **Zero-copy, spanned.** Text in the tree is `&str` borrowed from the input; every node and
//!   cell has a byte [`Span`]. Lines and columns are computed on demand ([`Parse::line_col`]),
//!   the column counted in chars.
//! - **Exact.** Numbers are exact decimals ([`Number`]); blank cells and placeholders (`/`,
//!   `-`, `—`) stay distinct from `0`. A value the parser is unsure of is left empty with a
//!   diagnostic, never guessed.
//! - **Layouts.** Tab-separated text with merged cells as empty fields, one cell per line,
//!   markdown headings and pipe tables, half- and full-width punctuation, web-page chrome
//!   around the report. Labels are matched by meaning, not by exact string or position.
//! - `#![forbid(unsafe_code)]`; time linear in the input.
//!
//! ## Features
//!
//! - `serde` (default): `Serialize` for the tree, diagnostics and cells.
//!
//! ## Cell ids
//!
//! [`Report::cells`] yields every canonical cell of the detected template in the order of the
//! project's `spec/cells.tsv`: 200 ids for the 2021 template, 198 for 2019. The id strings
//! ([`CellId::as_str`]), such as `t3.withheld.state_secret.natural`, are public API.
//!
//! ## Minimum supported Rust version
//!
//! Rust 1.88.
#![forbid(unsafe_code)]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod ast;
mod diagnostic;
mod grammar;
mod number;
mod span;
mod template;
mod text;

pub use ast::{
    Block, Cell, Chrome, ChromeKind, Heading, Paragraph, Part, PartKind, Report, Row, Section,
    SubHeading, Table, TableKind, Title, TitleBlock, Unit, Value, Year,
};
pub use diagnostic::{Diagnostic, ParseErrors, Severity, codes};
pub use number::Number;
pub use span::{LineCol, LineIndex, Span, Text};
pub use template::{CellId, RequestGroup, Template};

/// The result of reading a report: the tree, and the diagnostics for everything that could not
/// be read or was read with doubt.
///
/// A `Parse` always exists, even for input that is not a report at all.
#[derive(Debug, Clone)]
pub struct Parse<'a> {
    source: &'a str,
    report: Report<'a>,
    diagnostics: Vec<Diagnostic>,
    lines: LineIndex,
}

impl<'a> Parse<'a> {
    /// The report tree.
    pub fn report(&self) -> &Report<'a> {
        &self.report
    }

    /// Every diagnostic, in input order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether any diagnostic has error severity.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The text that was parsed.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Line and char column of a byte offset in the parsed text.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(self.source, offset)
    }

    /// The report, or the error-severity diagnostics if there are any.
    pub fn into_result(self) -> Result<Report<'a>, ParseErrors> {
        let errors: Vec<Diagnostic> = self
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if errors.is_empty() {
            Ok(self.report)
        } else {
            Err(ParseErrors {
                diagnostics: errors,
            })
        }
    }

    /// The report and the diagnostics.
    pub fn into_parts(self) -> (Report<'a>, Vec<Diagnostic>) {
        (self.report, self.diagnostics)
    }
}

/// Read a report from its text.
///
/// Accepts what scrapers and converters produce: plain or tab-separated text, one cell per
/// line, markdown. A leading byte-order mark is skipped (spans still count it). Never fails and
/// never panics: problems become [`Diagnostic`]s.
pub fn parse(text: &str) -> Parse<'_> {
    let mut diagnostics = Vec::new();
    let report = grammar::document(text, &mut diagnostics);
    let lines = LineIndex::new(text);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostic::locate_all(&mut diagnostics, text, &lines);
    Parse {
        source: text,
        report,
        diagnostics,
        lines,
    }
}

/// One canonical cell of a report, as yielded by [`Report::cells`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellEntry<'r, 'a> {
    /// The cell's canonical id.
    pub id: CellId,
    /// The table cell it was read from, or `None` when the report does not print it.
    pub cell: Option<&'r Cell<'a>>,
}

impl CellEntry<'_, '_> {
    /// The number, or `None` for a blank, a placeholder, or a cell not printed.
    pub fn value(&self) -> Option<Number> {
        self.cell.and_then(|c| c.value.number())
    }

    /// Where the value was read.
    pub fn span(&self) -> Option<Span> {
        self.cell.map(|c| c.span)
    }
}

impl<'a> Report<'a> {
    /// Every table of the report, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table<'a>> {
        self.preamble
            .iter()
            .chain(self.parts.iter().flat_map(|p| p.blocks.iter()))
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
    }

    /// Every value cell of every table, in input order, with or without an id.
    pub fn all_cells(&self) -> impl Iterator<Item = &Cell<'a>> {
        self.tables().flat_map(|t| {
            t.sections
                .iter()
                .flat_map(|s| s.rows.iter())
                .chain(t.rows.iter())
                .flat_map(|r| r.cells.iter())
        })
    }

    /// Every canonical cell of the detected template, in `cells.tsv` order, each with the table
    /// cell it was read from (if any). Empty when the template is unknown or legacy.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = CellEntry<'_, 'a>> {
        let template = self.template.unwrap_or(Template::Legacy);
        let mut found: Vec<Option<&Cell<'a>>> = vec![None; template.cell_ids().len()];
        for c in self.all_cells() {
            if let Some(id) = c.id.filter(|id| id.template() == template)
                && let Some(slot) = found.get_mut(id.index())
            {
                slot.get_or_insert(c);
            }
        }
        template
            .cell_ids()
            .zip(found)
            .map(|(id, cell)| CellEntry { id, cell })
    }

    /// The canonical cell with id `id` (as in `cells.tsv`), if the template has it.
    pub fn cell(&self, id: &str) -> Option<CellEntry<'_, 'a>> {
        let template = self.template?;
        let id = CellId::lookup(template, id)?;
        self.cells().nth(id.index())
    }
}
