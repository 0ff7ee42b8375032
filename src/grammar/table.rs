//! The three tables of the template, read from a token stream.
//!
//! Each grammar consumes tokens while they belong to its table and returns how many it took.
//! Rows are recognised by their labels' meaning ([`crate::template`]); a row whose label is not
//! recognised, or whose number of values is wrong, becomes a diagnostic and its values are kept
//! in the tree without a cell id, never shifted into another row's cells.

use super::token::{Token, TokenKind};
use crate::ast::{Cell, Row, Section, Table, TableKind, Value};
use crate::diagnostic::{Diagnostic, codes};
use crate::number::Number;
use crate::span::{Span, Text};
use crate::template::{
    self, REQUEST_COLUMNS, REQUEST_HEADER_WORDS, REVIEW_HEADER_WORDS, RequestGroup, Template,
    made_of,
};
use crate::text::cjk_numeral_value;

/// Which table a token opens, if any.
pub(crate) fn table_anchor(tok: &Token<'_>) -> Option<TableKind> {
    let k = tok.label()?;
    if article20_item(k).is_some() {
        Some(TableKind::Proactive)
    } else if k.starts_with("本列数据的勾稽关系")
        || k == "申请人情况"
        || k.starts_with("申请人情况") && made_of(k, REQUEST_HEADER_WORDS)
    {
        Some(TableKind::Requests)
    } else if k == "行政复议" || (k.starts_with("行政复议") && made_of(k, REVIEW_HEADER_WORDS))
    {
        Some(TableKind::Reviews)
    } else if template::request_row(k, None) == Some("new") && tok.text.chars().count() <= 30 {
        Some(TableKind::Requests)
    } else {
        None
    }
}

/// `article20_anchor := "第二十条第" "(" cjk_numeral ")" "项"` (matched on the key, so brackets
/// and spaces of either width are accepted).
pub(crate) fn article20_item(k: &str) -> Option<u8> {
    let inner = k.strip_prefix("第二十条第")?.strip_suffix('项')?;
    cjk_numeral_value(inner)
}

fn cell<'a>(tok: &Token<'a>) -> Cell<'a> {
    let (value, unit) = match &tok.kind {
        TokenKind::Value(v, u) => (*v, *u),
        _ => (Value::Blank, None),
    };
    Cell {
        id: None,
        text: tok.text,
        span: tok.span,
        value,
        unit,
        inferred: false,
    }
}

fn span_of(toks: &[Token<'_>]) -> Span {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.span.join(b.span),
        _ => Span::default(),
    }
}

