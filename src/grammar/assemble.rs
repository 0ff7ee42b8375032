//! Putting the report together: title block, template, cell ids, and the checks that need the
//! whole document.

use super::block::blocks;
use super::lines::Line;
use super::title::{
    chrome_kind, find_date, find_source, find_year, fuller_organ, is_organ_line, is_title_line,
    organ_in_title, strip_md, title_of,
};
use crate::ast::{Block, Chrome, ChromeKind, PartKind, Report, Table, TableKind, TitleBlock};
use crate::diagnostic::{Diagnostic, codes};
use crate::span::{Span, Text};
use crate::template::{self, CellId, REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, Template};

/// What comes before part 一.
pub(crate) struct Front<'a> {
    pub(crate) chrome: Vec<Chrome<'a>>,
    pub(crate) title: TitleBlock<'a>,
    pub(crate) preamble: Vec<Block<'a>>,
}

/// `front := chrome* title preamble` where `title := organ_line? title_line`.
///
/// The title is the last title-shaped line before part 一 (a page often repeats it as a
/// headline above); a title that starts with the year takes the organ line above it as its
/// first half. Lines before the title are chrome; after it, chrome-shaped lines (dates,
/// `来源:`, page tools) are chrome and the rest is the lead.
pub(crate) fn front<'a>(
    src: &'a str,
    lines: &[Line<'a>],
    facts: &super::facts::Facts,
    layouts: &mut Vec<crate::ast::Layout>,
    diags: &mut Vec<Diagnostic>,
) -> Front<'a> {
    let mut chrome = Vec::new();
    let mut title = TitleBlock::default();
    let is_candidate = |l: &Line<'_>| !l.is_blank() && chrome_kind(l.text, true).is_none();
    let next_nonblank = |i: usize| {
        lines[i + 1..]
            .iter()
            .position(|l| !l.is_blank())
            .map(|p| i + 1 + p)
    };
    // A title line, or a title wrapped over two lines (`…政府信息公开工作` / `年度报告`).
    let mut chosen: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate() {
        if !is_candidate(l) {
            continue;
        }
        if is_title_line(l.text) {
            chosen = Some((i, i));
        } else if let Some(j) = next_nonblank(i) {
            let next = lines[j].text;
            if next.chars().count() <= 8
                && is_candidate(&lines[j])
                && is_title_line(&format!("{}{}", l.text, next))
            {
                chosen = Some((i, j));
            }
        }
    }
    let (title_start, after_title) = match chosen {
        Some((i, last)) => {
            let text = strip_md(lines[i].text);
            let starts_with_year = find_year(text, 0).is_some_and(|y| y.span.start == 0);
            let prev = lines[..i].iter().rposition(|l| !l.is_blank());
            let start = match prev {
                Some(j) if starts_with_year && i == last && is_organ_line(lines[j].text) => j,
                _ => i,
            };
            let title_lines: Vec<&Line<'a>> = lines[start..=last]
                .iter()
                .filter(|l| !l.is_blank())
                .collect();
            title.title = title_of(src, &title_lines);
            (start, last + 1)
        }
        None => {
            // A crawler's `标题:` field stands for a title the body does not print.
            let field = lines.iter().find_map(super::title::find_title_field);
            match field {
                Some(f) => {
                    title.title = Some(crate::ast::Title {
                        text: f.text,
                        span: f.span,
                        lines: vec![f],
                    });
                }
                None => diags.push(Diagnostic::warning(
                    codes::NO_TITLE,
                    "no title line (…政府信息公开工作年度报告) was found before part 一",
                    lines
                        .iter()
                        .find(|l| !l.is_blank())
                        .map_or(Span::default(), |l| l.span),
                )),
            }
            // Everything before the lead that is chrome stays chrome.
            let lead = lines
                .iter()
                .position(|l| !l.is_blank() && chrome_kind(l.text, true).is_none())
                .unwrap_or(lines.len());
            (lead, lead)
        }
    };
    for l in lines[..title_start].iter().filter(|l| !l.is_blank()) {
        let kind = chrome_kind(l.text, true).unwrap_or(if is_title_line(l.text) {
            ChromeKind::Headline
        } else {
            ChromeKind::Other
        });
        chrome.push(Chrome {
            kind,
            text: l.text,
            span: l.span,
        });
    }
    let mut lead: Vec<Line<'a>> = Vec::new();
    for l in &lines[after_title..] {
        match chrome_kind(l.text, true) {
            Some(kind) if !l.is_blank() => chrome.push(Chrome {
                kind,
                text: l.text,
                span: l.span,
            }),
            _ => lead.push(*l),
        }
    }
    for c in &chrome {
        if c.kind != ChromeKind::Metadata {
            continue;
        }
        let line = Line {
            text: c.text,
            span: c.span,
            input: super::Input::new(c.text),
        };
        if title.published.is_none() {
            title.published = find_date(&line);
        }
        if title.source.is_none() {
            title.source = find_source(&line);
        }
    }
    let preamble = blocks(src, &lead, facts, layouts, diags);
    Front {
        chrome,
        title,
        preamble,
    }
}

