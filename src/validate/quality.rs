//! Report quality: the outline, the template, units, empty values, part 五 and fees.

use super::{Cells, Finding, codes};
use crate::ast::{Block, Heading, Part, PartKind, Report, Table, TableKind, Unit, Value};
use crate::diagnostic::Severity;
use crate::number::Number;
use crate::span::Span;
use crate::template::Template;
use crate::template::{request_group, request_row};
use crate::text::{cjk_numeral_value, is_blank, is_han, key};

/// The template's six parts, in order, with their headings.
const PARTS: [(PartKind, &str); 6] = [
    (PartKind::Overview, "一、总体情况"),
    (PartKind::Proactive, "二、主动公开政府信息情况"),
    (PartKind::Requests, "三、收到和处理政府信息公开申请情况"),
    (PartKind::Reviews, "四、政府信息公开行政复议、行政诉讼情况"),
    (PartKind::Problems, "五、存在的主要问题及改进情况"),
    (PartKind::Other, "六、其他需要报告的事项"),
];

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];

fn numeral(n: u8) -> &'static str {
    usize::from(n)
        .checked_sub(1)
        .and_then(|i| NUMERALS.get(i))
        .copied()
        .unwrap_or("?")
}

/// When there is nothing to validate (no part of either template recognised, or a pre-2019
/// template), push a `report.unchecked` note and say so.
pub(super) fn not_checkable(report: &Report<'_>, findings: &mut Vec<Finding>) -> bool {
    let message = if report.template == Some(Template::Legacy) {
        "该报告采用2019年以前的地方格式，不适用现行格式的校验，未作校验"
    } else if report.template.is_none()
        && report
            .parts
            .iter()
            .all(|p| p.heading.kind == PartKind::Unknown)
    {
        "未识别出年度报告的六个部分或统计表格，未作校验"
    } else {
        return false;
    };
    let mut f = Finding::new(codes::NOT_CHECKED, Severity::Note, message);
    if let Some(t) = &report.title.title {
        f = f.span(t.span);
    }
    findings.push(f);
    true
}

/// Where a missing part should have stood: just before the next part that is there, else at the
/// end of the report.
fn place_of_missing(report: &Report<'_>, number: u8) -> Span {
    report
        .parts
        .iter()
        .find(|p| p.heading.kind.number().is_some_and(|n| n > number))
        .map_or(Span::empty(report.span.end), |p| {
            Span::empty(p.heading.span.start)
        })
}

/// Missing parts and tables; numbering, restarts and order of the part headings.
pub(super) fn structure(report: &Report<'_>, findings: &mut Vec<Finding>) {
    for (kind, heading) in PARTS {
        let number = kind.number().unwrap_or(0);
        if !report.parts.iter().any(|p| p.heading.kind == kind) {
            findings.push(
                Finding::new(
                    codes::MISSING_PART,
                    Severity::Error,
                    format!("报告缺少第{}部分“{heading}”", numeral(number)),
                )
                .span(place_of_missing(report, number)),
            );
        }
    }
    for (kind, part_kind, name) in [
        (
            TableKind::Proactive,
            PartKind::Proactive,
            "主动公开政府信息情况",
        ),
        (
            TableKind::Requests,
            PartKind::Requests,
            "收到和处理政府信息公开申请情况",
        ),
        (
            TableKind::Reviews,
            PartKind::Reviews,
            "政府信息公开行政复议、行政诉讼情况",
        ),
    ] {
        if report.tables().any(|t| t.kind == kind) {
            continue;
        }
        let number = part_kind.number().unwrap_or(0);
        let place = report
            .parts
            .iter()
            .find(|p| p.heading.kind == part_kind)
            .map_or_else(|| place_of_missing(report, number), |p| p.heading.span);
        findings.push(
            Finding::new(
                codes::MISSING_TABLE,
                Severity::Error,
                format!("报告缺少第{}部分的统计表“{name}”", numeral(number)),
            )
            .span(place),
        );
    }
    outline(report, findings);
}

