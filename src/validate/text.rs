//! T1: counts of requests stated in the prose of part 一 against table 三.
//!
//! A sentence (up to `。`, `；`, `！`, `？`) that speaks of 申请 is cut into clauses at commas
//! and `、`. A clause is read when it names one of these and then gives a number of 件 (or 项):
//!
//! | words | compared with |
//! |---|---|
//! | `收到`, `受理` … `申请` | 一、本年新收 总计, or 一 + 二、上年结转 (reports use both) |
//! | `办结`, `答复`, `办理完毕` | 三、本年度办理结果（七）总计 |
//! | `上年…结转`, `结转…上年` | 二、上年结转 总计 |
//! | `结转…下年`, `转下一年`, `顺延` … `下年` | 四、结转下年度继续办理 总计 |
//! | `结转` alone | 二 or 四 |
//!
//! Clauses about other counts (`咨询`, `投诉`, `留言`, `热线`, `诉求`, `来信`, `复议`, `诉讼`)
//! and approximate numbers (`20余件`, `30多件`) are skipped. The number is the first one after
//! the words, in ASCII or full-width digits.

use super::{Cells, Finding, amount, codes};
use crate::CellEntry;
use crate::ast::{Block, PartKind, Report};
use crate::diagnostic::Severity;
use crate::number::Number;
use crate::span::Span;
use crate::text::is_blank;

/// What a clause counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Count {
    Received,
    Handled,
    CarriedOver,
    CarriedForward,
    Carried,
}

const OFF_TOPIC: &[&str] = &[
    "咨询", "投诉", "留言", "热线", "诉求", "来信", "复议", "诉讼", "来电",
];

/// Check the counts of requests in the prose of part 一 against table 三.
pub(super) fn request_counts<'r, 'a>(
    report: &Report<'_>,
    cells: &Cells<'r, 'a>,
    findings: &mut Vec<Finding>,
) {
    let get = |id: &str| cells.get(id);
    let (Some(new), Some(carried), Some(total), Some(forward)) = (
        get("t3.new.total"),
        get("t3.carried_over.total"),
        get("t3.total.total"),
        get("t3.carried_forward.total"),
    ) else {
        return;
    };
    let paragraphs = report
        .parts
        .iter()
        .filter(|p| p.heading.kind == PartKind::Overview)
        .flat_map(|p| p.blocks.iter())
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        });
    for paragraph in paragraphs {
        for (count, number, span) in stated_counts(paragraph.text) {
            let span = Span::new(
                paragraph.span.start + span.start,
                paragraph.span.start + span.end,
            );
            // What the table says, each with the cells it comes from and how to say it.
            let one =
                |e: CellEntry<'r, 'a>, what: &'static str| amount(&e).map(|n| (n, vec![e], what));
            let candidates: Vec<(Number, Vec<CellEntry<'r, 'a>>, &str)> = match count {
                Count::Received => [
                    one(new, "“一、本年新收政府信息公开申请数量”总计为"),
                    amount(&new)
                        .zip(amount(&carried))
                        .and_then(|(a, b)| a.checked_add(b))
                        .map(|n| (n, vec![new, carried], "加上“二、上年结转”为")),
                ]
                .into_iter()
                .flatten()
                .collect(),
                Count::Handled => one(total, "“三、本年度办理结果（七）总计”为")
                    .into_iter()
                    .collect(),
                Count::CarriedOver => one(carried, "“二、上年结转政府信息公开申请数量”总计为")
                    .into_iter()
                    .collect(),
                Count::CarriedForward => one(forward, "“四、结转下年度继续办理”总计为")
                    .into_iter()
                    .collect(),
                Count::Carried => [
                    one(carried, "“二、上年结转政府信息公开申请数量”总计为"),
                    one(forward, "“四、结转下年度继续办理”总计为"),
                ]
                .into_iter()
                .flatten()
                .collect(),
            };
            let Some((expected, entries, _)) = candidates.first().cloned() else {
                continue;
            };
            if candidates.iter().any(|(n, _, _)| *n == number) {
                continue;
            }
            let table = candidates
                .iter()
                .map(|(n, _, what)| format!("{what} {n}"))
                .collect::<Vec<_>>()
                .join("，");
            let mut f = Finding::new(
                codes::REQUEST_COUNT,
                Severity::Warning,
                format!(
                    "正文“{}”称 {number} 件，但表三{table}，文字与表格不一致",
                    slice_within(paragraph.text, paragraph.span, span).unwrap_or(""),
                ),
            )
            .rule("T1")
            .span(span)
            .values(expected, number);
            for e in entries {
                f = f.cell(e);
            }
            findings.push(f);
        }
    }
}