fn tables_mut<'r, 'a>(report: &'r mut Report<'a>) -> impl Iterator<Item = &'r mut Table<'a>> {
    report
        .preamble
        .iter_mut()
        .chain(report.parts.iter_mut().flat_map(|p| p.blocks.iter_mut()))
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
}

/// Texts the organ's fullest form is looked for in: the lead, paragraphs and sub-headings.
fn prose<'r, 'a>(report: &'r Report<'a>) -> impl Iterator<Item = Text<'a>> + 'r {
    report
        .preamble
        .iter()
        .chain(report.parts.iter().flat_map(|p| p.blocks.iter()))
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(Text::new(p.text, p.span)),
            Block::SubHeading(h) => Some(Text::new(h.text, h.span)),
            Block::Table(_) => None,
        })
}

/// Decide the template, give cells their ids, read organ and year, and check what needs the
/// whole document.
pub(crate) fn finish(report: &mut Report<'_>, diags: &mut Vec<Diagnostic>) {
    use crate::ast::Layout;
    let chrome = report.front_matter.iter().chain(&report.back_matter);
    let mut extra = Vec::new();
    for c in chrome {
        if c.text.starts_with("标题:")
            || c.text.starts_with("标题：")
            || c.text.starts_with("原文链接")
        {
            extra.push(Layout::CrawlerMetadata);
        }
        if matches!(
            c.kind,
            ChromeKind::Breadcrumb | ChromeKind::Toolbar | ChromeKind::Footer
        ) {
            extra.push(Layout::WebChrome);
        }
    }
    if diags.iter().any(|d| d.code == codes::ROW_BY_POSITION) {
        extra.push(Layout::FloatingLabels);
    }
    report.layouts.extend(extra);
    report.layouts.sort();
    report.layouts.dedup();
    decide_template(report, diags);
    if let Some(t) = report.template.filter(|t| *t != Template::Legacy) {
        assign_ids(report, t, diags);
        check_parts(report, diags);
    }
    read_year(report, diags);
    read_organ(report);
}

