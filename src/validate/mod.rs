//! Validation: the arithmetic relations between a report's cells (勾稽关系), the quality of its
//! outline and tables, its prose against its tables, and one year against the next.
//!
//! [`Report::validate`] checks one report; [`validate_pair`] checks a report against the
//! previous year's. Both return [`Finding`]s: a stable [code](codes), a [`Severity`], a message
//! in Chinese for the officials who fix the report, the cells involved with the bytes they were
//! read from, and for arithmetic the value the other cells call for (`expected`) and the value
//! printed (`found`). Sums are exact ([`Number`]), never floats.
//!
//! ```
//! let text = "\
//! 某局2023年政府信息公开工作年度报告
//! 二、主动公开政府信息情况
//! 第二十条第（一）项
//! 信息内容\t本年制发件数\t本年废止件数\t现行有效件数
//! 规章\t0\t0\t0
//! 行政规范性文件\t2\t1\t7
//! 四、政府信息公开行政复议、行政诉讼情况
//! 行政复议\t\t\t\t\t行政诉讼
//! 结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
//! \t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
//! 2\t1\t0\t1\t5\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
//! ";
//! let parse = nianbao::parse(text);
//! let findings = parse.report().validate();
//! let r4 = findings
//!     .iter()
//!     .find(|f| f.code == nianbao::validate::codes::REVIEW_TOTAL)
//!     .unwrap();
//! assert_eq!(r4.rule, Some("R4"));
//! assert_eq!(r4.expected.and_then(|n| n.to_i64()), Some(4));
//! assert_eq!(r4.found.and_then(|n| n.to_i64()), Some(5));
//! // The finding points at the 总计 cell as printed.
//! let total = &r4.cells[0];
//! assert_eq!(total.id.as_str(), "t4.review.total");
//! assert_eq!(&text[total.span.unwrap().range()], "5");
//! // This report also lacks parts 一, 三, 五 and 六, and table 三.
//! assert!(findings.iter().any(|f| f.code == "part.missing"));
//! assert!(findings.iter().any(|f| f.code == "table.missing"));
//! ```
//!
//! # Blank, placeholder and unread cells
//!
//! - A cell printed **blank** or with a **placeholder** (`/`, `-`, `—`, `无` …) counts as `0`
//!   in the arithmetic: the template asks for counts, and bodies with nothing to count leave the
//!   cell empty or write `/`. A relation that fails only because a blank cell counts as 0 is a
//!   finding, and its message says which cells were blank (a 总计 left blank while its row has
//!   requests is an error the report must fix).
//! - A cell the parser could **not read** (the row or table was not found, or its values could
//!   not be placed; the parse's diagnostics say why) has no value at all. A relation with such a
//!   term is **not checked**: it is never reported as violated, and one
//!   [`arith.unchecked`](codes::UNCHECKED) note per rule counts what could not be checked.
//!
//! # Codes
//!
//! | code | rule | severity | what it means | example |
//! |---|---|---|---|---|
//! | `arith.balance` | R1 | error | table 三, one column: 一、本年新收 + 二、上年结转 ≠ （七）总计 + 四、结转下年度继续办理 | 自然人: 5 + 1 = 6, but 5 + 0 = 5 |
//! | `arith.results-total` | R2 | error | table 三, one column: （七）总计 ≠ the sum of the handling rows （一）…（六） (2021: 21 rows; 2019: 19) | 总计 column: （七） 805, rows sum to 0 because every row's 总计 is blank |
//! | `arith.row-total` | R3 | error | table 三, one row: 总计 ≠ 自然人 + the five 法人或其他组织 columns | （一）予以公开: 总计 blank, 258 + 12 + 1 + 1 = 272 |
//! | `arith.review-total` | R4 | error | table 四, one group: 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结 | 行政复议: 2 + 1 + 0 + 1 = 4, 总计 5 |
//! | `arith.unchecked` | R1–R4 | note | some instances of a rule could not be checked: a term was not read | R3: 3 of 25 rows not checked |
//! | `text.request-count` | T1 | warning | a count of requests in the prose of part 一 (`收到…申请N件`, `办结N件`, `结转N件`) differs from table 三 | prose 收到申请75件, table 一、本年新收 74 + 二、上年结转 0 |
//! | `pair.carry-over` | X1 | error | this year's 二、上年结转 ≠ last year's 四、结转下年度继续办理, one column | 总计: 2024 carries over 34, 2023 carried forward 30 |
//! | `pair.in-force-stock` | X2 | warning | 现行有效件数 did not move by 本年制发 − 本年废止 (amendments and changes of scope move it too) | 行政规范性文件: 12 + 3 − 1 = 14 expected, 20 printed |
//! | `pair.not-consecutive` | — | warning | the two reports are not for consecutive years, so X1 and X2 were not checked | 2021 and 2023 |
//! | `template.outdated` | — | error | a table of the 2019 template in a report for 2021 or later | 第二十条第（九）项 in a 2023 report |
//! | `template.label-2019` | — | warning | a 2019 label in a 2021 table | `规范性文件` for `行政规范性文件` |
//! | `unit.mismatch` | — | error | a unit that contradicts the column: 元 in the 万元 column, a money unit or % in a count | `251000元` under 本年收费金额（单位：万元） |
//! | `value.mixed-empty` | — | warning | blank, `0` and `/` mixed in one table for "nothing" | 规章 `/ / /` and 行政许可 `0` |
//! | `part.missing` | — | error | one of the six parts is missing | no 五、存在的主要问题及改进情况 |
//! | `table.missing` | — | error | table 二, 三 or 四 is missing | no table under 四、 |
//! | `part.numbering` | — | warning | a part heading carries another part's numeral | parts 二–六 numbered 一–五 |
//! | `part.restart` | — | warning | the outline numbering starts again inside a part | a second `一、` inside part 一 |
//! | `part.order` | — | warning | parts out of the template's order, or a part twice | 四 before 三 |
//! | `part.empty` | — | warning | part 五 says nothing (no text, or only `无`) | `五、存在的主要问题及改进情况` followed by `无` |
//! | `fee.unexplained` | — | warning | a fee was charged (二 第二十条第（八）项 > 0) but part 六 says nothing about 信息处理费 | 行政事业性收费 1.25 万元, 六 silent |
//! | `report.unchecked` | — | note | nothing was validated: no part of either template was recognised, or the report follows a pre-2019 template | a 2018 report |
//!
//! The codes are stable; the messages may be reworded.

