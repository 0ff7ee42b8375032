//! Across years (FORMAT.md §5, X1 and X2).

use super::arithmetic::REQUEST_COLUMN_NAMES;
use super::{Cells, Finding, FindingCell, ReportRole, amount, codes};
use crate::CellEntry;
use crate::ast::Report;
use crate::diagnostic::Severity;
use crate::template::{REQUEST_COLUMNS, Template};

/// Check a report against the previous year's report of the same body.
///
/// - X1 (`pair.carry-over`, error): this year's 二、上年结转 must equal last year's
///   四、结转下年度继续办理, in each column of table 三.
/// - X2 (`pair.in-force-stock`, warning): for 规章 and 行政规范性文件, this year's 现行有效件数
///   should be last year's plus 本年制发件数 − 本年废止件数. A heuristic: amendments,
///   compilations and changes of scope move the stock too. Checked only when both reports use
///   the 2021 template (the 2019 template has no stock column).
///
/// When both years are known and `current` is not the year after `previous`, neither is
/// checked and one `pair.not-consecutive` warning says so. Cells that either report does not
/// print are not compared; blank and placeholder cells count as 0, as in
/// [`Report::validate`]. The findings' cells say which report they are in
/// ([`ReportRole`]); spans are in that report's text.
pub fn validate_pair(previous: &Report<'_>, current: &Report<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let (Some(p), Some(c)) = (previous.title.year, current.title.year)
        && u32::from(p.value) + 1 != u32::from(c.value)
    {
        let f = Finding::new(
            codes::NOT_CONSECUTIVE,
            Severity::Warning,
            format!(
                "两份报告分别为{}年度和{}年度，不是相邻年度，未作跨年度核对",
                p.value, c.value
            ),
        )
        .span(c.span);
        findings.push(f);
        return findings;
    }
    let prev = Cells::new(previous);
    let cur = Cells::new(current);
    let (Some(_), Some(_)) = (prev.template(), cur.template()) else {
        return findings;
    };
    let cell = |e: CellEntry<'_, '_>, role| FindingCell::new(e, role);

    // X1, per column.
    for (c, col) in REQUEST_COLUMNS.iter().enumerate() {
        let (Some(over), Some(forward)) = (
            cur.get(&format!("t3.carried_over.{col}")),
            prev.get(&format!("t3.carried_forward.{col}")),
        ) else {
            continue;
        };
        let (Some(found), Some(expected)) = (amount(&over), amount(&forward)) else {
            continue;
        };
        if found == expected {
            continue;
        }
        let mut f = Finding::new(
            codes::CARRY_OVER,
            Severity::Error,
            format!(
                "表三「{}」列：本年度“二、上年结转政府信息公开申请数量”为 {found}，但上一年度报告“四、结转下年度继续办理”为 {expected}，两者应当相等",
                REQUEST_COLUMN_NAMES[c]
            ),
        )
        .rule("X1")
        .values(expected, found);
        f.cells.push(cell(over, ReportRole::Current));
        f.cells.push(cell(forward, ReportRole::Previous));
        findings.push(f);
    }

    // X2, per row of 第二十条第（一）项; 2021 template in both years.
    if prev.template() != Some(Template::V2021) || cur.template() != Some(Template::V2021) {
        return findings;
    }
    for (row, name) in [("regulation", "规章"), ("normative", "行政规范性文件")] {
        let id = |col: &str| format!("t2.a20_1.{row}.{col}");
        let (Some(now), Some(before), Some(issued), Some(repealed)) = (
            cur.get(&id("in_force")),
            prev.get(&id("in_force")),
            cur.get(&id("issued")),
            cur.get(&id("repealed")),
        ) else {
            continue;
        };
        let (Some(found), Some(b), Some(i), Some(r)) = (
            amount(&now),
            amount(&before),
            amount(&issued),
            amount(&repealed),
        ) else {
            continue;
        };
        let Some(expected) = b.checked_add(i).and_then(|s| s.checked_sub(r)) else {
            continue;
        };
        if found == expected {
            continue;
        }
        let mut f = Finding::new(
            codes::IN_FORCE_STOCK,
            Severity::Warning,
            format!(
                "{name}：上一年度现行有效 {b} 件，本年制发 {i} 件、废止 {r} 件，按此应为 {expected} 件，但本年度现行有效件数为 {found} 件；如因修改、清理或统计范围变化，请在报告中说明"
            ),
        )
        .rule("X2")
        .values(expected, found);
        f.cells.push(cell(now, ReportRole::Current));
        f.cells.push(cell(before, ReportRole::Previous));
        f.cells.push(cell(issued, ReportRole::Current));
        f.cells.push(cell(repealed, ReportRole::Current));
        findings.push(f);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{REPORT_2019, REPORT_2021, replace, set_values};
    use super::*;
    use crate::Number;

    fn pair(previous: &str, current: &str) -> Vec<Finding> {
        let p = crate::parse(previous);
        let c = crate::parse(current);
        validate_pair(p.report(), c.report())
    }

    fn year(src: &str, y: u16) -> String {
        replace(src, "2023年政府", &format!("{y}年政府"))
    }

    /// The 2022 report that [`REPORT_2021`] (2023) follows: it carried forward 1 request
    /// (自然人) and had 10 行政规范性文件 in force (10 + 3 issued − 1 repealed = 12).
    fn previous() -> String {
        replace(
            &year(REPORT_2021, 2022),
            "行政规范性文件\t3\t1\t12",
            "行政规范性文件\t3\t1\t10",
        )
    }

    #[test]
    fn x1_fires_when_carry_over_differs() {
        let previous = set_values(&previous(), "四、结转下年度", "2 0 0 0 0 0 2");
        let f = pair(&previous, REPORT_2021);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.code == codes::CARRY_OVER));
        assert_eq!(f[0].rule, Some("X1"));
        assert_eq!(f[0].cells[0].id.as_str(), "t3.carried_over.natural");
        assert_eq!(f[0].cells[0].report, ReportRole::Current);
        assert_eq!(f[0].cells[1].report, ReportRole::Previous);
        assert_eq!(&previous[f[0].cells[1].span.unwrap().range()], "2");
        assert_eq!(f[0].expected, Some(Number::from_i64(2)));
        assert_eq!(f[0].found, Some(Number::from_i64(1)));
    }

    #[test]
    fn x1_holds_and_works_across_templates() {
        assert!(pair(&previous(), REPORT_2021).is_empty());
        // 2020 (2019 template) → 2021: X1 is checked, X2 is not (no stock column in 2019).
        let current = year(REPORT_2021, 2021);
        assert!(pair(REPORT_2019, &current).is_empty());
        let before = set_values(REPORT_2019, "四、结转下年度", "0 0 0 0 0 0 0");
        let f = pair(&before, &current);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.code == codes::CARRY_OVER));
    }

    #[test]
    fn x2_warns_when_the_stock_moves_otherwise() {
        let before = replace(
            &previous(),
            "行政规范性文件\t3\t1\t10",
            "行政规范性文件\t3\t1\t5",
        );
        let f = pair(&before, REPORT_2021);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, codes::IN_FORCE_STOCK);
        assert_eq!(f[0].rule, Some("X2"));
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].expected, Some(Number::from_i64(7)));
        assert_eq!(f[0].found, Some(Number::from_i64(12)));
        assert_eq!(f[0].cells[1].report, ReportRole::Previous);
    }

    #[test]
    fn years_must_be_consecutive() {
        // A carry-over that differs is not reported across a gap of years.
        let before = set_values(&year(REPORT_2021, 2021), "四、结转下年度", "2 0 0 0 0 0 2");
        let f = pair(&before, REPORT_2021);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, codes::NOT_CONSECUTIVE);
        let before = set_values(&previous(), "四、结转下年度", "2 0 0 0 0 0 2");
        assert!(
            pair(&before, REPORT_2021)
                .iter()
                .all(|f| f.code != codes::NOT_CONSECUTIVE)
        );
    }
}