/// Whether another part heading has the same kind.
fn is_duplicate(parts: &[Part<'_>], i: usize) -> bool {
    let kind = parts[i].heading.kind;
    kind != PartKind::Unknown
        && parts
            .iter()
            .enumerate()
            .any(|(j, p)| j != i && p.heading.kind == kind)
}

fn outline(report: &Report<'_>, findings: &mut Vec<Finding>) {
    let parts = &report.parts;
    let mut previous: Option<&Heading<'_>> = None;
    let mut highest_kind: Option<(u8, &Heading<'_>)> = None;
    for (i, part) in parts.iter().enumerate() {
        let h = &part.heading;
        let restarts = previous.is_some_and(|p| h.number <= p.number)
            && (h.kind == PartKind::Unknown || is_duplicate(parts, i));
        if let Some(p) = previous.filter(|_| restarts) {
            findings.push(
                Finding::new(
                    codes::PART_RESTART,
                    Severity::Warning,
                    format!(
                        "标题“{}”的编号“{}”在“{}”之后重新开始，与报告的一级标题混淆；部分内的小标题应使用“（一）”“（二）”等编号",
                        h.text, h.numeral.text, p.text
                    ),
                )
                .span(h.numeral.span),
            );
        } else if let Some(want) = h.kind.number() {
            if h.number != want && !is_duplicate(parts, i) {
                findings.push(
                    Finding::new(
                        codes::PART_NUMBERING,
                        Severity::Warning,
                        format!(
                            "“{}”是报告的第{}部分，应编号为“{}、”，而不是“{}”",
                            h.text,
                            numeral(want),
                            numeral(want),
                            h.numeral.text
                        ),
                    )
                    .span(h.numeral.span),
                );
            }
            match highest_kind {
                Some((n, before)) if want < n => findings.push(
                    Finding::new(
                        codes::PART_ORDER,
                        Severity::Warning,
                        format!(
                            "第{}部分“{}”排在第{}部分“{}”之后，顺序与格式规定不符",
                            numeral(want),
                            h.text,
                            numeral(n),
                            before.text
                        ),
                    )
                    .span(h.span),
                ),
                Some((n, before)) if want == n => findings.push(
                    Finding::new(
                        codes::PART_ORDER,
                        Severity::Warning,
                        format!(
                            "第{}部分出现两次：“{}”与“{}”",
                            numeral(want),
                            before.text,
                            h.text
                        ),
                    )
                    .span(h.span),
                ),
                _ => highest_kind = Some((want, h)),
            }
        }
        if !restarts {
            previous = Some(h);
        }
        // Top-level numerals inside a part: a paragraph that reads like a part heading.
        for block in &part.blocks {
            if let Block::Paragraph(p) = block
                && let Some(n) = top_level_numeral(p.text)
            {
                findings.push(
                    Finding::new(
                        codes::PART_RESTART,
                        Severity::Warning,
                        format!(
                            "第{}部分“{}”中出现一级编号“{}”，与报告的一级标题混淆；部分内的小标题应使用“（一）”“（二）”等编号",
                            numeral(h.kind.number().unwrap_or(h.number)),
                            h.title.text,
                            n
                        ),
                    )
                    .span(Span::new(p.span.start, p.span.start + n.len())),
                );
            }
        }
    }
}

/// `一、` when `text` is a short heading-like line opening with a top-level numeral.
fn top_level_numeral(text: &str) -> Option<&str> {
    let (i, delim) = text.char_indices().find(|(_, c)| !is_numeral_char(*c))?;
    if i == 0 || !matches!(delim, '、' | '，' | '．' | '.') {
        return None;
    }
    let end = i + delim.len_utf8();
    let head = text.get(..end)?;
    cjk_numeral_value(text.get(..i)?)?;
    let rest = text.get(end..)?;
    // A heading, not a sentence: short, without a full stop inside, with words and no values.
    let short = rest.chars().filter(|c| !is_blank(*c)).count() <= 30;
    let words = rest.chars().filter(|c| is_han(*c)).count() >= 2;
    let values = rest
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    // Nor a label of table 三 that the table did not take (`一、本年新收…`, `四、结转…`).
    let k = key(rest);
    let table_label = request_row(&k, None).is_some()
        || request_group(&k).is_some()
        || k.contains("申请数量")
        || k.contains("结转");
    (short && words && !values && !table_label && !rest.trim_end_matches('。').contains('。'))
        .then_some(head)
}

fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// A 2019 table in a report for 2021 or later; 2019 labels in a 2021 table.
pub(super) fn template(report: &Report<'_>, findings: &mut Vec<Finding>) {
    let year = report.title.year.map(|y| y.value);
    for table in report.tables() {
        if let Some(y) = year.filter(|y| *y >= 2021)
            && let Some(span) = outdated(table)
        {
            findings.push(
                Finding::new(
                    codes::OUTDATED_TEMPLATE,
                    Severity::Error,
                    format!(
                        "{y}年度报告的“{}”表使用了2019年的格式（国办公开办函〔2019〕60号）；2021年度起应使用国办公开办函〔2021〕30号的格式",
                        table_name(table.kind)
                    ),
                )
                .span(span),
            );
        }
        if table.kind != TableKind::Proactive
            || report.template != Some(Template::V2021)
            || table.template == Some(Template::V2019)
        {
            continue;
        }
        for section in table
            .sections
            .iter()
            .filter(|s| s.item == 1 && s.template != Some(Template::V2019))
        {
            for row in section.rows.iter().filter(|r| r.key == "normative") {
                let Some(label) = row.labels.last() else {
                    continue;
                };
                if !key(label.text).contains("行政规范性文件") {
                    findings.push(
                        Finding::new(
                            codes::LABEL_2019,
                            Severity::Warning,
                            format!(
                                "第二十条第（一）项的行标题“{}”是2019年格式的写法，2021年格式为“行政规范性文件”",
                                label.text
                            ),
                        )
                        .span(label.span),
                    );
                }
            }
        }
    }
}

fn table_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Proactive => "主动公开政府信息情况",
        TableKind::Requests => "收到和处理政府信息公开申请情况",
        TableKind::Reviews => "政府信息公开行政复议、行政诉讼情况",
    }
}

