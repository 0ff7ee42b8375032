//! The syntax tree.
//!
//! Every node borrows its text from the input (`&'a str`) and carries a byte [`Span`]; for every
//! node with both, `&input[span.range()] == text`. Spans take part in equality (`PartialEq`
//! compares them): two trees are equal only if they were read from the same bytes.

use crate::number::Number;
use crate::span::{Span, Text};
use crate::template::{CellId, RequestGroup, Template};

/// A parsed report: the title block, the six parts with their tables, and what was recognised
/// as web-page chrome around them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report<'a> {
    /// The template the tables follow, decided from their content (`None` when no table of a
    /// known template was found).
    pub template: Option<Template>,
    /// The layouts the parser recognised in this document, so that users can see how it was
    /// read.
    pub layouts: Vec<Layout>,
    /// Page chrome before the report (breadcrumbs, page headline, `来源`/`字体` lines).
    pub front_matter: Vec<Chrome<'a>>,
    /// Title, organ, year, and the publication date and source where printed.
    pub title: TitleBlock<'a>,
    /// Paragraphs between the title and part 一 (the lead).
    pub preamble: Vec<Block<'a>>,
    /// The parts, in the order printed.
    pub parts: Vec<Part<'a>>,
    /// Page chrome after the report (footers, ICP lines, site links).
    pub back_matter: Vec<Chrome<'a>>,
    /// From the title (or the first line of the report) to the end of the last part.
    pub span: Span,
}

/// A layout in which scrapers and converters deliver reports, as recognised in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Layout {
    /// Table cells separated by tabs; merged cells as runs of empty fields.
    TabSeparated,
    /// One table cell per line.
    CellPerLine,
    /// Markdown pipe tables.
    MarkdownTable,
    /// Markdown `#` markers on the part headings.
    MarkdownHeadings,
    /// Values separated from their labels and from each other by blanks (PDF text).
    BlankSeparated,
    /// Page numbers (`- 3 -`, `第 3 页`) inside tables (PDF text).
    PageFooters,
    /// Rows whose labels floated away from their values, placed by their position among the
    /// template's rows (PDF converted to markdown).
    FloatingLabels,
    /// Table cells glued together into runs of digits (crawler text).
    GluedCells,
    /// The whole body on one line, cut at its headings and tables (crawler text).
    OneLineBody,
    /// A crawler's metadata header (`标题:`, `发布时间:`, `原文链接:`).
    CrawlerMetadata,
    /// Web-page chrome around the report (breadcrumbs, page tools, footers).
    WebChrome,
    /// An HTML page, read by [`parse_html`](crate::parse_html).
    Html,
}

/// A line of web-page chrome, kept out of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Chrome<'a> {
    /// What kind of chrome it is.
    pub kind: ChromeKind,
    /// The line, trimmed.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
}

/// Kinds of web-page chrome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum ChromeKind {
    /// `首页 > 政府信息公开 > …`
    Breadcrumb,
    /// The page's own headline, printed above the report's title.
    Headline,
    /// A date, `来源:`, `发布时间:`, `索引号` or similar metadata line.
    Metadata,
    /// Page tools: `【字体: 大 中 小】`, `打印`, `关闭`, `分享到`.
    Toolbar,
    /// Site footer: `主办:`, `版权所有`, ICP and 公网安备 lines, `网站地图`, `联系我们`.
    Footer,
    /// Other text outside the report.
    Other,
}

/// The title block.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TitleBlock<'a> {
    /// The report's own title, which may be printed over two lines.
    pub title: Option<Title<'a>>,
    /// The issuing body, in the fullest form the report prints for the body its title names.
    pub organ: Option<Text<'a>>,
    /// The year reported on (not the year of publication).
    pub year: Option<Year>,
    /// The publication date, where printed (`2024-01-30`).
    pub published: Option<Text<'a>>,
    /// The publishing source, where printed (`来源:` …).
    pub source: Option<Text<'a>>,
}

/// The report's title.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Title<'a> {
    /// The title as it stands in the input, from its first to its last character (a title
    /// printed over two lines includes the line break).
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
    /// Its lines, each trimmed.
    pub lines: Vec<Text<'a>>,
}

impl Title<'_> {
    /// The title on one line: its lines joined by one space, runs of white space collapsed.
    pub fn joined(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            for word in line
                .text
                .split(crate::text::is_blank)
                .filter(|w| !w.is_empty())
            {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
        out
    }
}

/// A year and where it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Year {
    /// The year.
    pub value: u16,
    /// The digits it was read from.
    pub span: Span,
}

/// One of the six parts.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Part<'a> {
    /// Its heading.
    pub heading: Heading<'a>,
    /// What follows the heading, up to the next part.
    pub blocks: Vec<Block<'a>>,
    /// From the heading to the end of its last block.
    pub span: Span,
}

/// A part heading: `二、主动公开政府信息情况`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Heading<'a> {
    /// The heading, without markdown `#` markers and surrounding blanks.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
    /// The numeral with its delimiter: `二、`.
    pub numeral: Text<'a>,
    /// The numeral's value: 2.
    pub number: u8,
    /// The words after the numeral.
    pub title: Text<'a>,
    /// Which of the six parts the words name.
    pub kind: PartKind,
}

/// The six canonical parts, recognised by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum PartKind {
    /// 一、总体情况
    Overview,
    /// 二、主动公开政府信息情况
    Proactive,
    /// 三、收到和处理政府信息公开申请情况
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Reviews,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    Other,
    /// A heading that names none of the six (a pre-2019 part such as `概述`).
    Unknown,
}

