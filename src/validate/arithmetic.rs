//! The arithmetic relations of one report (FORMAT.md §5, R1–R4).

use super::{Cells, Finding, amount, codes, is_empty, sum};
use crate::CellEntry;
use crate::diagnostic::Severity;
use crate::number::Number;
use crate::template::{
    REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, RequestGroup, RequestRow, request_rows,
};

/// Chinese names of the columns of table 三, in [`REQUEST_COLUMNS`] order.
pub(super) const REQUEST_COLUMN_NAMES: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Chinese names of the groups of table 四, in [`REVIEW_GROUPS`] order.
const REVIEW_GROUP_NAMES: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];

/// What could not be checked, per rule.
#[derive(Default)]
struct Unchecked<'r, 'a> {
    /// (rule, instances, instances not checked, the unread cells)
    rules: Vec<(&'static str, usize, usize, Vec<CellEntry<'r, 'a>>)>,
}

impl<'r, 'a> Unchecked<'r, 'a> {
    fn count(&mut self, rule: &'static str, missing: &[CellEntry<'r, 'a>]) {
        let slot = match self.rules.iter().position(|r| r.0 == rule) {
            Some(i) => &mut self.rules[i],
            None => {
                self.rules.push((rule, 0, 0, Vec::new()));
                let last = self.rules.len() - 1;
                &mut self.rules[last]
            }
        };
        slot.1 += 1;
        if !missing.is_empty() {
            slot.2 += 1;
            for m in missing {
                if !slot.3.iter().any(|e| e.id == m.id) {
                    slot.3.push(*m);
                }
            }
        }
    }
}

/// One relation: the printed side and the side it must equal.
struct Relation<'r, 'a> {
    rule: &'static str,
    code: &'static str,
    found: Vec<CellEntry<'r, 'a>>,
    expected: Vec<CellEntry<'r, 'a>>,
}

impl<'r, 'a> Relation<'r, 'a> {
    /// Check the relation: `None` when it holds, the finding's values when it fails. Records
    /// an instance not checked when a term was not read (or the sums overflow).
    fn check(&self, unchecked: &mut Unchecked<'r, 'a>) -> Option<(Number, Number)> {
        let missing: Vec<CellEntry<'r, 'a>> = self
            .found
            .iter()
            .chain(&self.expected)
            // Not read, or digits whose split the table does not fix: not checkable.
            .filter(|e| e.cell.is_none_or(|c| c.value == crate::Value::Unresolved))
            .copied()
            .collect();
        let values = if missing.is_empty() {
            sum(&self.expected).zip(sum(&self.found))
        } else {
            None
        };
        match values {
            Some(_) => unchecked.count(self.rule, &[]),
            None if missing.is_empty() => {
                // Overflow: too large to add, so not checked. Counted, with the cells.
                let all: Vec<_> = self.found.iter().chain(&self.expected).copied().collect();
                unchecked.count(self.rule, &all);
            }
            None => unchecked.count(self.rule, &missing),
        }
        let (expected, found) = values?;
        (expected != found).then_some((expected, found))
    }

    fn finding(&self, message: String, expected: Number, found: Number) -> Finding {
        let mut f = Finding::new(self.code, Severity::Error, message)
            .rule(self.rule)
            .values(expected, found);
        for e in self.found.iter().chain(&self.expected) {
            f = f.cell(*e);
        }
        f
    }