/// Where a table shows the 2019 template, if it does.
fn outdated(table: &Table<'_>) -> Option<Span> {
    if let Some(s) = table
        .sections
        .iter()
        .find(|s| s.template == Some(Template::V2019))
    {
        return Some(s.anchor.map_or(s.span, |a| a.span));
    }
    if table.template != Some(Template::V2019) {
        return None;
    }
    // Table 三 of 2019: the single （六）其他处理 row tells.
    table
        .rows
        .iter()
        .find(|r| r.key == "other")
        .and_then(|r| r.labels.last().map(|l| l.span))
        .or_else(|| table.header.first().map(|h| h.span))
        .or_else(|| {
            table
                .sections
                .first()
                .map(|s| s.anchor.map_or(s.span, |a| a.span))
        })
        .or(Some(Span::empty(table.span.start)))
}

/// Units against columns; blank, 0 and placeholders mixed in one table.
pub(super) fn values(report: &Report<'_>, cells: &Cells<'_, '_>, findings: &mut Vec<Finding>) {
    for entry in report.cells() {
        let Some(cell) = entry.cell else { continue };
        let Some(unit) = cell.unit else { continue };
        let id = entry.id.as_str();
        let money = id.ends_with(".amount");
        let in_wanyuan = money && cells.template() == Some(Template::V2021);
        let message = match unit {
            Unit::Yuan if in_wanyuan => format!(
                "“{}”以元为单位，但本栏（本年收费金额）的单位是万元：请换算为万元填写",
                cell.text
            ),
            Unit::Yuan | Unit::TenThousandYuan if !money => {
                format!("“{}”带有金额单位，但本栏填写的是件数", cell.text)
            }
            Unit::Percent => format!(
                "“{}”是百分比，但本栏应填写{}",
                cell.text,
                if money { "金额" } else { "件数" }
            ),
            Unit::Count if money => format!(
                "“{}”带有计数单位，但本栏应填写金额{}",
                cell.text,
                if in_wanyuan { "（万元）" } else { "" }
            ),
            _ => continue,
        };
        findings.push(Finding::new(codes::UNIT_MISMATCH, Severity::Error, message).cell(entry));
    }

    let by_id = |id: crate::template::CellId| report.cells().nth(id.index());
    for table in report.tables() {
        // (blank, zero, placeholder): the first of each
        let mut firsts: [Option<crate::template::CellId>; 3] = [None; 3];
        let rows = table
            .sections
            .iter()
            .flat_map(|s| s.rows.iter())
            .chain(table.rows.iter());
        for cell in rows.flat_map(|r| r.cells.iter()) {
            let Some(id) = cell.id.filter(|_| !cell.inferred) else {
                continue;
            };
            let slot = match cell.value {
                Value::Blank => 0,
                Value::Number(n) if n == Number::from_i64(0) => 1,
                Value::Placeholder => 2,
                Value::Number(_) | Value::Unresolved => continue,
            };
            firsts[slot].get_or_insert(id);
        }
        let kinds: Vec<(usize, crate::template::CellId)> = firsts
            .iter()
            .enumerate()
            .filter_map(|(i, id)| id.map(|id| (i, id)))
            .collect();
        if kinds.len() < 2 {
            continue;
        }
        let names: Vec<&str> = kinds
            .iter()
            .map(|(i, _)| ["空白", "“0”", "“/”等占位符"][*i])
            .collect();
        let mut f = Finding::new(
            codes::MIXED_EMPTY,
            Severity::Warning,
            format!(
                "“{}”表中无数据的单元格混用了{}：没有数据的单元格应统一填“0”",
                table_name(table.kind),
                names.join("、")
            ),
        );
        for (_, id) in kinds {
            if let Some(entry) = by_id(id) {
                f = f.cell(entry);
            }
        }
        findings.push(f);
    }
}