impl PartKind {
    /// The part's number in the template (1–6), `None` for [`PartKind::Unknown`].
    pub const fn number(&self) -> Option<u8> {
        match self {
            PartKind::Overview => Some(1),
            PartKind::Proactive => Some(2),
            PartKind::Requests => Some(3),
            PartKind::Reviews => Some(4),
            PartKind::Problems => Some(5),
            PartKind::Other => Some(6),
            PartKind::Unknown => None,
        }
    }
}

/// What a part is made of.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "type", rename_all = "snake_case")
)]
pub enum Block<'a> {
    /// `（一）主动公开情况`
    SubHeading(SubHeading<'a>),
    /// A paragraph of prose (one line of the input).
    Paragraph(Paragraph<'a>),
    /// One of the template's tables.
    Table(Table<'a>),
}

impl Block<'_> {
    /// The block's span.
    pub fn span(&self) -> Span {
        match self {
            Block::SubHeading(h) => h.span,
            Block::Paragraph(p) => p.span,
            Block::Table(t) => t.span,
        }
    }
}

/// A sub-heading inside a part: `（一）主动公开情况`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubHeading<'a> {
    /// The line, trimmed and without markdown markers.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
    /// The numeral with its brackets: `（一）`.
    pub numeral: Text<'a>,
    /// The numeral's value.
    pub number: u8,
    /// The words after the numeral.
    pub title: Text<'a>,
}

/// A paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Paragraph<'a> {
    /// The paragraph, trimmed.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
}

/// Which of the template's tables a [`Table`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum TableKind {
    /// Table 二, 主动公开政府信息情况: the 第二十条 items.
    Proactive,
    /// Table 三, 收到和处理政府信息公开申请情况.
    Requests,
    /// Table 四, 行政复议、行政诉讼情况.
    Reviews,
}

/// A table of the template.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Table<'a> {
    /// Which table.
    pub kind: TableKind,
    /// The template its header and rows follow, when they tell.
    pub template: Option<Template>,
    /// Header cells (table 三 and 四).
    pub header: Vec<Text<'a>>,
    /// The 第二十条 items (table 二 only).
    pub sections: Vec<Section<'a>>,
    /// The rows (table 三; table 四 has one row without label).
    pub rows: Vec<Row<'a>>,
    /// Text inside the table that belongs to no cell: label fragments a converter moved away
    /// from their row, headings it inserted, lone values.
    pub strays: Vec<Text<'a>>,
    /// From the first to the last byte read as part of the table.
    pub span: Span,
}

/// One 第二十条 item of table 二: `第二十条第（一）项`, its header and its rows.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Section<'a> {
    /// The item's number: 1, 5, 6, 8 or 9.
    pub item: u8,
    /// The title cell (`第二十条第（一）项`), when printed.
    pub anchor: Option<Text<'a>>,
    /// The template its columns belong to.
    pub template: Option<Template>,
    /// The header cells after `信息内容`, one per value column.
    pub columns: Vec<Text<'a>>,
    /// The template column each header cell names (`issued`, `decided`, …), `None` for a
    /// header that names none; all `None` when a column is named twice (its values cannot be
    /// placed).
    pub column_keys: Vec<Option<&'static str>>,
    /// The rows.
    pub rows: Vec<Row<'a>>,
    /// Where it is.
    pub span: Span,
}

/// A table row: its labels and its cells.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Row<'a> {
    /// The row's key in the cell ids (`withheld.state_secret`, `regulation`; `values` for the
    /// one row of table 四). Empty for a row that was not recognised or could not be read: its
    /// cells are kept but have no id.
    pub key: &'static str,
    /// The group the row stands in (table 三), where one applies.
    pub group: Option<RequestGroup>,
    /// The label cells read for this row, outermost first (`三、本年度办理结果`,
    /// `（三）不予公开`, `1.属于国家秘密`).
    pub labels: Vec<Text<'a>>,
    /// The value cells, in column order.
    pub cells: Vec<Cell<'a>>,
    /// Where it is.
    pub span: Span,
}

/// A value cell.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Cell<'a> {
    /// The canonical id, when the cell has one.
    pub id: Option<CellId>,
    /// The cell's text as printed. Empty for an [inferred](Cell::inferred) cell, whose span is
    /// the empty span where its row's values start.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
    /// What the text says.
    pub value: Value,
    /// A unit printed inside the cell (`251000元`, `160.5964万元`).
    pub unit: Option<Unit>,
    /// `true` when the cell's place in its row was not printed and its value follows from the
    /// table's arithmetic (a diagnostic says which).
    pub inferred: bool,
}

/// What a cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "kind", content = "number", rename_all = "snake_case")
)]
pub enum Value {
    /// A number.
    Number(Number),
    /// Nothing printed (an empty cell, `&nbsp;`).
    Blank,
    /// A placeholder: `/`, `-`, `—`, `／`, `无`, `空` … (usually "not applicable").
    Placeholder,
    /// Digits were printed, but run together with others (`713000074`) in a way the table's
    /// arithmetic does not resolve: the cell's value is unknown (a diagnostic lists the
    /// readings). The cell's text and span cover the whole run.
    Unresolved,
}

impl Value {
    /// The number, if the cell holds one.
    pub const fn number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A unit printed inside a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Unit {
    /// 元
    #[cfg_attr(feature = "serde", serde(rename = "元"))]
    Yuan,
    /// 万元
    #[cfg_attr(feature = "serde", serde(rename = "万元"))]
    TenThousandYuan,
    /// 件, 个, 项, 条, 次: a count.
    #[cfg_attr(feature = "serde", serde(rename = "count"))]
    Count,
    /// %
    #[cfg_attr(feature = "serde", serde(rename = "%"))]
    Percent,
}