    /// `（其中…栏空白，按 0 计）` when some terms are blank or placeholders, else empty.
    fn blank_note(&self, name: impl Fn(&CellEntry<'_, '_>) -> String) -> String {
        let blanks: Vec<String> = self
            .found
            .iter()
            .chain(&self.expected)
            .filter(|e| is_empty(e))
            .map(&name)
            .collect();
        match blanks.len() {
            0 => String::new(),
            n if n <= 3 => format!("（{}未填数字，按 0 计）", blanks.join("、")),
            n => format!("（其中{n}个单元格未填数字，按 0 计）"),
        }
    }
}

/// Check R1–R4 on the report's cells.
pub(super) fn check(cells: &Cells<'_, '_>, findings: &mut Vec<Finding>) {
    let Some(template) = cells.template() else {
        return;
    };
    let mut unchecked = Unchecked::default();
    let rows = request_rows(template);
    let get = |id: String| cells.get(&id);

    // R1 and R2, per column.
    for (c, col) in REQUEST_COLUMNS.iter().enumerate() {
        let col_name = REQUEST_COLUMN_NAMES[c];
        let (Some(new), Some(carried), Some(total), Some(forward)) = (
            get(format!("t3.new.{col}")),
            get(format!("t3.carried_over.{col}")),
            get(format!("t3.total.{col}")),
            get(format!("t3.carried_forward.{col}")),
        ) else {
            continue;
        };
        let r1 = Relation {
            rule: "R1",
            code: codes::BALANCE,
            found: vec![total, forward],
            expected: vec![new, carried],
        };
        if let Some((expected, found)) = r1.check(&mut unchecked) {
            let v = |e: &CellEntry<'_, '_>| amount(e).map_or_else(String::new, |n| n.to_string());
            let message = format!(
                "表三「{col_name}」列：一、本年新收（{}）加二、上年结转（{}）为 {expected}，但三、本年度办理结果（七）总计（{}）加四、结转下年度继续办理（{}）为 {found}，两者应当相等{}",
                v(&new),
                v(&carried),
                v(&total),
                v(&forward),
                r1.blank_note(|e| row_of(e.id.as_str(), rows)),
            );
            findings.push(r1.finding(message, expected, found));
        }

        let handling: Vec<CellEntry<'_, '_>> = rows
            .iter()
            .filter(|r| is_handling_row(r))
            .filter_map(|r| get(format!("t3.{}.{col}", r.key)))
            .collect();
        let r2 = Relation {
            rule: "R2",
            code: codes::RESULTS_TOTAL,
            found: vec![total],
            expected: handling,
        };
        if let Some((expected, found)) = r2.check(&mut unchecked) {
            let message = format!(
                "表三「{col_name}」列：三、本年度办理结果（七）总计为 {found}，但（一）至（六）各项办理结果之和为 {expected}{}",
                r2.blank_note(|e| row_of(e.id.as_str(), rows)),
            );
            findings.push(r2.finding(message, expected, found));
        }
    }

    // R3, per row.
    for row in rows {
        let Some(entries) = REQUEST_COLUMNS
            .iter()
            .map(|col| get(format!("t3.{}.{col}", row.key)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some((total, parts)) = entries.split_last() else {
            continue;
        };
        let r3 = Relation {
            rule: "R3",
            code: codes::ROW_TOTAL,
            found: vec![*total],
            expected: parts.to_vec(),
        };
        if let Some((expected, found)) = r3.check(&mut unchecked) {
            let message = format!(
                "表三「{}」行：总计为 {found}，但自然人与五类法人或其他组织之和为 {expected}{}",
                row_name(row),
                r3.blank_note(|e| column_of(e.id.as_str())),
            );
            findings.push(r3.finding(message, expected, found));
        }
    }

    // R4, per group of table 四.
    for (g, group) in REVIEW_GROUPS.iter().enumerate() {
        let Some(entries) = REVIEW_COLUMNS
            .iter()
            .map(|col| get(format!("t4.{group}.{col}")))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some((total, parts)) = entries.split_last() else {
            continue;
        };
        let r4 = Relation {
            rule: "R4",
            code: codes::REVIEW_TOTAL,
            found: vec![*total],
            expected: parts.to_vec(),
        };
        if let Some((expected, found)) = r4.check(&mut unchecked) {
            let message = format!(
                "表四「{}」：总计为 {found}，但结果维持、结果纠正、其他结果、尚未审结之和为 {expected}{}",
                REVIEW_GROUP_NAMES[g],
                r4.blank_note(|e| review_column_of(e.id.as_str())),
            );
            findings.push(r4.finding(message, expected, found));
        }
    }

    for (rule, instances, missed, missing) in unchecked.rules {
        if missed == 0 {
            continue;
        }
        let what = match rule {
            "R1" | "R2" => "列",
            "R3" => "行",
            _ => "组",
        };
        let mut f = Finding::new(
            codes::UNCHECKED,
            Severity::Note,
            format!(
                "{rule}：{instances}{what}中有 {missed}{what}因单元格未能读出（见解析诊断）而未核对"
            ),
        )
        .rule(rule);
        for m in missing {
            f = f.cell(m);
        }
        findings.push(f);
    }
}

/// The handling rows of table 三 (those R2 adds up): every row of group 三、本年度办理结果
/// except （七）总计 itself.
pub(super) fn is_handling_row(row: &RequestRow) -> bool {
    row.group.is_some() && row.key != "total"
}

/// The row's name as officials read it: `（三）不予公开 1.属于国家秘密`.
pub(super) fn row_name(row: &RequestRow) -> String {
    let group = match row.group {
        Some(RequestGroup::Withheld) => "（三）不予公开",
        Some(RequestGroup::Unable) => "（四）无法提供",
        Some(RequestGroup::Declined) => "（五）不予处理",
        Some(RequestGroup::Other) => "（六）其他处理",
        _ => "",
    };
    if group.is_empty() || row.label.starts_with('（') {
        row.label.to_string()
    } else {
        format!("{group} {}", row.label)
    }
}

/// The name of the row of a table 三 id (`t3.<row>.<col>`).
fn row_of(id: &str, rows: &[RequestRow]) -> String {
    let key = id
        .strip_prefix("t3.")
        .and_then(|r| r.rsplit_once('.'))
        .map_or("", |(row, _)| row);
    rows.iter()
        .find(|r| r.key == key)
        .map_or_else(|| id.to_string(), row_name)
}

/// The name of the column of a table 三 id.
fn column_of(id: &str) -> String {
    let col = id.rsplit('.').next().unwrap_or("");
    REQUEST_COLUMNS
        .iter()
        .position(|c| *c == col)
        .map_or_else(|| id.to_string(), |i| REQUEST_COLUMN_NAMES[i].to_string())
}

/// The name of the column of a table 四 id.
fn review_column_of(id: &str) -> String {
    const NAMES: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let col = id.rsplit('.').next().unwrap_or("");
    REVIEW_COLUMNS
        .iter()
        .position(|c| *c == col)
        .map_or_else(|| id.to_string(), |i| NAMES[i].to_string())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{
        REPORT_2019, REPORT_2021, findings, replace, set_cell, set_values,
    };
    use super::super::{ReportRole, codes};
    use crate::{Number, Value};

    fn n(v: i64) -> Option<Number> {
        Some(Number::from_i64(v))
    }

    #[test]
    fn r1_fires_on_an_unbalanced_column() {
        let src = set_values(REPORT_2021, "二、上年结转", "2 0 0 0 0 0 2");
        // The 自然人 and 总计 columns now take in one request more than they account for; R3
        // still holds on the row.
        let f = findings(&src, codes::BALANCE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].rule, Some("R1"));
        assert_eq!((f[0].expected, f[0].found), (n(7), n(6)));
        assert_eq!(f[0].cells[0].id.as_str(), "t3.total.natural");
        assert!(f[0].message.contains("自然人"), "{}", f[0].message);
        assert_eq!(f[1].cells[0].id.as_str(), "t3.total.total");
        let span = f[0]
            .cells
            .iter()
            .find(|c| c.id.as_str() == "t3.carried_over.natural");
        assert_eq!(&src[span.unwrap().span.unwrap().range()], "2");
    }

    #[test]
    fn r1_r2_r3_r4_hold_on_consistent_tables() {
        for src in [REPORT_2021, REPORT_2019] {
            for code in [
                codes::BALANCE,
                codes::RESULTS_TOTAL,
                codes::ROW_TOTAL,
                codes::REVIEW_TOTAL,
                codes::UNCHECKED,
            ] {
                assert!(findings(src, code).is_empty(), "{code}");
            }
        }
    }

    #[test]
    fn r2_fires_when_handling_rows_do_not_add_up() {
        // One more 自然人 request under （五）2.重复申请, row total kept consistent.
        let src = set_values(REPORT_2021, "2.重复申请", "1 0 0 0 0 0 1");
        let f = findings(&src, codes::RESULTS_TOTAL);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].cells[0].id.as_str(), "t3.total.natural");
        assert_eq!((f[0].expected, f[0].found), (n(6), n(5)));
        assert!(findings(&src, codes::ROW_TOTAL).is_empty());
    }