fn decide_template(report: &mut Report<'_>, diags: &mut Vec<Diagnostic>) {
    let mut by_t2 = None;
    let mut by_t3 = None;
    let mut any_table = false;
    let mut first_span = Span::default();
    for t in tables_mut(report) {
        if !any_table {
            first_span = t.span;
        }
        any_table = true;
        match t.kind {
            TableKind::Proactive => by_t2 = by_t2.or(t.template),
            TableKind::Requests => by_t3 = by_t3.or(t.template),
            TableKind::Reviews => {}
        }
    }
    report.template = match (by_t2, by_t3) {
        (Some(a), Some(b)) if a != b => {
            diags.push(Diagnostic::warning(
                codes::MIXED_TEMPLATE,
                format!("table 二 follows the {a} template but table 三 the {b} one; cells are given for {a}"),
                first_span,
            ));
            Some(a)
        }
        (Some(a), _) => Some(a),
        (None, Some(b)) => Some(b),
        (None, None) => None,
    };
    if report.template.is_some() {
        return;
    }
    let unknown_parts = report
        .parts
        .iter()
        .filter(|p| p.heading.kind == PartKind::Unknown)
        .count();
    let legacy_words = prose(report).any(|t| {
        t.text.contains("统计表") || t.text.contains("指标名称") || t.text.contains("计量单位")
    });
    if !any_table && (unknown_parts >= 1 || legacy_words) && !report.parts.is_empty() {
        report.template = Some(Template::Legacy);
        diags.push(Diagnostic::warning(
            codes::LEGACY_TEMPLATE,
            "this report follows an older, locally defined template (before 国办公开办函〔2019〕60号); it has no canonical cells",
            report.parts.first().map_or(report.span, |p| p.heading.span),
        ));
    } else {
        diags.push(Diagnostic::error(
            codes::UNKNOWN_TEMPLATE,
            if any_table {
                "the tables do not show which template (2019 or 2021) they follow; no cell could be given an id"
            } else {
                "no table of the 2019 or 2021 template was found"
            },
            if any_table { first_span } else { report.span },
        ));
    }
}