/// Number of value tokens from `pos` on.
fn count_values(toks: &[Token<'_>], pos: usize) -> usize {
    toks[pos.min(toks.len())..]
        .iter()
        .take_while(|t| t.is_value())
        .count()
}

fn overflow_diagnostics(values: &[Token<'_>], diags: &mut Vec<Diagnostic>) {
    for t in values {
        if matches!(t.kind, TokenKind::Overflow) {
            diags.push(Diagnostic::error(
                codes::NUMBER_OVERFLOW,
                format!("`{}` has too many digits to be read", t.text),
                t.span,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Table 二

/// `proactive_table := section+`
/// `section := article20_anchor header? row*`
/// `header := "信息内容"? column_head+`
/// `row := row_label value*`
pub(crate) fn proactive_table<'a>(
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut pos = 0;
    let mut sections = Vec::new();
    while let Some(item) = toks
        .get(pos)
        .and_then(|t| t.label())
        .and_then(article20_item)
    {
        let (section, used) = article20_section(item, &toks[pos..], diags);
        sections.push(section);
        pos += used;
    }
    let template = section_template(&sections);
    let table = Table {
        kind: TableKind::Proactive,
        template,
        header: Vec::new(),
        sections,
        rows: Vec::new(),
        span: span_of(&toks[..pos]),
    };
    (table, pos)
}

fn section_template(sections: &[Section<'_>]) -> Option<Template> {
    let mut found = None;
    for s in sections {
        match (found, s.template) {
            (None, t) => found = t,
            (Some(a), Some(b)) if a != b => return Some(a),
            _ => {}
        }
    }
    found
}

fn article20_section<'a>(
    item: u8,
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Section<'a>, usize) {
    let anchor = toks[0].as_text();
    let mut pos = 1;
    let mut columns: Vec<Text<'a>> = Vec::new();
    let mut column_keys: Vec<Option<&'static str>> = Vec::new();
    let mut templates = Vec::new();
    let mut saw_content_header = false;
    if toks.get(pos).and_then(|t| t.label()) == Some("信息内容") {
        saw_content_header = true;
        pos += 1;
    }
    // column_head+
    while let Some(tok) = toks.get(pos) {
        let Some(k) = tok.label() else { break };
        if article20_item(k).is_some() || template::any_article20_row(k).is_some() {
            break;
        }
        if k == "信息内容" {
            // The label column's header printed again (a converter repeating a merged cell):
            // never a value column.
            pos += 1;
            continue;
        }
        match template::article20_column(k) {
            Some((t, term)) => {
                templates.push(t);
                columns.push(tok.as_text());
                column_keys.push(Some(term.key));
            }
            None if saw_content_header && count_values(toks, pos + 1) == 0 => {
                diags.push(Diagnostic::warning(
                    codes::UNKNOWN_COLUMN,
                    format!(
                        "column header `{}` of 第二十条 matches no column of the template",
                        tok.text
                    ),
                    tok.span,
                ));
                columns.push(tok.as_text());
                column_keys.push(None);
            }
            None => break,
        }
        pos += 1;
    }
    // A column named twice (a converter that repeats merged header cells prints it so) leaves
    // unknown which printed value belongs to which column: no cell of the item gets an id.
    let repeated = (0..column_keys.len())
        .find(|&c| column_keys[c].is_some() && column_keys[..c].contains(&column_keys[c]));
    if let Some(c) = repeated {
        diags.push(Diagnostic::error(
            codes::DUPLICATE_COLUMN,
            format!(
                "column `{}` of 第二十条第{}项 is printed twice; the item's cells were left empty",
                columns[c].text, item
            ),
            columns[c].span,
        ));
        column_keys.iter_mut().for_each(|k| *k = None);
    }
    let template = if templates.is_empty() {
        None
    } else if templates.iter().all(|t| *t == templates[0]) {
        Some(templates[0])
    } else {
        diags.push(Diagnostic::warning(
            codes::MIXED_TEMPLATE,
            "the columns of this 第二十条 item mix the 2019 and 2021 templates",
            span_of(&toks[1..pos]),
        ));
        Some(templates[0])
    };
    // row*
    let mut rows: Vec<Row<'a>> = Vec::new();
    while let Some(tok) = toks.get(pos) {
        let start = pos;
        let label = match tok.label() {
            Some(k) if article20_item(k).is_some() => break,
            Some(k) => Some(k),
            None => None,
        };
        let n_values = count_values(toks, pos + usize::from(label.is_some()));
        if label.is_some() && n_values == 0 {
            // A label with no value after it: the table is over (prose or another table).
            // Exception: a known row whose values are all missing.
            let known = label.and_then(template::any_article20_row).is_some();
            if !known {
                break;
            }
        }
        let labels: Vec<Text<'a>> = label.map(|_| tok.as_text()).into_iter().collect();
        pos += labels.len();
        let values = &toks[pos..pos + n_values];
        pos += n_values;
        overflow_diagnostics(values, diags);
        let row_span = span_of(&toks[start..pos]);
        let term = label.and_then(template::any_article20_row);
        let Some(term) = term else {
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_ROW,
                match label {
                    Some(_) => format!("row `{}` of 第二十条第{}项 matches no row of the template; its values were not used", toks[start].text, item),
                    None => format!("{} value(s) in 第二十条第{}项 without a row label were not used", n_values, item),
                },
                row_span,
            ));
            rows.push(Row {
                key: "",
                group: None,
                labels,
                cells: values.iter().map(cell).collect(),
                span: row_span,
            });
            continue;
        };
        if rows.iter().any(|r| r.key == term.key) {
            diags.push(Diagnostic::warning(
                codes::DUPLICATE_ROW,
                format!(
                    "row `{}` appears twice in 第二十条第{}项; the second was not used",
                    toks[start].text, item
                ),
                row_span,
            ));
            rows.push(Row {
                key: "",
                group: None,
                labels,
                cells: values.iter().map(cell).collect(),
                span: row_span,
            });
            continue;
        }
        rows.push(Row {
            key: term.key,
            group: None,
            labels,
            cells: values.iter().map(cell).collect(),
            span: row_span,
        });
    }
    let section = Section {
        item,
        anchor,
        template,
        columns,
        column_keys,
        rows,
        span: span_of(&toks[..pos]),
    };
    (section, pos)
}

// ---------------------------------------------------------------------------------------------
// Table 三

/// `request_table := header_cell* request_row+`
/// `request_row := label+ value*` where the last row label among the labels names the row and
/// group labels (`三、本年度办理结果`, `（三）不予公开`, …) set its group.
pub(crate) fn request_table<'a>(
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut pos = 0;
    let mut header = Vec::new();
    // header_cell*
    while let Some(tok) = toks.get(pos) {
        let Some(k) = tok.label() else { break };
        if k.starts_with("本列数据的勾稽关系") || made_of(k, REQUEST_HEADER_WORDS) {
            header.push(tok.as_text());
            pos += 1;
        } else {
            break;
        }
    }
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut group: Option<RequestGroup> = None;
    let mut labels: Vec<Text<'a>> = Vec::new();
    let mut row_key: Option<&'static str> = None;
    let mut row_start = pos;
    let mut saw_2019_other = false;
    let mut done = false;
    while pos < toks.len() && !done {
        let tok = &toks[pos];
        match tok.label() {
            Some(k) => {
                if table_anchor(tok).is_some_and(|t| t != TableKind::Requests) {
                    break;
                }
                let as_row = template::request_row(k, group);
                let as_group = template::request_group(k);
                if as_row.is_none() && as_group.is_none() {
                    let vocabulary = made_of(k, REQUEST_HEADER_WORDS);
                    if labels.is_empty() && !vocabulary && count_values(toks, pos + 1) == 0 {
                        break; // end of the table
                    }
                    if labels.is_empty() {
                        row_start = pos;
                    }
                    labels.push(tok.as_text());
                    pos += 1;
                    continue;
                }
                // A new row label while one is open and has no values: emit the open one empty.
                if row_key.is_some() {
                    finish_request_row(
                        &mut rows,
                        row_key.take(),
                        group,
                        std::mem::take(&mut labels),
                        &toks[pos..pos],
                        span_of(&toks[row_start..pos]),
                        diags,
                    );
                }
                if labels.is_empty() {
                    row_start = pos;
                }
                if let Some(g) = as_group {
                    group = Some(g);
                }
                if let Some(r) = as_row {
                    row_key = Some(r);
                    if let Some(g) = template::request_rows(Template::V2021)
                        .iter()
                        .find(|d| d.key == r)
                        .and_then(|d| d.group)
                        && (g != RequestGroup::Results || group.is_none())
                    {
                        group = Some(g);
                    }
                }
                labels.push(tok.as_text());
                pos += 1;
            }
            None => {
                let n = count_values(toks, pos);
                let values = &toks[pos..pos + n];
                if row_key.is_none()
                    && group == Some(RequestGroup::Other)
                    && labels.last().is_some_and(|l| {
                        template::request_group(&super::heading::label_key(l.text))
                            == Some(RequestGroup::Other)
                    })
                {
                    row_key = Some("other");
                    saw_2019_other = true;
                }
                if labels.is_empty() {
                    row_start = pos;
                }
                pos += n;
                let key = row_key.take();
                done = key == Some("carried_forward");
                finish_request_row(
                    &mut rows,
                    key,
                    group,
                    std::mem::take(&mut labels),
                    values,
                    span_of(&toks[row_start..pos]),
                    diags,
                );
            }
        }
    }
    if let Some(key) = row_key {
        let end = pos;
        finish_request_row(
            &mut rows,
            Some(key),
            group,
            std::mem::take(&mut labels),
            &toks[end..end],
            span_of(&toks[row_start..end]),
            diags,
        );
    } else if !labels.is_empty() {
        // Trailing labels that belong to no row are not part of the table.
        pos = row_start;
    }
    let has_2021_other = rows.iter().any(|r| r.key.starts_with("other."));
    let template = match (has_2021_other, saw_2019_other) {
        (true, false) => Some(Template::V2021),
        (false, true) => Some(Template::V2019),
        _ => None,
    };
    let table = Table {
        kind: TableKind::Requests,
        template,
        header,
        sections: Vec::new(),
        rows,
        span: span_of(&toks[..pos]),
    };
    (table, pos)
}

fn finish_request_row<'a>(
    rows: &mut Vec<Row<'a>>,
    key: Option<&'static str>,
    group: Option<RequestGroup>,
    labels: Vec<Text<'a>>,
    values: &[Token<'a>],
    span: Span,
    diags: &mut Vec<Diagnostic>,
) {
    overflow_diagnostics(values, diags);
    let printed: Vec<Cell<'a>> = values.iter().map(cell).collect();
    let label_text = labels.last().map(|l| l.text).unwrap_or("");
    let Some(key) = key else {
        diags.push(Diagnostic::warning(
            codes::UNKNOWN_ROW,
            if labels.is_empty() {
                format!("{} value(s) in table 三 without a row label were not used", values.len())
            } else {
                format!("row `{label_text}` of table 三 matches no row of the template; its values were not used")
            },
            span,
        ));
        rows.push(Row {
            key: "",
            group,
            labels,
            cells: printed,
            span,
        });
        return;
    };
    if rows.iter().any(|r| r.key == key) {
        diags.push(Diagnostic::warning(
            codes::DUPLICATE_ROW,
            format!("row `{label_text}` appears twice in table 三; the second was not used"),
            span,
        ));
        rows.push(Row {
            key: "",
            group,
            labels,
            cells: printed,
            span,
        });
        return;
    }
    let cells = if printed.len() == REQUEST_COLUMNS.len() {
        printed
    } else {
        match recover_short_row(values) {
            Ok(recovered) => {
                let run = span_of(values);
                diags.push(Diagnostic::warning(
                    codes::SHORT_ROW_RECOVERED,
                    format!(
                        "row `{label_text}` has {} values for 7 columns; whichever cell is missing, the row total fixes every cell",
                        values.len()
                    ),
                    run,
                ));
                recovered
                    .iter()
                    .map(|n| Cell {
                        id: None,
                        text: "",
                        span: Span::empty(run.start),
                        value: Value::Number(*n),
                        unit: None,
                        inferred: true,
                    })
                    .collect()
            }
            Err(why) => {
                diags.push(Diagnostic::error(
                    codes::CELL_COUNT,
                    format!("row `{label_text}` has {} values for 7 columns; {why}; its cells were left empty", values.len()),
                    if values.is_empty() { span } else { span_of(values) },
                ));
                rows.push(Row {
                    key: "",
                    group,
                    labels,
                    cells: printed,
                    span,
                });
                return;
            }
        }
    };
    rows.push(Row {
        key,
        group,
        labels,
        cells,
        span,
    });
}

/// Place six values in seven columns when the row's own arithmetic (总计 = the sum of the six
/// applicant columns) leaves one answer whichever cell is the missing one.
fn recover_short_row(values: &[Token<'_>]) -> Result<[Number; 7], String> {
    if values.len() != 6 {
        return Err("the cells cannot be placed".into());
    }
    let mut nums = [Number::from_i64(0); 6];
    for (n, t) in nums.iter_mut().zip(values) {
        match t.kind {
            TokenKind::Value(Value::Number(v), _) => *n = v,
            _ => return Err("a placeholder among them leaves the missing cell unknown".into()),
        }
    }
    let mut candidates: Vec<[Number; 7]> = Vec::new();
    for missing in 0..7 {
        let mut row = [Number::from_i64(0); 7];
        let mut it = nums.iter();
        for (col, slot) in row.iter_mut().enumerate() {
            if col != missing {
                *slot = *it.next().unwrap_or(&Number::from_i64(0));
            }
        }
        let others = row[..6]
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != missing)
            .try_fold(Number::from_i64(0), |acc, (_, v)| acc.checked_add(*v));
        let Some(others) = others else { continue };
        if missing == 6 {
            row[6] = others;
        } else {
            match row[6].checked_sub(others) {
                Some(v) if !v.is_negative() => row[missing] = v,
                _ => continue,
            }
        }
        candidates.push(row);
    }
    match candidates.split_first() {
        Some((first, rest)) if rest.iter().all(|c| c == first) => Ok(*first),
        Some(_) => Err(format!(
            "{} placements satisfy the row total and they differ ({})",
            candidates.len(),
            candidates
                .iter()
                .map(|c| c
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(","))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        None => Err("no placement satisfies the row total".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Table 四

/// `review_table := header_cell+ value{15}` where header cells are made of the words of the
/// template's header (`行政复议`, `结果维持`, … possibly broken over lines).
pub(crate) fn review_table<'a>(
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut pos = 0;
    let mut header = Vec::new();
    while let Some(tok) = toks.get(pos) {
        match tok.label() {
            Some(k) if made_of(k, REVIEW_HEADER_WORDS) => {
                header.push(tok.as_text());
                pos += 1;
            }
            _ => break,
        }
    }
    let n = count_values(toks, pos);
    let values = &toks[pos..pos + n];
    overflow_diagnostics(values, diags);
    let expected = template::REVIEW_GROUPS.len() * template::REVIEW_COLUMNS.len();
    let mut rows = Vec::new();
    if n > 0 {
        let span = span_of(values);
        let key = if n == expected {
            "values"
        } else {
            diags.push(Diagnostic::error(
                codes::CELL_COUNT,
                format!(
                    "table 四 has {n} values for {expected} columns; its cells were left empty"
                ),
                span,
            ));
            ""
        };
        rows.push(Row {
            key,
            group: None,
            labels: Vec::new(),
            cells: values.iter().map(cell).collect(),
            span,
        });
    } else {
        diags.push(Diagnostic::error(
            codes::CELL_COUNT,
            "table 四 has a header but no values",
            span_of(&toks[..pos]),
        ));
    }
    pos += n;
    let table = Table {
        kind: TableKind::Reviews,
        template: None,
        header,
        sections: Vec::new(),
        rows,
        span: span_of(&toks[..pos]),
    };
    (table, pos)
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::super::token::tokenize;
    use super::*;

    fn run<'a>(
        src: &'a str,
        f: fn(&[Token<'a>], &mut Vec<Diagnostic>) -> (Table<'a>, usize),
    ) -> (Table<'a>, usize, Vec<Diagnostic>) {
        let lines = split_lines(src);
        let (toks, _) = tokenize(&lines);
        let mut d = Vec::new();
        let (t, n) = f(&toks, &mut d);
        (t, n, d)
    }

    #[test]
    fn article20_anchor_in_both_widths() {
        assert_eq!(
            article20_item(&crate::text::key("第二十条第（一）项")),
            Some(1)
        );
        assert_eq!(
            article20_item(&crate::text::key("第二十条  第(八)项")),
            Some(8)
        );
        assert_eq!(article20_item("第二十条"), None);
    }

    #[test]
    fn proactive_table_tab_layout() {
        let src = "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规 章\t0\t1\t2\n行政规范性文件\t3\t4\t5\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t1.5\n后面的文字";
        let (t, n, d) = run(src, proactive_table);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.template, Some(Template::V2021));
        assert_eq!(t.sections.len(), 2);
        let s = &t.sections[0];
        assert_eq!(
            s.column_keys,
            [Some("issued"), Some("repealed"), Some("in_force")]
        );
        assert_eq!(s.rows[0].key, "regulation");
        assert_eq!(s.rows[1].cells[2].text, "5");
        assert_eq!(
            t.sections[1].rows[0].cells[0]
                .value
                .number()
                .unwrap()
                .to_string(),
            "1.5"
        );
        assert_eq!(n, 18);
    }

    #[test]
    fn unknown_row_is_a_diagnostic_not_a_shift() {
        let src = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n其他文件\t7\t8\t9\n规章\t0\t0\t0";
        let (t, _, d) = run(src, proactive_table);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, codes::UNKNOWN_ROW);
        assert_eq!(t.sections[0].rows[0].key, "");
        assert_eq!(t.sections[0].rows[1].key, "regulation");
    }

    #[test]
    fn request_table_one_cell_per_line() {
        let mut src = String::from(
            "申请人情况\n自然人\n商业\n企业\n总计\n一、本年新收政府信息公开申请数量\n",
        );
        for v in ["2", "0", "0", "0", "0", "0", "2"] {
            src.push_str(v);
            src.push('\n');
        }
        src.push_str("（六）其他处理\n");
        for _ in 0..7 {
            src.push_str("0\n");
        }
        src.push_str("四、结转下年度继续办理\n0\n0\n0\n0\n0\n0\n0\n下文");
        let (t, n, d) = run(&src, request_table);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.header.len(), 5);
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key).collect();
        assert_eq!(keys, ["new", "other", "carried_forward"]);
        assert_eq!(t.template, Some(Template::V2019));
        assert_eq!(t.rows[0].cells[6].text, "2");
        assert_eq!(n, 5 + 8 + 8 + 8);
    }

    #[test]
    fn short_row_recovered_only_when_unique() {
        let src = "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0";
        let (t, _, d) = run(src, request_table);
        assert_eq!(d[0].code, codes::SHORT_ROW_RECOVERED);
        assert!(
            t.rows[0]
                .cells
                .iter()
                .all(|c| c.inferred && c.value == Value::Number(Number::from_i64(0)))
        );
        let src = "四、结转下年度继续办理\t1\t0\t0\t0\t0\t1";
        let (t, _, d) = run(src, request_table);
        assert_eq!(d[0].code, codes::CELL_COUNT);
        assert_eq!(t.rows[0].key, "");
    }

    #[test]
    fn review_table_with_broken_header() {
        let mut src = String::from("行政复议\n行政诉讼\n结果\n纠正\n总计\n");
        for i in 0..15 {
            src.push_str(&format!("{i}\n"));
        }
        let (t, n, d) = run(&src, review_table);
        assert!(d.is_empty());
        assert_eq!(t.rows[0].cells.len(), 15);
        assert_eq!(n, 20);
        let src = "行政复议\t行政诉讼\n0\t0\t0";
        let (_, _, d) = run(src, review_table);
        assert_eq!(d[0].code, codes::CELL_COUNT);
    }
}