mod arithmetic;
mod pair;
mod quality;
mod text;

use std::fmt;

use crate::CellEntry;
use crate::ast::{Cell, Report, Value};
use crate::diagnostic::Severity;
use crate::number::Number;
use crate::span::Span;
use crate::template::{CellId, Template};

pub use pair::validate_pair;

/// Stable finding codes. Match on these strings; the messages may be reworded.
pub mod codes {
    /// R1: 一 + 二 ≠ （七）总计 + 四 in one column of table 三.
    pub const BALANCE: &str = "arith.balance";
    /// R2: （七）总计 ≠ the sum of the handling rows in one column of table 三.
    pub const RESULTS_TOTAL: &str = "arith.results-total";
    /// R3: a row's 总计 ≠ the sum of its six applicant columns (table 三).
    pub const ROW_TOTAL: &str = "arith.row-total";
    /// R4: a group's 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结 (table 四).
    pub const REVIEW_TOTAL: &str = "arith.review-total";
    /// Some instances of an arithmetic rule could not be checked because a term was not read.
    pub const UNCHECKED: &str = "arith.unchecked";
    /// T1: a count of requests in the prose of part 一 differs from table 三.
    pub const REQUEST_COUNT: &str = "text.request-count";
    /// X1: this year's 上年结转 ≠ last year's 结转下年度继续办理.
    pub const CARRY_OVER: &str = "pair.carry-over";
    /// X2: 现行有效件数 did not move by 本年制发 − 本年废止.
    pub const IN_FORCE_STOCK: &str = "pair.in-force-stock";
    /// The two reports of a pair are not for consecutive years; X1 and X2 were not checked.
    pub const NOT_CONSECUTIVE: &str = "pair.not-consecutive";
    /// A table of the 2019 template in a report for 2021 or later.
    pub const OUTDATED_TEMPLATE: &str = "template.outdated";
    /// A 2019 label in a 2021 table (`规范性文件`).
    pub const LABEL_2019: &str = "template.label-2019";
    /// A unit in a cell that contradicts its column.
    pub const UNIT_MISMATCH: &str = "unit.mismatch";
    /// Blank, `0` and placeholders mixed in one table.
    pub const MIXED_EMPTY: &str = "value.mixed-empty";
    /// One of the six parts is missing.
    pub const MISSING_PART: &str = "part.missing";
    /// One of the three tables is missing.
    pub const MISSING_TABLE: &str = "table.missing";
    /// A part heading carries another part's numeral.
    pub const PART_NUMBERING: &str = "part.numbering";
    /// The outline numbering starts again inside a part.
    pub const PART_RESTART: &str = "part.restart";
    /// Parts out of order, or a part twice.
    pub const PART_ORDER: &str = "part.order";
    /// Part 五 says nothing.
    pub const EMPTY_PART: &str = "part.empty";
    /// A fee was charged but part 六 says nothing about 信息处理费.
    pub const UNEXPLAINED_FEE: &str = "fee.unexplained";
    /// Nothing was validated: the report is not one of the two templates.
    pub const NOT_CHECKED: &str = "report.unchecked";