fn assign_ids(report: &mut Report<'_>, tpl: Template, diags: &mut Vec<Diagnostic>) {
    let mut seen = [false; 3];
    let mut t3_rows: Vec<&'static str> = Vec::new();
    let mut t3_span = None;
    let mut t2_rows: Vec<(u8, &'static str)> = Vec::new();
    let mut t2_span = None;
    for table in tables_mut(report) {
        match table.kind {
            TableKind::Proactive => {
                seen[0] = true;
                t2_span.get_or_insert(table.span);
                for s in &mut table.sections {
                    t2_rows.extend(
                        s.rows
                            .iter()
                            .filter(|r| !r.key.is_empty())
                            .map(|r| (s.item, r.key)),
                    );
                    let s_tpl = s.template.unwrap_or(tpl);
                    let default_cols: Vec<Option<&'static str>> =
                        template::article20_section(s_tpl, s.item)
                            .map(|d| d.columns.iter().map(|c| Some(c.key)).collect())
                            .unwrap_or_default();
                    // A column printed twice leaves no way to tell which values are whose.
                    let mut seen_cols: Vec<&str> = Vec::new();
                    if let Some(dup) = s.column_keys.iter().flatten().find(|k| {
                        let d = seen_cols.contains(k);
                        seen_cols.push(k);
                        d
                    }) {
                        diags.push(Diagnostic::error(
                            codes::DUPLICATE_COLUMN,
                            format!("column `{dup}` of 第二十条第{}项 is printed twice; the item's cells were left empty", s.item),
                            s.span,
                        ));
                        continue;
                    }
                    let cols = if s.column_keys.is_empty() {
                        default_cols
                    } else {
                        s.column_keys.clone()
                    };
                    for row in s.rows.iter_mut().filter(|r| !r.key.is_empty()) {
                        if row.cells.len() != cols.len() {
                            diags.push(Diagnostic::error(
                                codes::CELL_COUNT,
                                format!(
                                    "row `{}` of 第二十条第{}项 has {} value(s) for {} column(s); its cells were left empty",
                                    row.labels.last().map_or("", |l| l.text),
                                    s.item,
                                    row.cells.len(),
                                    cols.len()
                                ),
                                row.span,
                            ));
                            continue;
                        }
                        for (cell, col) in row.cells.iter_mut().zip(&cols) {
                            let Some(col) = col else { continue };
                            cell.id = CellId::lookup(
                                tpl,
                                &format!("t2.a20_{}.{}.{}", s.item, row.key, col),
                            );
                            if cell.id.is_none() {
                                diags.push(Diagnostic::warning(
                                    codes::MIXED_TEMPLATE,
                                    format!("cell `t2.a20_{}.{}.{}` is not part of the {tpl} template; it has no id", s.item, row.key, col),
                                    cell.span,
                                ));
                            }
                        }
                    }
                }
            }
            TableKind::Requests => {
                seen[1] = true;
                t3_span.get_or_insert(table.span);
                for row in table.rows.iter_mut().filter(|r| !r.key.is_empty()) {
                    t3_rows.push(row.key);
                    let ids: Vec<Option<CellId>> = REQUEST_COLUMNS
                        .iter()
                        .map(|c| CellId::lookup(tpl, &format!("t3.{}.{}", row.key, c)))
                        .collect();
                    if ids.iter().all(Option::is_none) {
                        diags.push(Diagnostic::warning(
                            codes::MIXED_TEMPLATE,
                            format!("row `{}` of table 三 is not part of the {tpl} template; its cells have no id", row.labels.last().map_or("", |l| l.text)),
                            row.span,
                        ));
                    }
                    for (cell, id) in row.cells.iter_mut().zip(ids) {
                        cell.id = id;
                    }
                }
            }
            TableKind::Reviews => {
                seen[2] = true;
                for row in table.rows.iter_mut().filter(|r| r.key == "values") {
                    let ids = REVIEW_GROUPS
                        .iter()
                        .flat_map(|g| REVIEW_COLUMNS.iter().map(move |c| format!("t4.{g}.{c}")));
                    for (cell, id) in row.cells.iter_mut().zip(ids) {
                        cell.id = CellId::lookup(tpl, &id);
                    }
                }
            }
        }
    }
    for (i, name) in [
        "二 (主动公开政府信息情况)",
        "三 (收到和处理政府信息公开申请情况)",
        "四 (行政复议、行政诉讼情况)",
    ]
    .iter()
    .enumerate()
    {
        if !seen[i] {
            diags.push(Diagnostic::warning(
                codes::MISSING_TABLE,
                format!("table {name} was not found; its cells are empty"),
                report.span,
            ));
        }
    }
    if let Some(span) = t2_span {
        let missing: Vec<String> = template::article20_sections(tpl)
            .iter()
            .flat_map(|s| s.rows.iter().map(move |r| (s.item, r)))
            .filter(|(item, r)| !t2_rows.contains(&(*item, r.key)))
            .map(|(item, r)| format!("第{}项 {}", item, r.label))
            .collect();
        if !missing.is_empty() {
            diags.push(Diagnostic::warning(
                codes::MISSING_ROW,
                format!(
                    "table 二 lacks {} row(s) of the template, whose cells are empty: {}",
                    missing.len(),
                    missing.join("、")
                ),
                span,
            ));
        }
    }
    if let Some(span) = t3_span {
        let missing: Vec<&str> = template::request_rows(tpl)
            .iter()
            .filter(|r| !t3_rows.contains(&r.key))
            .map(|r| r.label)
            .collect();
        if !missing.is_empty() {
            diags.push(Diagnostic::warning(
                codes::MISSING_ROW,
                format!(
                    "table 三 lacks {} row(s) of the template, whose cells are empty: {}",
                    missing.len(),
                    missing.join("、")
                ),
                span,
            ));
        }
    }
}

fn check_parts(report: &Report<'_>, diags: &mut Vec<Diagnostic>) {
    for kind in [
        PartKind::Overview,
        PartKind::Proactive,
        PartKind::Requests,
        PartKind::Reviews,
        PartKind::Problems,
        PartKind::Other,
    ] {
        if !report.parts.iter().any(|p| p.heading.kind == kind) {
            diags.push(Diagnostic::warning(
                codes::MISSING_PART,
                format!(
                    "part {} ({:?}) was not found",
                    kind.number().unwrap_or(0),
                    kind
                ),
                report.span,
            ));
        }
    }
    for p in &report.parts {
        if let Some(n) = p.heading.kind.number()
            && n != p.heading.number
        {
            diags.push(Diagnostic::warning(
                codes::PART_NUMBER,
                format!(
                    "heading `{}` is numbered {} but is part {} of the template",
                    p.heading.text, p.heading.number, n
                ),
                p.heading.numeral.span,
            ));
        }
    }
}

fn read_year(report: &mut Report<'_>, diags: &mut Vec<Diagnostic>) {
    let from_title = report
        .title
        .title
        .as_ref()
        .and_then(|t| t.lines.iter().find_map(|l| find_year(l.text, l.span.start)));
    let from_lead = || {
        prose(report).find_map(|t| {
            ["统计期限", "统计期间", "统计时限", "起至", "至"]
                .iter()
                .any(|w| t.text.contains(w))
                .then(|| find_year(t.text, t.span.start))
                .flatten()
        })
    };
    report.title.year = from_title.or_else(from_lead);
    if report.title.year.is_none() && report.template.is_some() {
        diags.push(Diagnostic::warning(
            codes::NO_YEAR,
            "the reported year was not found in the title or the lead",
            report.span,
        ));
    }
}

fn read_organ(report: &mut Report<'_>) {
    let short = report
        .title
        .title
        .as_ref()
        .and_then(|title| match title.lines.as_slice() {
            [first, _, ..] if is_organ_line(first.text) => Some(*first),
            lines => lines.iter().find_map(|l| organ_in_title(*l)),
        });
    // A title that names no organ (`2023年政府信息公开工作年度报告`): the body signing the
    // report, an organ line over a date at the end of the last part.
    let Some(short) = short.or_else(|| signature(report)) else {
        return;
    };
    let mut best = short;
    for text in prose(report) {
        if let Some(found) = fuller_organ(short.text, text)
            && found.text.chars().count() > best.text.chars().count()
        {
            best = found;
        }
    }
    report.title.organ = Some(best);
}

/// The signature at the end of the last part: an organ line followed by a date line.
fn signature<'a>(report: &Report<'a>) -> Option<Text<'a>> {
    let blocks = &report.parts.last()?.blocks;
    let paragraphs: Vec<Text<'a>> = blocks
        .iter()
        .rev()
        .take(6)
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(Text::new(p.text, p.span)),
            _ => None,
        })
        .collect();
    paragraphs.windows(2).find_map(|w| {
        let (date, organ) = (w[0], w[1]);
        let is_date = date.text.chars().count() <= 20
            && find_date(&Line {
                text: date.text,
                span: date.span,
                input: super::Input::new(date.text),
            })
            .is_some();
        (is_date && is_organ_line(organ.text)).then_some(organ)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn organ_from_the_signature_when_the_title_names_none() {
        let src = "2023年政府信息公开工作年度报告\n一、总体情况\n本街道依法公开。\n六、其他需要报告的事项\n无。\n城西街道办事处\n2024年1月20日\n";
        let parse = crate::parse(src);
        assert_eq!(
            parse.report().title.organ.map(|o| o.text),
            Some("城西街道办事处")
        );
        assert_eq!(parse.report().title.year.map(|y| y.value), Some(2023));
    }

    #[test]
    fn title_from_a_name_field() {
        let src = "名 称: 新下陆街道办事处2022年度 政府信息公开工作年度报告\n发布日期: 2023-01-17\n一、总体情况\n本街道依法公开。\n";
        let parse = crate::parse(src);
        assert_eq!(
            parse.title_text().as_deref(),
            Some("新下陆街道办事处2022年度 政府信息公开工作年度报告")
        );
        assert_eq!(
            parse.report().title.organ.map(|o| o.text),
            Some("新下陆街道办事处")
        );
        assert_eq!(parse.report().title.year.map(|y| y.value), Some(2022));
    }
}
