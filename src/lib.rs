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
//! ## From a file to a row of cells and its findings
//!
//! What a batch over thousands of saved reports does for each file: read it whatever its
//! encoding and format, take the canonical cells as one row, and check that the numbers add up.
//!
//! ```
//! # #[cfg(feature = "encoding")] {
//! // Text, markdown or HTML; UTF-8, GBK or Big5: decided from the content.
//! let bytes = std::fs::read("examples/data/sample.txt").unwrap();
//! let decoded = nianbao::parse_bytes(&bytes);
//! let parse = decoded.parse();
//! let report = parse.report();
//! assert_eq!(report.template.map(|t| t.as_str()), Some("2021"));
//!
//! // One value per canonical cell of the template, in `cells.tsv` order; blank and unread
//! // cells are empty, never 0.
//! let row: Vec<String> = report
//!     .cells()
//!     .map(|entry| entry.value().map(|n| n.to_string()).unwrap_or_default())
//!     .collect();
//! assert_eq!(row.len(), 200);
//! assert_eq!(row[0], "0"); // t2.a20_1.regulation.issued
//!
//! // Do the numbers add up? This report is consistent: no finding at all.
//! assert!(report.validate().is_empty());
//!
//! // Break one sum: （一）予以公开's 总计 says 5 where its row adds up to 4.
//! let broken = decoded.text().replacen("0\t0\t0\t0\t4", "0\t0\t0\t0\t5", 1);
//! let parse = nianbao::parse(&broken);
//! let findings = parse.report().validate();
//! let row_total = findings.iter().find(|f| f.code == "arith.row-total").unwrap();
//! assert!(row_total.is_error() && row_total.is_arithmetic());
//! assert_eq!(row_total.cells[0].id.as_str(), "t3.granted.total");
//! let line = parse.line_col(row_total.primary_span().unwrap().start).line;
//! assert!(broken.lines().nth(line - 1).unwrap().contains("（一）予以公开"));
//! # }
//! ```
//!
//! ## Command-line tool
//!
//! The `nianbao` program does this over whole folders, in parallel, into one CSV or JSON Lines
//! table (`nianbao batch reports/ -o reports.csv`), and prints trees, cells and findings
//! (`dump`, `cells`, `validate`). It is built on this public API behind the `cli` feature:
//!
//! ```text
//! cargo install --path . --features cli
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
//! - `html` (default): [`parse_html`] for saved web pages.
//! - `encoding` (default): [`parse_bytes`] for input in any encoding (UTF-8, GBK, GB18030, Big5).
//! - `cli`: the `nianbao` command-line program (clap, rayon, indicatif, csv, serde_json,
//!   annotate-snippets); the library does not use them.
//!
//! ## Cell ids
//!
//! [`Report::cells`] yields every canonical cell of the detected template in the order of the
//! project's `spec/cells.tsv`: 200 ids for the 2021 template, 198 for 2019. The id strings
//! ([`CellId::as_str`]), such as `t3.withheld.state_secret.natural`, are public API.
//!
//! ## Validation
//!
//! [`Report::validate`] checks a report's arithmetic relations (勾稽关系: R1–R4), its prose
//! against its tables and the quality of its outline and tables; [`validate_pair`] checks one
//! year against the previous one. Each [`Finding`] has a stable code, a severity, a message in
//! Chinese and the cells it is about, with their spans. The [`validate`] module lists every
//! code with its severity, meaning and an example.
//!
//! ## Minimum supported Rust version
//!
//! Rust 1.88.
#![forbid(unsafe_code)]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod ast;
#[cfg(feature = "encoding")]
mod decode;
mod diagnostic;
mod grammar;
#[cfg(feature = "html")]
mod html;
mod number;
#[cfg(feature = "html")]
mod remap;
mod span;
mod template;
mod text;
pub mod validate;