    /// Every code, in the order of the table in the [module docs](super).
    pub const ALL: &[&str] = &[
        BALANCE,
        RESULTS_TOTAL,
        ROW_TOTAL,
        REVIEW_TOTAL,
        UNCHECKED,
        REQUEST_COUNT,
        CARRY_OVER,
        IN_FORCE_STOCK,
        NOT_CONSECUTIVE,
        OUTDATED_TEMPLATE,
        LABEL_2019,
        UNIT_MISMATCH,
        MIXED_EMPTY,
        MISSING_PART,
        MISSING_TABLE,
        PART_NUMBERING,
        PART_RESTART,
        PART_ORDER,
        EMPTY_PART,
        UNEXPLAINED_FEE,
        NOT_CHECKED,
    ];
}

/// Which report of a pair a cell belongs to ([`validate_pair`]); always
/// [`ReportRole::Current`] for [`Report::validate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum ReportRole {
    /// The report validated (the later one of a pair).
    Current,
    /// The previous year's report of a pair.
    Previous,
}

/// A cell a [`Finding`] is about.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct FindingCell {
    /// The cell's canonical id.
    pub id: CellId,
    /// Which report of a pair it is in.
    pub report: ReportRole,
    /// Where its value was read, in that report's text; `None` when the report does not print
    /// the cell, or its place in the row was inferred.
    pub span: Option<Span>,
    /// What it says; `None` when the report does not print the cell.
    pub value: Option<Value>,
}

impl FindingCell {
    fn new(entry: CellEntry<'_, '_>, report: ReportRole) -> Self {
        FindingCell {
            id: entry.id,
            report,
            span: entry.cell.filter(|c| !c.inferred).map(|c| c.span),
            value: entry.cell.map(|c| c.value),
        }
    }
}

/// Something wrong, or worth a look, in a report, with the evidence.
///
/// `Display` shows `severity[code]: message`; to show the source line and a caret, render
/// [`Finding::primary_span`] with the parse's text (the `validate` example does so with
/// annotate-snippets).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Finding {
    /// A stable code from [`codes`].
    pub code: &'static str,
    /// The relation of FORMAT.md §5 the finding is about (`R1` … `R4`, `T1`, `X1`, `X2`), if
    /// any.
    pub rule: Option<&'static str>,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in Chinese, for the officials who fix the report.
    pub message: String,
    /// The cells involved. For arithmetic the first is the printed total the finding is
    /// anchored at; the terms that make up `expected` follow.
    pub cells: Vec<FindingCell>,
    /// Other evidence in the current report's text: a sentence, a heading, a label.
    pub spans: Vec<Span>,
    /// For arithmetic: the value the other cells (or last year's report, or the table, for T1)
    /// call for.
    pub expected: Option<Number>,
    /// For arithmetic: the value printed.
    pub found: Option<Number>,
}