/// Part 五 empty; a fee charged while part 六 says nothing of 信息处理费.
pub(super) fn parts(report: &Report<'_>, cells: &Cells<'_, '_>, findings: &mut Vec<Finding>) {
    for part in report
        .parts
        .iter()
        .filter(|p| p.heading.kind == PartKind::Problems)
    {
        let says_something = part.blocks.iter().any(|b| match b {
            Block::Paragraph(p) => !is_boilerplate(p.text),
            Block::Table(_) => true,
            Block::SubHeading(_) => false,
        });
        if !says_something {
            findings.push(
                Finding::new(
                    codes::EMPTY_PART,
                    Severity::Warning,
                    format!(
                        "第五部分“{}”没有内容：应如实说明存在的主要问题及改进情况",
                        part.heading.title.text
                    ),
                )
                .span(part.heading.span),
            );
        }
    }

    if cells.template() != Some(Template::V2021) {
        return;
    }
    let Some(fee) = cells.get("t2.a20_8.fee.amount") else {
        return;
    };
    let Some(amount) = fee.value().filter(|n| *n > Number::from_i64(0)) else {
        return;
    };
    let other = report
        .parts
        .iter()
        .find(|p| p.heading.kind == PartKind::Other);
    let mentions = other.is_some_and(|p| {
        p.blocks.iter().any(|b| match b {
            Block::Paragraph(x) => key(x.text).contains("处理费"),
            Block::SubHeading(x) => key(x.text).contains("处理费"),
            Block::Table(_) => false,
        })
    });
    if mentions {
        return;
    }
    let mut f = Finding::new(
        codes::UNEXPLAINED_FEE,
        Severity::Warning,
        format!(
            "第二十条第（八）项填报本年收费金额 {amount} 万元，但第六部分“其他需要报告的事项”未说明收取信息处理费的情况"
        ),
    )
    .cell(fee);
    if let Some(p) = other {
        f = f.span(p.heading.span);
    }
    findings.push(f);
}

