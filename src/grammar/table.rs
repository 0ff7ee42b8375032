//! The three tables of the template, read from a token stream.
//!
//! Each grammar consumes tokens while they belong to its table and returns how many it took.
//! Rows are recognised by their labels' meaning ([`crate::template`]); a row whose label is not
//! recognised, or whose number of values is wrong, becomes a diagnostic and its values are kept
//! in the tree without a cell id, never shifted into another row's cells.
//!
//! Converters scatter a table's text: label fragments float away from their values (PDF to
//! markdown), labels wrap around their numbers (PDF text), values are glued into runs of digits
//! (crawlers). The grammars read rows first and resolve them in a second pass: fragments are
//! kept as strays, a row of values without a label takes the one template row missing between
//! its labelled neighbours, and glued runs are read by [`super::solve`].

use super::facts::Facts;
use super::solve::{self, Piece, Reading, RequestRows};
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
    } else if k.starts_with("本列数据的勾稽关系") || k.starts_with("申请人情况") {
        Some(TableKind::Requests)
    } else if k == "行政复议" || (k.starts_with("行政复议") && made_of(k, REVIEW_HEADER_WORDS))
    {
        Some(TableKind::Reviews)
    } else if tok.text.len() <= 90 && k.contains("本年新收") {
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

/// A label that is prose rather than a table's text: long, or a sentence.
fn is_prose(tok: &Token<'_>) -> bool {
    tok.text.chars().count() > 60 || tok.text.contains('。')
}

fn printed_cell<'a>(tok: &Token<'a>) -> Cell<'a> {
    let value = match &tok.kind {
        TokenKind::Value(v, _) => *v,
        TokenKind::Glued(_) => Value::Unresolved,
        _ => Value::Blank,
    };
    let unit = match &tok.kind {
        TokenKind::Value(_, u) => *u,
        _ => None,
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

fn read_cell<'a>(value: Number, text: Text<'a>) -> Cell<'a> {
    let unit = if text.text.ends_with("万元") {
        Some(crate::ast::Unit::TenThousandYuan)
    } else if text.text.ends_with('元') {
        Some(crate::ast::Unit::Yuan)
    } else {
        None
    };
    Cell {
        id: None,
        text: text.text,
        span: text.span,
        value: Value::Number(value),
        unit,
        inferred: text.text.is_empty(),
    }
}

fn unresolved_cell<'a>(run: Text<'a>) -> Cell<'a> {
    Cell {
        id: None,
        text: run.text,
        span: run.span,
        value: Value::Unresolved,
        unit: None,
        inferred: false,
    }
}

fn span_of(toks: &[Token<'_>]) -> Span {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.span.join(b.span),
        _ => Span::default(),
    }
}

fn texts_span(t: &[Text<'_>]) -> Option<Span> {
    t.iter().map(|t| t.span).reduce(Span::join)
}

/// The span covering both, either of which may be absent.
fn join(a: Option<Span>, b: Option<Span>) -> Span {
    match (a, b) {
        (Some(a), Some(b)) => a.join(b),
        (Some(s), None) | (None, Some(s)) => s,
        (None, None) => Span::default(),
    }
}

/// The span of some tokens, `None` for none.
fn tokens_span(toks: &[Token<'_>]) -> Option<Span> {
    (!toks.is_empty()).then(|| span_of(toks))
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

/// The pieces of a row's values, or `None` when a value is a placeholder or unreadable (then
/// no arithmetic can place glued digits).
fn pieces<'a>(values: &[Token<'a>]) -> Option<Vec<Piece<'a>>> {
    let mut out = Vec::new();
    for t in values {
        match &t.kind {
            TokenKind::Value(Value::Number(n), _) => out.push(Piece::One(*n, t.as_text())),
            TokenKind::Glued(ps) => out.extend(ps.iter().map(|p| Piece::Run(*p))),
            _ => return None,
        }
    }
    Some(out)
}