pub use ast::{
    Block, Cell, Chrome, ChromeKind, Heading, Layout, Paragraph, Part, PartKind, Report, Row,
    Section, SubHeading, Table, TableKind, Title, TitleBlock, Unit, Value, Year,
};
#[cfg(feature = "encoding")]
pub use decode::{Decoded, parse_bytes};
pub use diagnostic::{Diagnostic, ParseErrors, Severity, codes};
pub use number::Number;
pub use span::{LineCol, LineIndex, Span, Text};
pub use template::{CellId, RequestGroup, Template};
pub use validate::{Finding, FindingCell, ReportRole, validate_pair};

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
    /// For a page: the text the grammar read, and its map to the page.
    #[cfg(feature = "html")]
    extracted: Option<Box<html::Extracted>>,
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

    /// The text a span of the tree reads as: for plain text, the source slice itself; for a page
    /// read by [`parse_html`], the text the grammar read there, with markup dropped and
    /// references decoded (`行政<span>许可</span>` reads `行政许可`).
    pub fn text(&self, span: Span) -> std::borrow::Cow<'_, str> {
        #[cfg(feature = "html")]
        if let Some(ex) = &self.extracted {
            return html::decoded(ex, span);
        }
        std::borrow::Cow::Borrowed(self.source.get(span.range()).unwrap_or(""))
    }

    /// The report's title on one line (its lines joined by one space), as read.
    pub fn title_text(&self) -> Option<String> {
        let title = self.report.title.title.as_ref()?;
        let mut out = String::new();
        for line in &title.lines {
            for word in self
                .text(line.span)
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
            {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        Some(out)
    }

    /// Add diagnostics found before parsing (decoding), located in the source.
    #[cfg_attr(not(feature = "encoding"), allow(dead_code))]
    pub(crate) fn with_diagnostics(mut self, mut extra: Vec<Diagnostic>) -> Self {
        extra.append(&mut self.diagnostics);
        // Stable: at one place, decoding problems stay before what parsing found there.
        extra.sort_by_key(|d| (d.span.start, d.span.end));
        diagnostic::locate_all(&mut extra, self.source, &self.lines);
        self.diagnostics = extra;
        self
    }
}

/// Whether a text is an HTML page rather than a report's text.
#[cfg_attr(not(feature = "encoding"), allow(dead_code))]
pub(crate) fn html_sniff(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let tags = [
        "<html",
        "<body",
        "<p>",
        "<p ",
        "<div",
        "<table",
        "<td",
        "<br",
        "<span",
        "<!doctype",
        "<meta",
        "<head",
    ];
    tags.iter().filter(|t| head.contains(*t)).count() >= 2
}

/// Read a report from a web page.
///
/// The report's article is found inside the page (navigation, sidebars, scripts and styles are
/// left out), its tables are read row by row with empty cells kept in place, and the same
/// grammar as [`parse`] reads the result.
///
/// Spans point into `html`: a cell's span covers its text inside the `<td>`, a paragraph's the
/// text of its `<p>`. A node's `text` is the page slice its span covers, so where the page spelled
/// the text with markup or references (`行政<span>许可</span>`, `&nbsp;`), `text` is that markup
/// as written; [`Parse::text`] gives the text as read.
///
/// ```
/// let page = "<html><body><div class=nav>首页</div><div id=content>\
///   <p>某局2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>\
///   <table><tr><td colspan=4>第二十条第（一）项</td></tr>\
///   <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\
///   <tr><td>规章</td><td><span>1</span></td><td>&nbsp;</td><td>3</td></tr></table></div></body></html>";
/// let parse = nianbao::parse_html(page);
/// let issued = parse.report().cell("t2.a20_1.regulation.issued").unwrap();
/// assert_eq!(&page[issued.span().unwrap().range()], "1");
/// // An empty cell is blank, not 0.
/// assert_eq!(parse.report().cell("t2.a20_1.regulation.repealed").unwrap().value(), None);
/// ```
#[cfg(feature = "html")]
pub fn parse_html(html: &str) -> Parse<'_> {
    let extracted = html::extract(html);
    let mut diagnostics = Vec::new();
    let mapper = remap::Mapper {
        page: html,
        map: &extracted.map,
    };
    let mut report = mapper.report(grammar::document(&extracted.text, &mut diagnostics));
    report.layouts.push(Layout::Html);
    report.layouts.sort();
    for d in &mut diagnostics {
        d.span = mapper.span(d.span);
    }
    let lines = LineIndex::new(html);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostic::locate_all(&mut diagnostics, html, &lines);
    Parse {
        source: html,
        report,
        diagnostics,
        lines,
        extracted: Some(Box::new(extracted)),
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
        #[cfg(feature = "html")]
        extracted: None,
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