/// Text that says nothing: `无`, `暂无`, `（文字描述）`.
fn is_boilerplate(text: &str) -> bool {
    let k = key(text);
    matches!(
        k.as_str(),
        "" | "无" | "暂无" | "没有" | "文字描述" | "无相关情况" | "本年度无"
    )
}

#[cfg(test)]
mod tests {
    use super::super::codes;
    use super::super::fixture::{
        REPORT_2019, REPORT_2021, codes as all_codes, findings, replace, set_cell,
    };

    fn count(src: &str, code: &str) -> usize {
        findings(src, code).len()
    }

    #[test]
    fn missing_part_and_table() {
        let start = REPORT_2021.find("四、政府信息公开行政复议").unwrap();
        let end = REPORT_2021.find("五、存在的主要问题").unwrap();
        let src = format!("{}{}", &REPORT_2021[..start], &REPORT_2021[end..]);
        let f = findings(&src, codes::MISSING_PART);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("第四部分"));
        // Pointed where it should have stood: before part 五.
        assert_eq!(f[0].spans[0].start, src.find("五、存在的主要问题").unwrap());
        let t = findings(&src, codes::MISSING_TABLE);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert!(t[0].message.contains("行政复议"));
        assert_eq!(count(REPORT_2021, codes::MISSING_PART), 0);
        assert_eq!(count(REPORT_2021, codes::MISSING_TABLE), 0);
    }

    #[test]
    fn missing_table_alone() {
        let start = REPORT_2021.find("行政复议\t\t\t\t\t行政诉讼").unwrap();
        let end = REPORT_2021.find("五、存在的主要问题").unwrap();
        let src = format!("{}{}", &REPORT_2021[..start], &REPORT_2021[end..]);
        assert_eq!(count(&src, codes::MISSING_PART), 0);
        let t = findings(&src, codes::MISSING_TABLE);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(
            &src[t[0].spans[0].range()],
            "四、政府信息公开行政复议、行政诉讼情况"
        );
    }

    #[test]
    fn parts_two_to_six_numbered_one_to_five() {
        let mut src = REPORT_2021.to_string();
        for (from, to) in [
            ("二、主动公开", "一、主动公开"),
            ("三、收到和处理", "二、收到和处理"),
            ("四、政府信息公开行政复议", "三、政府信息公开行政复议"),
            ("五、存在的主要问题", "四、存在的主要问题"),
            ("六、其他需要报告", "五、其他需要报告"),
        ] {
            src = replace(&src, from, to);
        }
        let f = findings(&src, codes::PART_NUMBERING);
        assert_eq!(f.len(), 5, "{f:#?}");
        assert_eq!(&src[f[0].spans[0].range()], "一、");
        assert!(f[0].message.contains("应编号为“二、”"), "{}", f[0].message);
        assert_eq!(count(&src, codes::PART_ORDER), 0);
        assert_eq!(count(&src, codes::PART_RESTART), 0);
        assert_eq!(count(REPORT_2021, codes::PART_NUMBERING), 0);
    }

    #[test]
    fn second_top_level_numeral_inside_part_one() {
        // As a paragraph right under part 一, and as a heading that names another part.
        let src = replace(REPORT_2021, "（一）主动公开\n", "一、主动公开工作情况\n");
        let src = replace(&src, "（二）依申请公开\n", "一、依申请公开\n");
        let f = findings(&src, codes::PART_RESTART);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| &src[f.spans[0].range()] == "一、"));
        // The restart is not also reported as misnumbering or disorder.
        assert_eq!(
            count(&src, codes::PART_NUMBERING),
            0,
            "{:?}",
            all_codes(&src)
        );
        assert_eq!(count(&src, codes::PART_ORDER), 0, "{:?}", all_codes(&src));
        assert_eq!(count(REPORT_2021, codes::PART_RESTART), 0);
    }

    #[test]
    fn prose_opening_with_a_numeral_is_not_a_restart() {
        let src = replace(
            REPORT_2021,
            "（一）主动公开\n",
            "一、二季度，本机关召开专题会议，研究部署政务公开工作。随后印发了工作要点。\n",
        );
        assert_eq!(count(&src, codes::PART_RESTART), 0);
    }

    #[test]
    fn table_labels_left_as_text_are_not_restarts() {
        // Table 三 rows the grammar could not take stay paragraphs: not outline errors.
        let src = replace(
            REPORT_2021,
            "（一）主动公开\n",
            "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n三、\n四、结转下年度继续办理\n",
        );
        assert_eq!(count(&src, codes::PART_RESTART), 0, "{:?}", all_codes(&src));
    }

    #[test]
    fn parts_out_of_order() {
        let three = REPORT_2021.find("三、收到和处理").unwrap();
        let four = REPORT_2021.find("四、政府信息公开行政复议").unwrap();
        let five = REPORT_2021.find("五、存在的主要问题").unwrap();
        let src = format!(
            "{}{}{}{}",
            &REPORT_2021[..three],
            &REPORT_2021[four..five],
            &REPORT_2021[three..four],
            &REPORT_2021[five..]
        );
        let f = findings(&src, codes::PART_ORDER);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.starts_with("第三部分"), "{}", f[0].message);
        assert_eq!(count(REPORT_2021, codes::PART_ORDER), 0);
    }

    #[test]
    fn part_five_empty() {
        let src = replace(
            REPORT_2021,
            "政府信息公开工作仍存在公开内容不够全面等问题，下一步将加强培训。\n",
            "无。\n",
        );
        let f = findings(&src, codes::EMPTY_PART);
        assert_eq!(f.len(), 1, "{f:#?}");
        let src = replace(
            REPORT_2021,
            "政府信息公开工作仍存在公开内容不够全面等问题，下一步将加强培训。\n",
            "",
        );
        assert_eq!(count(&src, codes::EMPTY_PART), 1);
        assert_eq!(count(REPORT_2021, codes::EMPTY_PART), 0);
    }

    #[test]
    fn fee_without_word_in_part_six() {
        let src = replace(
            REPORT_2021,
            "本机关本年度收取信息处理费0.5万元，已按规定公示。",
            "本机关无其他需要报告的事项。",
        );
        let f = findings(&src, codes::UNEXPLAINED_FEE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].cells[0].id.as_str(), "t2.a20_8.fee.amount");
        assert!(f[0].message.contains("1.25"));
        // No fee, nothing to explain.
        let src = replace(&src, "行政事业性收费\t1.25", "行政事业性收费\t0");
        assert_eq!(count(&src, codes::UNEXPLAINED_FEE), 0);
        assert_eq!(count(REPORT_2021, codes::UNEXPLAINED_FEE), 0);
    }

    #[test]
    fn template_2019_in_a_2021_report() {
        let src = replace(REPORT_2019, "2020年政府", "2022年政府");
        let f = findings(&src, codes::OUTDATED_TEMPLATE);
        // Table 二 and table 三 are both of 2019; table 四 is the same in both templates.
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(&src[f[0].spans[0].range()], "第二十条第（一）项");
        assert_eq!(count(REPORT_2019, codes::OUTDATED_TEMPLATE), 0);
        assert_eq!(count(REPORT_2021, codes::OUTDATED_TEMPLATE), 0);
    }

    #[test]
    fn label_2019_in_a_2021_table() {
        let src = replace(REPORT_2021, "行政规范性文件\t3", "规范性文件\t3");
        let f = findings(&src, codes::LABEL_2019);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(&src[f[0].spans[0].range()], "规范性文件");
        assert_eq!(count(REPORT_2021, codes::LABEL_2019), 0);
        // In a 2019 table the label is right.
        assert_eq!(count(REPORT_2019, codes::LABEL_2019), 0);
    }

    #[test]
    fn units_against_columns() {
        let src = replace(
            REPORT_2021,
            "行政事业性收费\t1.25",
            "行政事业性收费\t12500元",
        );
        let f = findings(&src, codes::UNIT_MISMATCH);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("万元"));
        assert_eq!(&src[f[0].cells[0].span.unwrap().range()], "12500元");
        let src = replace(REPORT_2021, "行政许可\t17", "行政许可\t17万元");
        assert_eq!(count(&src, codes::UNIT_MISMATCH), 1);
        // A count unit in a count, and 万元 in the 万元 column, are right.
        let src = replace(REPORT_2021, "行政许可\t17", "行政许可\t17件");
        let src = replace(&src, "行政事业性收费\t1.25", "行政事业性收费\t1.25万元");
        assert_eq!(
            count(&src, codes::UNIT_MISMATCH),
            0,
            "{:?}",
            all_codes(&src)
        );
        // In 2019, 采购总金额 has no unit in its header: 元 and 万元 both stand.
        assert_eq!(count(REPORT_2019, codes::UNIT_MISMATCH), 0);
        let src = replace(REPORT_2019, "12.5万元", "125000元");
        assert_eq!(count(&src, codes::UNIT_MISMATCH), 0);
    }

    #[test]
    fn percent_and_count_units() {
        let src = replace(REPORT_2021, "行政许可\t17", "行政许可\t17%");
        let f = findings(&src, codes::UNIT_MISMATCH);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("百分比"), "{}", f[0].message);
        let src = replace(REPORT_2021, "行政事业性收费\t1.25", "行政事业性收费\t3件");
        let f = findings(&src, codes::UNIT_MISMATCH);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("计数单位"), "{}", f[0].message);
    }

    #[test]
    fn a_part_twice() {
        let two = REPORT_2021.find("二、主动公开").unwrap();
        let three = REPORT_2021.find("三、收到和处理").unwrap();
        let src = format!(
            "{}{}",
            &REPORT_2021[..three],
            &REPORT_2021[two..].replacen(
                "二、主动公开政府信息情况",
                "三、主动公开政府信息情况（续）",
                1
            )
        );
        let f = findings(&src, codes::PART_ORDER);
        assert_eq!(f.len(), 1, "{:?}", all_codes(&src));
        assert!(f[0].message.contains("出现两次"), "{}", f[0].message);
    }

    #[test]
    fn legacy_report_is_not_checked() {
        let src = "某区2018年政府信息公开工作年度报告\n一、概述\n本年度依法公开。\n二、主动公开政府信息情况\n政府信息公开情况统计表\n指标名称\t计量单位\t2018年度\n";
        let parse = crate::parse(src);
        assert_eq!(parse.report().template, Some(crate::Template::Legacy));
        let f = parse.report().validate();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, codes::NOT_CHECKED);
        assert!(f[0].message.contains("2019年以前"));
    }

    #[test]
    fn blank_zero_and_slash_mixed() {
        let src = replace(REPORT_2021, "规章\t0\t0\t1", "规章\t/\t/\t/");
        let f = findings(&src, codes::MIXED_EMPTY);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].cells.len(), 2);
        assert!(f[0].message.contains("主动公开"));
        // Consistent `/` throughout a table is not mixing.
        let src = replace(
            REPORT_2021,
            "2\t1\t0\t1\t4\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0",
            "2\t1\t/\t1\t4\t1\t/\t/\t/\t1\t/\t/\t/\t/\t/",
        );
        assert_eq!(count(&src, codes::MIXED_EMPTY), 0, "{:?}", all_codes(&src));
        assert_eq!(count(REPORT_2021, codes::MIXED_EMPTY), 0);
        // A blank cell (an HTML `&nbsp;`) among zeros.
        let parse = crate::parse(REPORT_2021);
        let mut report = parse.report().clone();
        set_cell(&mut report, "t4.review.other", crate::Value::Blank);
        let f: Vec<_> = report
            .validate()
            .into_iter()
            .filter(|f| f.code == codes::MIXED_EMPTY)
            .collect();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("空白"), "{}", f[0].message);
    }

    #[test]
    fn not_a_report() {
        let f = crate::parse("这是一段与年报无关的文字。")
            .report()
            .validate();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, codes::NOT_CHECKED);
        assert_eq!(count(REPORT_2021, codes::NOT_CHECKED), 0);
    }
}