fn has_glued(values: &[Token<'_>]) -> bool {
    values.iter().any(|t| matches!(t.kind, TokenKind::Glued(_)))
}

/// Cells for `n` columns from `cands`, the readings of a row that satisfy every relation that
/// applies. A cell every reading agrees on gets its value; the others stay unresolved, and a
/// diagnostic lists the readings.
fn cells_from_readings<'a>(
    src: &'a str,
    cands: &[Reading<'a>],
    n: usize,
    values: &[Token<'a>],
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Cell<'a>> {
    let run_span = span_of(values);
    let run = Text::new(
        src.get(run_span.range()).unwrap_or(""),
        if src.get(run_span.range()).is_some() {
            run_span
        } else {
            Span::empty(run_span.start)
        },
    );
    if cands.is_empty() {
        diags.push(Diagnostic::error(
            codes::GLUED_UNRESOLVED,
            format!("the digits of {what} cannot be read as {n} values that satisfy the table's arithmetic; its cells were left empty"),
            run.span,
        ));
        return (0..n).map(|_| unresolved_cell(run)).collect();
    }
    let agreed = solve::consensus(cands, n, run);
    let open = agreed.iter().filter(|c| c.is_none()).count();
    if open > 0 {
        diags.push(Diagnostic::error(
            codes::GLUED_UNRESOLVED,
            format!(
                "the digits of {what} can be read in {} ways that satisfy every relation the report fixes ({}); {open} of its cells were left empty",
                cands.len(),
                solve::describe(cands, 6)
            ),
            run.span,
        ));
    }
    agreed
        .into_iter()
        .map(|c| c.map_or_else(|| unresolved_cell(run), |(v, t)| read_cell(v, t)))
        .collect()
}

/// A note that glued digits were read by arithmetic.
fn glued_note(table: &str, read: usize, open: usize, span: Span, diags: &mut Vec<Diagnostic>) {
    if read + open > 0 {
        diags.push(Diagnostic::new(
            crate::diagnostic::Severity::Note,
            codes::GLUED_READ,
            format!("table {table}: {read} value(s) read from digits run together, by the table's arithmetic; {open} left empty"),
            span,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Table 二

/// The 第二十条 item a row belongs to, by its key.
fn row_item(row_key: &str) -> u8 {
    match row_key {
        "regulation" | "normative" => 1,
        "license" | "other_service" => 5,
        "penalty" | "coercion" => 6,
        "fee" => 8,
        _ => 9,
    }
}

/// Whether a column (of `template`) belongs to item `item`.
fn column_fits(item: u8, template: Template, col_key: &str) -> bool {
    template::article20_section(template, item)
        .is_some_and(|s| s.columns.iter().any(|c| c.key == col_key))
}

/// What a piece of label text is in table 二.
enum T2Label {
    Anchor(u8),
    Content,
    Column(Template, &'static template::Term),
    Row(&'static template::Term),
    Other,
}

fn t2_label(k: &str) -> T2Label {
    if let Some(item) = article20_item(k) {
        T2Label::Anchor(item)
    } else if k == "信息内容" {
        T2Label::Content
    } else if let Some(row) = template::any_article20_row(k) {
        T2Label::Row(row)
    } else if let Some((t, col)) = template::article20_column(k) {
        T2Label::Column(t, col)
    } else {
        T2Label::Other
    }
}

/// The pieces of a label token: template phrases and the text between them.
fn label_pieces<'a>(tok: &Token<'a>) -> Vec<(Text<'a>, String)> {
    let cuts = super::vocab::cut_labels(tok.text);
    if cuts.len() <= 1 {
        return vec![(tok.as_text(), tok.label().unwrap_or("").to_string())];
    }
    cuts.into_iter()
        .map(|(a, b)| {
            let t = &tok.text[a..b];
            (
                Text::new(t, Span::new(tok.span.start + a, tok.span.start + b)),
                super::heading::label_key(t),
            )
        })
        .collect()
}

/// Whether one of the next few tokens is text of table 二, so that an unknown label between is
/// a stray fragment rather than the end of the table.
fn t2_continues(toks: &[Token<'_>], pos: usize) -> bool {
    toks[pos + 1..].iter().take(3).any(|t| match t.label() {
        Some(k) => !matches!(t2_label(k), T2Label::Other),
        None => false,
    })
}

/// `proactive_table := (article20_anchor | header | row | stray)+`
/// `header := "信息内容"? column_head+`
/// `row := row_label value*`
///
/// Rows are placed by their label: `规章` and `行政规范性文件` belong to 第二十条第（一）项 wherever
/// they stand, so a converter that moves a header and its rows away from the item's title
/// (PDF to markdown) does not shift them. Columns come from the nearest header that fits the
/// row's item, else from the template.
pub(crate) fn proactive_table<'a>(
    src: &'a str,
    toks: &[Token<'a>],
    facts: &Facts,
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut sections: Vec<Section<'a>> = Vec::new();
    let mut pending: Vec<(Text<'a>, Template, &'static template::Term)> = Vec::new();
    let mut strays: Vec<Text<'a>> = Vec::new();
    let mut pos = 0;
    let (mut read, mut open) = (0usize, 0usize);
    let find = |sections: &mut Vec<Section<'a>>, item: u8| -> usize {
        match sections.iter().position(|s| s.item == item) {
            Some(i) => i,
            None => {
                sections.push(Section {
                    item,
                    anchor: None,
                    template: None,
                    columns: Vec::new(),
                    column_keys: Vec::new(),
                    rows: Vec::new(),
                    span: Span::default(),
                });
                sections.len() - 1
            }
        }
    };
    'tokens: while pos < toks.len() {
        let tok = &toks[pos];
        if tok.label().is_none() {
            // Values with no row label before them.
            let n = count_values(toks, pos);
            if sections.is_empty() {
                break;
            }
            let values = &toks[pos..pos + n];
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_ROW,
                format!("{n} value(s) in table 二 without a row label were not used"),
                span_of(values),
            ));
            let s = sections.len() - 1;
            sections[s].rows.push(Row {
                key: "",
                group: None,
                labels: Vec::new(),
                cells: values.iter().map(printed_cell).collect(),
                span: span_of(values),
            });
            pos += n;
            continue;
        }
        if pos > 0 && table_anchor(tok).is_some_and(|k| k != TableKind::Proactive) {
            break;
        }
        let pieces = label_pieces(tok);
        let last = pieces.len() - 1;
        for (i, (text, k)) in pieces.into_iter().enumerate() {
            match t2_label(&k) {
                T2Label::Anchor(item) => {
                    let s = find(&mut sections, item);
                    sections[s].anchor.get_or_insert(text);
                    pending.clear();
                }
                T2Label::Content => pending.clear(),
                T2Label::Column(t, col) => pending.push((text, t, col)),
                T2Label::Row(term) if i == last => {
                    let item = row_item(term.key);
                    let s = find(&mut sections, item);
                    let fits: Vec<_> = pending
                        .iter()
                        .filter(|(_, t, c)| column_fits(item, *t, c.key))
                        .copied()
                        .collect();
                    if !fits.is_empty() && sections[s].columns.is_empty() {
                        let sec = &mut sections[s];
                        sec.columns = fits.iter().map(|(t, _, _)| *t).collect();
                        sec.column_keys = fits.iter().map(|(_, _, c)| Some(c.key)).collect();
                        let t0 = fits[0].1;
                        sec.template = Some(t0);
                        if fits.iter().any(|(_, t, _)| *t != t0) {
                            diags.push(Diagnostic::warning(
                                codes::MIXED_TEMPLATE,
                                "the columns of this 第二十条 item mix the 2019 and 2021 templates",
                                texts_span(&sec.columns).unwrap_or_default(),
                            ));
                        }
                    }
                    let n = count_values(toks, pos + 1);
                    let values = &toks[pos + 1..pos + 1 + n];
                    overflow_diagnostics(values, diags);
                    let row_span = join(Some(text.span), tokens_span(values));
                    let dup = sections[s].rows.iter().any(|r| r.key == term.key);
                    let cells = if has_glued(values) && !dup {
                        let ncols = sections[s].column_keys.len();
                        let cands = match pieces_readings(values, ncols) {
                            Some(c) => {
                                filter_by_facts(c, term.key, &sections[s].column_keys, facts)
                            }
                            None => Vec::new(),
                        };
                        let cells = if ncols == 0 {
                            diags.push(Diagnostic::error(
                                codes::GLUED_UNRESOLVED,
                                format!("row `{}` has digits run together and no header says how many columns it has", text.text),
                                row_span,
                            ));
                            vec![unresolved_cell(Text::new(
                                src.get(span_of(values).range()).unwrap_or(""),
                                span_of(values),
                            ))]
                        } else {
                            cells_from_readings(
                                src,
                                &cands,
                                ncols,
                                values,
                                &format!("row `{}`", text.text),
                                diags,
                            )
                        };
                        read += cells.iter().filter(|c| c.value.number().is_some()).count();
                        open += cells
                            .iter()
                            .filter(|c| c.value == Value::Unresolved)
                            .count();
                        cells
                    } else {
                        values.iter().map(printed_cell).collect()
                    };
                    let key = if dup {
                        diags.push(Diagnostic::warning(
                            codes::DUPLICATE_ROW,
                            format!(
                                "row `{}` appears twice in 第二十条第{}项; the second was not used",
                                text.text, item
                            ),
                            row_span,
                        ));
                        ""
                    } else {
                        term.key
                    };
                    sections[s].rows.push(Row {
                        key,
                        group: None,
                        labels: vec![text],
                        cells,
                        span: row_span,
                    });
                    pos += 1 + n;
                    continue 'tokens;
                }
                T2Label::Row(_) | T2Label::Other => {
                    if sections.is_empty()
                        || is_prose(tok)
                        || (i == last
                            && !t2_continues(toks, pos)
                            && count_values(toks, pos + 1) == 0)
                    {
                        if i == 0 {
                            break 'tokens;
                        }
                        strays.push(text);
                        pos += 1;
                        continue 'tokens;
                    }
                    if i == last && count_values(toks, pos + 1) > 0 {
                        // An unknown row with values.
                        let n = count_values(toks, pos + 1);
                        let values = &toks[pos + 1..pos + 1 + n];
                        let span = join(Some(text.span), tokens_span(values));
                        diags.push(Diagnostic::warning(
                            codes::UNKNOWN_ROW,
                            format!("row `{}` of table 二 matches no row of the template; its values were not used", text.text),
                            span,
                        ));
                        let s = sections.len() - 1;
                        sections[s].rows.push(Row {
                            key: "",
                            group: None,
                            labels: vec![text],
                            cells: values.iter().map(printed_cell).collect(),
                            span,
                        });
                        pos += 1 + n;
                        continue 'tokens;
                    }
                    strays.push(text);
                }
            }
        }
        pos += 1;
    }
    for s in &mut sections {
        let mut span = s.anchor.map(|a| a.span);
        for sp in s
            .columns
            .iter()
            .map(|c| c.span)
            .chain(s.rows.iter().map(|r| r.span))
        {
            span = Some(span.map_or(sp, |x| x.join(sp)));
        }
        s.span = span.unwrap_or_default();
    }
    let template = section_template(&sections);
    let span = span_of(&toks[..pos]);
    glued_note("二", read, open, span, diags);
    let table = Table {
        kind: TableKind::Proactive,
        template,
        header: Vec::new(),
        sections,
        rows: Vec::new(),
        strays,
        span,
    };
    (table, pos)
}

fn pieces_readings<'a>(values: &[Token<'a>], n: usize) -> Option<Vec<Reading<'a>>> {
    if n == 0 {
        return Some(Vec::new());
    }
    solve::readings(&pieces(values)?, n)
}

/// Readings of a 第二十条（一）项 row that agree with every figure the prose states for it; all
/// readings when the prose states none (or contradicts every reading).
fn filter_by_facts<'a>(
    cands: Vec<Reading<'a>>,
    row: &str,
    cols: &[Option<&'static str>],
    facts: &Facts,
) -> Vec<Reading<'a>> {
    if cands.len() <= 1 {
        return cands;
    }
    let agrees = |c: &Reading<'a>| {
        cols.iter().zip(c).all(|(col, (v, _))| {
            let Some(col) = col else { return true };
            let stated = facts.stated(row, col);
            stated.is_empty() || stated.binary_search(v).is_ok()
        })
    };
    let kept: Vec<Reading<'a>> = cands.iter().filter(|c| agrees(c)).cloned().collect();
    if kept.is_empty() { cands } else { kept }
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
// ---------------------------------------------------------------------------------------------
// Table 三