impl Finding {
    pub(crate) fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            code,
            rule: None,
            severity,
            message: message.into(),
            cells: Vec::new(),
            spans: Vec::new(),
            expected: None,
            found: None,
        }
    }

    pub(crate) fn rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }

    pub(crate) fn cell(mut self, entry: CellEntry<'_, '_>) -> Self {
        self.cells
            .push(FindingCell::new(entry, ReportRole::Current));
        self
    }

    pub(crate) fn span(mut self, span: Span) -> Self {
        self.spans.push(span);
        self
    }

    pub(crate) fn values(mut self, expected: Number, found: Number) -> Self {
        self.expected = Some(expected);
        self.found = Some(found);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether the finding is about arithmetic between cells of one report (R1–R4), the
    /// [`arith.unchecked`](codes::UNCHECKED) note excepted.
    pub fn is_arithmetic(&self) -> bool {
        matches!(self.rule, Some("R1" | "R2" | "R3" | "R4")) && self.code != codes::UNCHECKED
    }

    /// Where to point in the current report: the first evidence span, else the first cell of the
    /// current report that has one.
    pub fn primary_span(&self) -> Option<Span> {
        self.spans.first().copied().or_else(|| {
            self.cells
                .iter()
                .filter(|c| c.report == ReportRole::Current)
                .find_map(|c| c.span)
        })
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

impl Report<'_> {
    /// Check the report: the arithmetic relations R1–R4, the prose of part 一 against table 三
    /// (T1), and the quality of its outline and tables. See the [`validate`](crate::validate)
    /// module for the codes and how blank and unread cells are counted.
    ///
    /// Findings come in the order of the text (those without a place last). Never panics.
    pub fn validate(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        if quality::not_checkable(self, &mut findings) {
            return findings;
        }
        let cells = Cells::new(self);
        quality::structure(self, &mut findings);
        quality::template(self, &mut findings);
        quality::values(self, &cells, &mut findings);
        quality::parts(self, &cells, &mut findings);
        text::request_counts(self, &cells, &mut findings);
        // Arithmetic last, so that its `unchecked` notes (without a place) close the list.
        arithmetic::check(&cells, &mut findings);
        findings.sort_by_key(|f| f.primary_span().map_or(usize::MAX, |s| s.start));
        findings
    }
}

/// The canonical cells of a report, by id.
pub(crate) struct Cells<'r, 'a> {
    template: Option<Template>,
    entries: Vec<CellEntry<'r, 'a>>,
}

impl<'r, 'a> Cells<'r, 'a> {
    pub(crate) fn new(report: &'r Report<'a>) -> Self {
        Cells {
            template: report.template,
            entries: report.cells().collect(),
        }
    }

    /// The template of the cells (2019 or 2021), `None` when there are none.
    pub(crate) fn template(&self) -> Option<Template> {
        self.template.filter(|t| *t != Template::Legacy)
    }

    /// The entry of id `id` (the cell may be absent), `None` when the template has no such id.
    pub(crate) fn get(&self, id: &str) -> Option<CellEntry<'r, 'a>> {
        let id = CellId::lookup(self.template()?, id)?;
        self.entries.get(id.index()).copied()
    }
}

/// The amount a cell stands for in the arithmetic: its number, `0` for a blank or placeholder,
/// `None` when the cell was not read.
pub(crate) fn amount(entry: &CellEntry<'_, '_>) -> Option<Number> {
    entry.cell.map(amount_of)
}

fn amount_of(cell: &Cell<'_>) -> Number {
    cell.value.number().unwrap_or(Number::from_i64(0))
}

/// Whether a cell was read and printed blank or with a placeholder.
pub(crate) fn is_empty(entry: &CellEntry<'_, '_>) -> bool {
    entry.cell.is_some_and(|c| c.value.number().is_none())
}

/// The exact sum, `None` on overflow or when a term was not read.
pub(crate) fn sum<'x, 'r: 'x, 'a: 'r>(
    entries: impl IntoIterator<Item = &'x CellEntry<'r, 'a>>,
) -> Option<Number> {
    entries
        .into_iter()
        .try_fold(Number::from_i64(0), |acc, e| acc.checked_add(amount(e)?))
}

#[cfg(test)]
pub(crate) mod fixture;