    #[test]
    fn r2_uses_the_2019_row_set() {
        // In 2019, （六）其他处理 is one row, `t3.other`.
        let src = set_values(REPORT_2019, "（六）其他处理", "0 0 0 0 1 0 1");
        let f = findings(&src, codes::RESULTS_TOTAL);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f[0].cells.iter().any(|c| c.id.as_str() == "t3.other.legal"));
        assert_eq!((f[0].expected, f[0].found), (n(1), n(0)));
    }

    #[test]
    fn r3_fires_on_a_row_total_and_counts_blank_as_zero() {
        let src = set_values(REPORT_2021, "（一）予以公开", "3 1 0 0 0 0 5");
        let f = findings(&src, codes::ROW_TOTAL);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Some("R3"));
        assert_eq!((f[0].expected, f[0].found), (n(4), n(5)));
        assert_eq!(f[0].cells[0].id.as_str(), "t3.granted.total");
        assert_eq!(&src[f[0].cells[0].span.unwrap().range()], "5");

        // A 总计 printed blank (`&nbsp;` in HTML) counts as 0, and the message says so.
        let parse = crate::parse(REPORT_2021);
        let mut report = parse.report().clone();
        set_cell(&mut report, "t3.granted.total", Value::Blank);
        let all = report.validate();
        let f: Vec<_> = all.iter().filter(|f| f.code == codes::ROW_TOTAL).collect();
        assert_eq!(f.len(), 1, "{all:#?}");
        assert_eq!((f[0].expected, f[0].found), (n(4), n(0)));
        assert_eq!(f[0].cells[0].value, Some(Value::Blank));
        assert!(f[0].message.contains("总计未填数字"), "{}", f[0].message);
        // A blank total also breaks the sum of the 总计 column (R2), as it should.
        assert_eq!(
            all.iter()
                .filter(|f| f.code == codes::RESULTS_TOTAL)
                .count(),
            1
        );
        // Blank where 0 belongs breaks nothing.
        let mut report = parse.report().clone();
        set_cell(&mut report, "t3.granted.research", Value::Blank);
        assert!(report.validate().iter().all(|f| !f.is_arithmetic()));
    }

    #[test]
    fn r3_placeholders_count_as_zero_and_hold() {
        let src = set_values(REPORT_2021, "3.危及", "/ / / / / / /");
        assert!(findings(&src, codes::ROW_TOTAL).is_empty());
        assert!(findings(&src, codes::RESULTS_TOTAL).is_empty());
    }

    #[test]
    fn r4_fires_per_review_group() {
        let src = replace(
            REPORT_2021,
            "2\t1\t0\t1\t4\t1\t0\t0\t0\t1",
            "2\t1\t0\t1\t4\t1\t0\t0\t0\t2",
        );
        let f = findings(&src, codes::REVIEW_TOTAL);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].cells[0].id.as_str(), "t4.suit_direct.total");
        assert_eq!((f[0].expected, f[0].found), (n(1), n(2)));
        assert!(f[0].message.contains("未经复议直接起诉"));
        assert_eq!(f[0].cells[0].report, ReportRole::Current);
    }

    #[test]
    fn decimals_compare_exactly() {
        // 0.1 + 0.2 = 0.3 exactly (a float sum would not be), in a hypothetical amount column.
        let a = Number::new(1, 1).unwrap();
        let b = Number::new(2, 1).unwrap();
        assert_eq!(a.checked_add(b), Number::new(3, 1));
        let src = set_values(REPORT_2021, "（一）予以公开", "2.9 1.1 0 0 0 0 4.0");
        assert!(findings(&src, codes::ROW_TOTAL).is_empty());
        let src = set_values(REPORT_2021, "（一）予以公开", "2.9 1.2 0 0 0 0 4");
        let f = findings(&src, codes::ROW_TOTAL);
        assert_eq!(f[0].expected, Number::new(41, 1));
    }

    #[test]
    fn unread_cells_are_not_checked_but_counted() {
        // Six values where seven are needed, one a placeholder, so no arithmetic can place
        // them: the row is not read.
        let src = replace(
            REPORT_2021,
            "（一）予以公开\t\t3\t1\t0\t0\t0\t0\t4",
            "（一）予以公开\t\t3\t/\t0\t0\t0\t4",
        );
        let parse = crate::parse(&src);
        assert!(parse.has_errors());
        let all = parse.report().validate();
        assert!(all.iter().all(|f| !f.is_arithmetic()), "{all:#?}");
        let notes: Vec<_> = all.iter().filter(|f| f.code == codes::UNCHECKED).collect();
        assert_eq!(notes.len(), 2, "{notes:#?}");
        assert!(notes.iter().any(|f| f.rule == Some("R3")));
        assert!(
            notes
                .iter()
                .all(|f| f.cells.iter().all(|c| c.value.is_none()))
        );
    }
}