/// A row of table 三 as read, before its cells are resolved.
#[derive(Clone)]
struct RawRow<'a> {
    key: Option<&'static str>,
    group: Option<RequestGroup>,
    labels: Vec<Text<'a>>,
    /// Index range of its value tokens.
    values: std::ops::Range<usize>,
    span: Span,
    /// Placed by its position among the template's rows, its label having been lost.
    by_position: bool,
}

/// Split a run of value tokens into the rows it holds: one row per line when the run spans
/// several lines that each hold more than one value (PDF to markdown puts a row of values on
/// each line, some without their label); one row otherwise (one cell per line, glued runs).
fn split_value_run(toks: &[Token<'_>], start: usize, end: usize) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for i in start..end {
        match groups.last_mut() {
            Some(g) if toks[g.start].line == toks[i].line => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    if groups.len() <= 1 || groups.iter().all(|g| g.len() == 1) {
        return std::iter::once(start..end).collect();
    }
    groups
}

/// `request_table := header_cell* (request_row | stray)*`
/// `request_row := label+ value*`, where the last row label among the labels names the row
/// (a label continuing the same row's wrapped text is allowed) and group labels
/// (`三、本年度办理结果`, `（三）不予公开`, …) set its group.
pub(crate) fn request_table<'a>(
    src: &'a str,
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut pos = 0;
    let mut header = Vec::new();
    while let Some(tok) = toks.get(pos) {
        let Some(k) = tok.label() else { break };
        if k.starts_with("本列数据的勾稽关系") || made_of(k, REQUEST_HEADER_WORDS) {
            header.push(tok.as_text());
            pos += 1;
        } else {
            break;
        }
    }
    let mut raws: Vec<RawRow<'a>> = Vec::new();
    let mut strays: Vec<Text<'a>> = Vec::new();
    let mut floating: Vec<(&'static str, Text<'a>)> = Vec::new();
    let mut group: Option<RequestGroup> = None;
    let mut labels: Vec<Text<'a>> = Vec::new();
    let mut key: Option<&'static str> = None;
    let mut saw_2019_other = false;
    let mut end = pos;
    while pos < toks.len() {
        let tok = &toks[pos];
        if let Some(k) = tok.label() {
            if table_anchor(tok).is_some_and(|t| t != TableKind::Requests) {
                break;
            }
            let row = template::request_row(k, group);
            let grp = template::request_group(k);
            if row.is_none() && grp.is_none() {
                if is_prose(tok) {
                    break;
                }
                if key.is_some() || !labels.is_empty() {
                    labels.push(tok.as_text());
                } else {
                    strays.push(tok.as_text());
                }
                pos += 1;
                continue;
            }
            if let Some(open) = key {
                if row == Some(open) {
                    labels.push(tok.as_text());
                    pos += 1;
                    continue;
                }
                // The open row got no values: its label floats away from them.
                for l in labels.drain(..) {
                    floating.push((open, l));
                }
                key = None;
            }
            if let Some(g) = grp {
                group = Some(g);
            }
            if let Some(r) = row {
                key = Some(r);
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
            end = pos;
            continue;
        }
        // A run of values.
        let n = count_values(toks, pos);
        let runs = split_value_run(toks, pos, pos + n);
        let longest = runs.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut first = true;
        for r in runs {
            // Empty cells with no row open (spacer cells of a page's header) are not a row.
            if key.is_none()
                && labels.is_empty()
                && toks[r.clone()]
                    .iter()
                    .all(|t| matches!(t.kind, TokenKind::Value(Value::Blank, _)))
            {
                continue;
            }
            // A lone value beside a row of values (a value a converter displaced) is not a row.
            if r.len() == 1 && longest > 1 {
                strays.push(toks[r.start].as_text());
                diags.push(Diagnostic::warning(
                    codes::UNKNOWN_ROW,
                    format!(
                        "a lone value `{}` inside table 三 belongs to no row and was not used",
                        toks[r.start].text
                    ),
                    toks[r.start].span,
                ));
                continue;
            }
            // A markdown row of values without its label: the open label is not its own.
            let line = toks[r.start].line;
            let same_line = |l: &Text<'a>| {
                toks[..r.start]
                    .iter()
                    .rev()
                    .take_while(|t| t.line == line)
                    .any(|t| t.span == l.span)
            };
            if (toks[r.start].how == super::token::Cut::Pipe)
                && labels.last().is_some_and(|l| !same_line(l))
            {
                if let Some(open) = key.take() {
                    for l in labels.drain(..) {
                        floating.push((open, l));
                    }
                } else {
                    strays.append(&mut labels);
                }
            }
            let row_key = if first {
                if key.is_none()
                    && group == Some(RequestGroup::Other)
                    && labels.last().is_some_and(|l| {
                        template::request_group(&super::heading::label_key(l.text))
                            == Some(RequestGroup::Other)
                    })
                {
                    saw_2019_other = true;
                    Some("other")
                } else {
                    key.take()
                }
            } else {
                None
            };
            let lab = if first {
                std::mem::take(&mut labels)
            } else {
                Vec::new()
            };
            first = false;
            let span = join(texts_span(&lab), tokens_span(&toks[r.clone()]));
            raws.push(RawRow {
                key: row_key,
                group,
                labels: lab,
                values: r,
                span,
                by_position: false,
            });
        }
        pos += n;
        end = pos;
        if raws
            .last()
            .is_some_and(|r| r.key == Some("carried_forward"))
        {
            break;
        }
    }
    if let Some(open) = key {
        for l in labels.drain(..) {
            floating.push((open, l));
        }
    }
    // Strays after the last row are not the table's.
    let end_offset = toks.get(end.saturating_sub(1)).map_or(0, |t| t.span.end);
    strays.retain(|t| t.span.end <= end_offset);
    floating.retain(|(_, t)| t.span.end <= end_offset);
    let has_2021_other = raws
        .iter()
        .any(|r| r.key.is_some_and(|k| k.starts_with("other.")))
        || floating.iter().any(|(k, _)| k.starts_with("other."));
    let template = match (has_2021_other, saw_2019_other) {
        (true, false) => Some(Template::V2021),
        (false, true) => Some(Template::V2019),
        _ => None,
    };
    place_by_position(&mut raws, toks, template.unwrap_or(Template::V2021), diags);
    let rows = resolve_request_rows(src, toks, raws, &floating, diags);
    let span = span_of(&toks[..end]);
    let table = Table {
        kind: TableKind::Requests,
        template,
        header,
        sections: Vec::new(),
        rows,
        strays,
        span,
    };
    (table, end)
}

/// Whether a row's values can fill a template row: seven of them (or glued digits), not all
/// empty cells.
fn full_row_of(toks: &[Token<'_>]) -> bool {
    let glued = toks.iter().any(|t| matches!(t.kind, TokenKind::Glued(_)));
    let blank = toks
        .iter()
        .all(|t| matches!(t.kind, TokenKind::Value(Value::Blank, _)));
    !blank && (glued || toks.len() == REQUEST_COLUMNS.len())
}

/// Rows of values whose label was lost take the template rows missing between their labelled
/// neighbours, in order, when there are exactly as many of each.
fn place_by_position(
    raws: &mut [RawRow<'_>],
    toks: &[Token<'_>],
    template: Template,
    diags: &mut Vec<Diagnostic>,
) {
    let full_row = |r: &RawRow<'_>| full_row_of(&toks[r.values.clone()]);
    let order: Vec<&'static str> = template::request_rows(template)
        .iter()
        .map(|r| r.key)
        .collect();
    let position = |k: &str| order.iter().position(|o| *o == k);
    let present: Vec<&'static str> = raws
        .iter()
        .filter(|r| !r.values.is_empty())
        .filter_map(|r| r.key)
        .collect();
    let mut i = 0;
    while i < raws.len() {
        if raws[i].key.is_some() || !full_row(&raws[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < raws.len() && raws[i].key.is_none() && full_row(&raws[i]) {
            i += 1;
        }
        let before = raws[..start]
            .iter()
            .rev()
            .find_map(|r| r.key.and_then(position));
        let after = raws[i..].iter().find_map(|r| r.key.and_then(position));
        let lo = before.map_or(0, |b| b + 1);
        let hi = after.unwrap_or(order.len());
        if lo > hi {
            continue;
        }
        let missing: Vec<&'static str> = order[lo..hi]
            .iter()
            .copied()
            .filter(|k| !present.contains(k))
            .collect();
        if missing.len() == i - start {
            for (r, k) in raws[start..i].iter_mut().zip(&missing) {
                r.key = Some(k);
                r.by_position = true;
            }
            diags.push(Diagnostic::warning(
                codes::ROW_BY_POSITION,
                format!(
                    "{} row(s) of values without a label were placed by their position among the template's rows: {}",
                    missing.len(),
                    missing.join(", ")
                ),
                raws[start].span.join(raws[i - 1].span),
            ));
        }
    }
}

/// The rows of table 三 with their cells: printed values as they stand, short rows and glued
/// runs read by the table's arithmetic.
fn resolve_request_rows<'a>(
    src: &'a str,
    toks: &[Token<'a>],
    raws: Vec<RawRow<'a>>,
    floating: &[(&'static str, Text<'a>)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    // Readings per row (None: printed cells are used as they stand, or the row is unusable).
    let mut cands: Vec<Vec<Reading<'a>>> = Vec::new();
    let mut fixed: Vec<bool> = Vec::new();
    // Rows already reported as having too many readings (one diagnostic per row).
    let mut too_many: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for raw in &raws {
        let values = &toks[raw.values.clone()];
        overflow_diagnostics(values, diags);
        let mut labels = raw.labels.clone();
        let mut span = raw.span;
        if let Some(k) = raw.key {
            for (_, t) in floating.iter().filter(|(f, _)| *f == k) {
                labels.push(*t);
                span = span.join(t.span);
            }
        }
        let raw = &RawRow {
            span,
            ..raw.clone()
        };
        let label_text = raw.labels.last().map_or("", |l| l.text).to_string();
        let printed: Vec<Cell<'a>> = values.iter().map(printed_cell).collect();
        let push_unusable =
            |rows: &mut Vec<Row<'a>>, cands: &mut Vec<Vec<Reading<'a>>>, fixed: &mut Vec<bool>| {
                rows.push(Row {
                    key: "",
                    group: raw.group,
                    labels: labels.clone(),
                    cells: printed.clone(),
                    span: raw.span,
                });
                cands.push(Vec::new());
                fixed.push(true);
            };
        let Some(key) = raw.key else {
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_ROW,
                if raw.labels.is_empty() {
                    format!("{} value(s) in table 三 without a row label were not used", values.len())
                } else {
                    format!("row `{label_text}` of table 三 matches no row of the template; its values were not used")
                },
                raw.span,
            ));
            push_unusable(&mut rows, &mut cands, &mut fixed);
            continue;
        };
        if seen.contains(&key) {
            diags.push(Diagnostic::warning(
                codes::DUPLICATE_ROW,
                format!("row `{label_text}` appears twice in table 三; the second was not used"),
                raw.span,
            ));
            push_unusable(&mut rows, &mut cands, &mut fixed);
            continue;
        }
        seen.push(key);
        let row = Row {
            key,
            group: raw.group,
            labels: labels.clone(),
            cells: Vec::new(),
            span: raw.span,
        };
        if !has_glued(values) && printed.len() == REQUEST_COLUMNS.len() {
            let mut row = row;
            row.cells = printed;
            rows.push(row);
            cands.push(Vec::new());
            fixed.push(true);
            continue;
        }
        let readings = if has_glued(values) {
            match pieces(values).and_then(|p| solve::readings(&p, 7)) {
                Some(r) => r.into_iter().filter(|c| solve::total_is_sum(c)).collect(),
                None => {
                    diags.push(Diagnostic::error(
                        codes::GLUED_UNRESOLVED,
                        format!("row `{label_text}`: too many ways to read its digits; its cells were left empty"),
                        raw.span,
                    ));
                    too_many.insert(rows.len());
                    Vec::new()
                }
            }
        } else {
            short_row_readings(values)
        };
        if readings.is_empty() && !has_glued(values) {
            diags.push(Diagnostic::error(
                    codes::CELL_COUNT,
                    format!("row `{label_text}` has {} values for 7 columns and they cannot be placed; its cells were left empty", values.len()),
                    if values.is_empty() { raw.span } else { span_of(values) },
                ));
            rows.push(Row {
                key: "",
                group: raw.group,
                labels,
                cells: printed,
                span: raw.span,
            });
            cands.push(Vec::new());
            fixed.push(true);
            continue;
        }
        rows.push(row);
        fixed.push(readings.len() == 1);
        cands.push(readings);
    }
    // Column relations, when some row has more than one reading.
    if cands.iter().any(|c| c.len() > 1) {
        let index = |k: &str| rows.iter().position(|r| r.key == k);
        let tpl = if rows.iter().any(|r| r.key.starts_with("other.")) {
            Template::V2021
        } else {
            Template::V2019
        };
        let handling_keys: Vec<&'static str> = template::request_rows(tpl)
            .iter()
            .map(|r| r.key)
            .filter(|k| !matches!(*k, "new" | "carried_over" | "total" | "carried_forward"))
            .collect();
        let handling: Vec<usize> = handling_keys.iter().filter_map(|k| index(k)).collect();
        // Rows printed in full take part as their single reading.
        let mut all: Vec<Vec<Reading<'a>>> = cands.clone();
        for (i, r) in rows.iter().enumerate() {
            if all[i].is_empty() && !r.key.is_empty() && r.cells.len() == 7 {
                let reading: Option<Reading<'a>> = r
                    .cells
                    .iter()
                    .map(|c| c.value.number().map(|v| (v, Text::new(c.text, c.span))))
                    .collect();
                all[i] = reading.into_iter().collect();
            }
        }
        let usable = |i: &usize| !all[*i].is_empty();
        let spec = RequestRows {
            new: index("new").filter(usable),
            carried_over: index("carried_over").filter(usable),
            handling_complete: handling.len() == handling_keys.len() && handling.iter().all(usable),
            handling,
            total: index("total").filter(usable),
            carried_forward: index("carried_forward").filter(usable),
        };
        if solve::filter_requests(&mut all, &spec).is_some() {
            for (i, c) in all.into_iter().enumerate() {
                if !fixed[i] {
                    cands[i] = c;
                }
            }
        }
    }
    let (mut read, mut open) = (0, 0);
    let mut span = Span::default();
    for (i, row) in rows.iter_mut().enumerate() {
        if !row.cells.is_empty() || row.key.is_empty() {
            continue;
        }
        // One row is made from each raw row, in order.
        let raw = raws.get(i);
        let values = raw.map_or(&toks[0..0], |r| &toks[r.values.clone()]);
        let label = row.labels.last().map_or("", |l| l.text);
        if has_glued(values) {
            let mut quiet = Vec::new();
            let told = if too_many.contains(&i) {
                &mut quiet
            } else {
                &mut *diags
            };
            row.cells =
                cells_from_readings(src, &cands[i], 7, values, &format!("row `{label}`"), told);
        } else {
            // A short row: six values for seven columns.
            let mut quiet = Vec::new();
            row.cells = cells_from_readings(src, &cands[i], 7, values, "", &mut quiet);
            let open = row
                .cells
                .iter()
                .filter(|c| c.value == Value::Unresolved)
                .count();
            if open == 0 {
                diags.push(Diagnostic::warning(
                    codes::SHORT_ROW_RECOVERED,
                    format!("row `{label}` has {} values for 7 columns; whichever cell is missing, the table's arithmetic fixes every cell", values.len()),
                    span_of(values),
                ));
            } else {
                diags.push(Diagnostic::error(
                    codes::CELL_COUNT,
                    format!(
                        "row `{label}` has {} values for 7 columns and the table's arithmetic leaves {} placements ({}); {open} of its cells were left empty",
                        values.len(),
                        cands[i].len(),
                        solve::describe(&cands[i], 6)
                    ),
                    span_of(values),
                ));
            }
        }
        if has_glued(values) {
            read += row
                .cells
                .iter()
                .filter(|c| c.value.number().is_some())
                .count();
            open += row
                .cells
                .iter()
                .filter(|c| c.value == Value::Unresolved)
                .count();
            span = if span.is_empty() {
                row.span
            } else {
                span.join(row.span)
            };
        }
    }
    glued_note("三", read, open, span, diags);
    rows
}

/// Readings of a row of six values for seven columns: the missing cell in each place, its
/// value fixed by the row total. A reading needs every value to be a number.
fn short_row_readings<'a>(values: &[Token<'a>]) -> Vec<Reading<'a>> {
    if values.len() != 6 {
        return Vec::new();
    }
    let mut nums = Vec::with_capacity(6);
    for t in values {
        match t.kind {
            TokenKind::Value(Value::Number(v), _) => nums.push((v, t.as_text())),
            _ => return Vec::new(),
        }
    }
    let empty = Text::new("", Span::empty(values[0].span.start));
    let mut out = Vec::new();
    for missing in 0..7 {
        let mut row: Reading<'a> = Vec::with_capacity(7);
        let mut it = nums.iter();
        for col in 0..7 {
            if col == missing {
                row.push((Number::from_i64(0), empty));
            } else if let Some(v) = it.next() {
                row.push(*v);
            }
        }
        let others = row[..6]
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != missing)
            .try_fold(Number::from_i64(0), |acc, (_, (v, _))| acc.checked_add(*v));
        let Some(others) = others else { continue };
        let value = if missing == 6 {
            Some(others)
        } else {
            row[6].0.checked_sub(others)
        };
        match value {
            Some(v) if !v.is_negative() => row[missing].0 = v,
            _ => continue,
        }
        if solve::total_is_sum(&row) {
            out.push(row);
        }
    }
    out
}
// ---------------------------------------------------------------------------------------------
// Table 四

/// `review_table := (header_cell | stray)* value{15}` where header cells are made of the words
/// of the template's header (`行政复议`, `结果维持`, … possibly broken over lines); fragments a
/// converter broke further (`其他结`) are kept as strays.
pub(crate) fn review_table<'a>(
    src: &'a str,
    toks: &[Token<'a>],
    diags: &mut Vec<Diagnostic>,
) -> (Table<'a>, usize) {
    let mut pos = 0;
    let mut header = Vec::new();
    let mut strays = Vec::new();
    while let Some(tok) = toks.get(pos) {
        match tok.label() {
            Some(k) if made_of(k, REVIEW_HEADER_WORDS) => header.push(tok.as_text()),
            Some(_)
                if pos > 0
                    && !is_prose(tok)
                    && table_anchor(tok).is_none()
                    && tok.text.chars().count() <= 40 =>
            {
                strays.push(tok.as_text())
            }
            _ => break,
        }
        pos += 1;
    }
    let expected = template::REVIEW_GROUPS.len() * template::REVIEW_COLUMNS.len();
    // The values, possibly in several rows with header words between them (`行政复议` values,
    // then the 诉讼 header, then its values).
    let mut value_toks: Vec<Token<'a>> = Vec::new();
    let mut end = pos;
    loop {
        let n = count_values(toks, end);
        value_toks.extend(toks[end..end + n].iter().cloned());
        end += n;
        let plain = value_toks
            .iter()
            .all(|t| matches!(t.kind, TokenKind::Value(..)));
        if !plain || value_toks.len() >= expected || n == 0 {
            break;
        }
        // Short header words between runs of values.
        let mut k = end;
        while toks.get(k).is_some_and(|t| {
            t.label().is_some_and(|l| made_of(l, REVIEW_HEADER_WORDS))
                && t.text.chars().count() <= 20
        }) {
            k += 1;
        }
        if k == end || count_values(toks, k) == 0 {
            break;
        }
        for t in &toks[end..k] {
            strays.push(t.as_text());
        }
        end = k;
    }
    let consumed = end - pos;
    let values = &value_toks[..];
    let n = values.len();
    overflow_diagnostics(values, diags);
    let mut rows = Vec::new();
    if values.is_empty() {
        diags.push(Diagnostic::error(
            codes::CELL_COUNT,
            "table 四 has a header but no values",
            span_of(&toks[..pos]),
        ));
        // Only the anchor belongs to the table when no value follows it.
        pos = pos.min(1);
        let first_end = toks.first().map_or(0, |t| t.span.end);
        header.retain(|h| h.span.end <= first_end);
        strays.clear();
    } else if has_glued(values) {
        let cands: Vec<Reading<'a>> =
            match pieces(values).and_then(|p| solve::readings(&p, expected)) {
                Some(r) => r
                    .into_iter()
                    .filter(|c| c.chunks(5).all(solve::total_is_sum))
                    .collect(),
                None => Vec::new(),
            };
        let cells = cells_from_readings(src, &cands, expected, values, "table 四", diags);
        let read = cells.iter().filter(|c| c.value.number().is_some()).count();
        let open = cells
            .iter()
            .filter(|c| c.value == Value::Unresolved)
            .count();
        glued_note("四", read, open, span_of(values), diags);
        rows.push(Row {
            key: "values",
            group: None,
            labels: Vec::new(),
            cells,
            span: span_of(values),
        });
    } else {
        let key = if n == expected {
            "values"
        } else {
            diags.push(Diagnostic::error(
                codes::CELL_COUNT,
                format!(
                    "table 四 has {n} values for {expected} columns; its cells were left empty"
                ),
                span_of(values),
            ));
            ""
        };
        rows.push(Row {
            key,
            group: None,
            labels: Vec::new(),
            cells: values.iter().map(printed_cell).collect(),
            span: span_of(values),
        });
    }
    pos += consumed;
    let table = Table {
        kind: TableKind::Reviews,
        template: None,
        header,
        sections: Vec::new(),
        rows,
        strays,
        span: span_of(&toks[..pos]),
    };
    (table, pos)
}
#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::super::token::tokenize;
    use super::*;

    type Grammar<'a> = fn(&'a str, &[Token<'a>], &mut Vec<Diagnostic>) -> (Table<'a>, usize);

    fn run<'a>(src: &'a str, f: Grammar<'a>) -> (Table<'a>, usize, Vec<Diagnostic>) {
        let lines = split_lines(src);
        let (toks, _) = tokenize(&lines);
        let mut d = Vec::new();
        let (t, n) = f(src, &toks, &mut d);
        (t, n, d)
    }

    fn proactive<'a>(
        src: &'a str,
        toks: &[Token<'a>],
        d: &mut Vec<Diagnostic>,
    ) -> (Table<'a>, usize) {
        proactive_table(src, toks, &Facts::default(), d)
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
        let (t, n, d) = run(src, proactive);
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
        let (t, _, d) = run(src, proactive);
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
        assert_eq!(t.rows[0].key, "carried_forward");
        assert_eq!(t.rows[0].cells[0].value, Value::Unresolved);
        assert_eq!(t.rows[0].cells[2].value, Value::Number(Number::from_i64(0)));
        assert!(t.rows[0].cells[2].inferred);
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
        // Values in two rows with the lawsuit header between them.
        let src = "行政复议\n结果维持\t总计\n1\t0\t0\t0\t1\n行政诉讼\n未经复议直接起诉\t复议后起诉\n0\t0\t0\t0\t0\t2\t0\t0\t0\t2";
        let (t, _, d) = run(src, review_table);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows[0].key, "values");
        assert_eq!(t.rows[0].cells.len(), 15);
        assert_eq!(t.rows[0].cells[10].text, "2");
        let src = "行政复议\t行政诉讼\n0\t0\t0";
        let (_, _, d) = run(src, review_table);
        assert_eq!(d[0].code, codes::CELL_COUNT);
    }
}