/// The part of `text` (whose own span is `of`) that `span` covers.
fn slice_within(text: &str, of: Span, span: Span) -> Option<&str> {
    text.get(span.start.checked_sub(of.start)?..span.end.checked_sub(of.start)?)
}

/// The counts a paragraph states: what, how many, and the byte range (within `text`) of the
/// clause from its key word to the unit.
fn stated_counts(text: &str) -> Vec<(Count, Number, Span)> {
    let mut out = Vec::new();
    for (sentence, s_start) in pieces(text, 0, &['。', '；', ';', '！', '!', '？', '?']) {
        if !sentence.contains("申请") {
            continue;
        }
        for (clause, c_start) in pieces(sentence, s_start, &['，', ',', '、', '（', '）', '(', ')'])
        {
            if OFF_TOPIC.iter().any(|w| clause.contains(w)) {
                continue;
            }
            let Some((count, from)) = classify(clause) else {
                continue;
            };
            let Some(rest) = clause.get(from..) else {
                continue;
            };
            let Some((number, n_end)) = first_count(rest) else {
                continue;
            };
            let start = c_start + from;
            out.push((count, number, Span::new(start, start + n_end)));
        }
    }
    out
}

/// `text` cut at `delims`, each piece with its byte offset (plus `base`).
fn pieces<'t>(text: &'t str, base: usize, delims: &[char]) -> Vec<(&'t str, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if delims.contains(&c) {
            if let Some(p) = text.get(start..i) {
                out.push((p, base + start));
            }
            start = i + c.len_utf8();
        }
    }
    if let Some(p) = text.get(start..) {
        out.push((p, base + start));
    }
    out
}

/// What the clause counts, and where its key word starts.
fn classify(clause: &str) -> Option<(Count, usize)> {
    let find = |w: &str| clause.find(w);
    let first = |ws: &[&str]| ws.iter().filter_map(|w| find(w)).min();
    if let Some(at) = first(&["结转", "顺延", "转下一年", "转入下一年", "转到下一年"])
    {
        let before = clause.get(..at).unwrap_or("");
        let after = clause.get(at..).unwrap_or("");
        let count = if before.contains("上年") || before.contains("上一年") {
            Count::CarriedOver
        } else if after.contains("下年") || after.contains("下一年") || after.contains("次年")
        {
            Count::CarriedForward
        } else if after.contains("上年") || after.contains("上一年") {
            Count::CarriedOver
        } else {
            Count::Carried
        };
        let from = if count == Count::CarriedOver {
            first(&["上年", "上一年"]).map_or(at, |b| b.min(at))
        } else {
            at
        };
        return Some((count, from));
    }
    if let Some(at) = first(&["办结", "答复", "办理完毕"]) {
        return Some((Count::Handled, at));
    }
    if let Some(at) = first(&["收到", "受理", "接收"])
        && clause.get(at..).is_some_and(|r| r.contains("申请"))
    {
        return Some((Count::Received, at));
    }
    None
}

/// The first number in `rest` followed by `件` or `项` (blanks allowed between), and the end of
/// the unit. A number followed by anything else (`%`, `个工作日`, `余件`) ends the search.
fn first_count(rest: &str) -> Option<(Number, usize)> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if digit(c).is_none() {
            continue;
        }
        let mut digits = String::new();
        digits.push(digit(c)?);
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            match digit(d) {
                Some(v) => {
                    digits.push(v);
                    end = j + d.len_utf8();
                    chars.next();
                }
                None => break,
            }
        }
        let after = rest.get(end..)?;
        let unit_at = after.len() - after.trim_start_matches(is_blank).len();
        let tail = after.get(unit_at..)?;
        let unit = tail.chars().next()?;
        if matches!(unit, '件' | '项') {
            let number = digits.parse::<i64>().ok().map(Number::from_i64)?;
            return Some((number, end + unit_at + unit.len_utf8()));
        }
        return None;
    }
    None
}

fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::codes;
    use super::super::fixture::{REPORT_2021, findings, replace};
    use super::*;

    fn read(text: &str) -> Vec<(Count, i64, &str)> {
        stated_counts(text)
            .into_iter()
            .map(|(c, n, s)| (c, n.to_i64().unwrap(), &text[s.range()]))
            .collect()
    }

    #[test]
    fn reads_the_usual_sentences() {
        assert_eq!(
            read(
                "2022年,廿三里街道共收到信息公开申请7件,上年度结转1件;予以公开3件,无法提供4件,结转下年继续办理1件"
            ),
            vec![
                (Count::Received, 7, "收到信息公开申请7件"),
                (Count::CarriedOver, 1, "上年度结转1件"),
            ]
        );
        assert_eq!(
            read(
                "全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度办理）。"
            ),
            vec![
                (Count::Received, 3119, "受理政府信息公开申请 3119 件"),
                (Count::Handled, 3050, "答复 3050 件"),
                (Count::CarriedOver, 34, "上年度结转申请 34 件"),
            ]
        );
        assert_eq!(
            read("高新区共受理政府信息公开依申请公开 ３ 件，均已按期办结，办结率 100%。"),
            vec![(Count::Received, 3, "受理政府信息公开依申请公开 ３ 件")]
        );
        // Not about requests, or approximate.
        assert!(read("截至目前共收到15564件咨询投诉件，已办结15042件。").is_empty());
        assert!(read("在热线平台回应群众诉求 20 余件，申请人满意。").is_empty());
        assert!(read("我局未收到政府信息公开申请。").is_empty());
    }

    #[test]
    fn t1_fires_when_prose_and_table_differ() {
        let src = replace(
            REPORT_2021,
            "共收到政府信息公开申请8件",
            "共收到政府信息公开申请12件",
        );
        let f = findings(&src, codes::REQUEST_COUNT);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Some("T1"));
        assert_eq!(&src[f[0].spans[0].range()], "收到政府信息公开申请12件");
        assert_eq!(f[0].found, Some(Number::from_i64(12)));
        assert_eq!(f[0].expected, Some(Number::from_i64(8)));
        assert_eq!(f[0].cells[0].id.as_str(), "t3.new.total");
        assert_eq!(&src[f[0].cells[0].span.unwrap().range()], "8");

        let src = replace(REPORT_2021, "全年办结8件", "全年办结7件");
        let f = findings(&src, codes::REQUEST_COUNT);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].cells[0].id.as_str(), "t3.total.total");

        let src = replace(
            REPORT_2021,
            "结转下年度继续办理1件",
            "结转下年度继续办理3件",
        );
        let f = findings(&src, codes::REQUEST_COUNT);
        assert_eq!(f[0].cells[0].id.as_str(), "t3.carried_forward.total");
    }

    #[test]
    fn t1_holds_when_prose_agrees() {
        assert!(findings(REPORT_2021, codes::REQUEST_COUNT).is_empty());
        // Received counted with the carried-over requests (8 + 1) is accepted too.
        let src = replace(
            REPORT_2021,
            "共收到政府信息公开申请8件",
            "共收到政府信息公开申请9件",
        );
        assert!(findings(&src, codes::REQUEST_COUNT).is_empty());
    }
}
