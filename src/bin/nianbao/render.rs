//! Findings rendered the way rustc shows errors (annotate-snippets), or as JSON.
//!
//! Each finding shows `file:line:column`, the source line and a caret under the characters it
//! is about (CJK characters are two columns wide). Long lines, such as a page saved on one line,
//! are cut around the annotations.

use annotate_snippets::{AnnotationKind, Element, Level, Origin, Renderer, Snippet};
use nianbao::{Finding, ReportRole, Severity, Span};
use serde_json::{Value, json};

/// Context annotations beyond the primary one, at most.
const MAX_CONTEXT: usize = 8;
/// Source lines longer than this (in chars) are cut around the annotations.
const MAX_LINE: usize = 160;

/// A report's text and where it came from.
pub(crate) struct Source<'s> {
    pub(crate) path: &'s str,
    pub(crate) text: &'s str,
}

impl Source<'_> {
    /// 1-based line and char column of a byte offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = before.matches('\n').count() + before.matches('\r').count()
            - before.matches("\r\n").count()
            + 1;
        let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        _ => Level::NOTE,
    }
}

/// The text of a value as the report prints it (for labels).
fn shown(cell: &nianbao::FindingCell) -> String {
    match cell.value {
        Some(nianbao::Value::Number(n)) => n.to_string(),
        Some(nianbao::Value::Blank) => "空白".into(),
        Some(nianbao::Value::Placeholder) => "占位符".into(),
        _ => "未读出".into(),
    }
}

/// A window of `source` around `spans`: the lines they are on, each cut to [`MAX_LINE`] chars
/// around the spans when longer. Returns the excerpt, its first line number and the byte
/// offset in `source` of each excerpt piece, so spans can be moved into the excerpt.
struct Window {
    text: String,
    line_start: usize,
    /// (start in source, start in excerpt, length) of each copied range
    pieces: Vec<(usize, usize, usize)>,
}

impl Window {
    fn new(source: &Source<'_>, spans: &[Span]) -> Option<Window> {
        let first = spans.iter().map(|s| s.start).min()?;
        let last = spans.iter().map(|s| s.end).max()?;
        let text = source.text;
        let from = text.get(..first)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let to = text
            .get(last..)?
            .find(['\n', '\r'])
            .map_or(text.len(), |i| last + i);
        let (line_start, _) = source.line_col(from);
        let mut w = Window {
            text: String::new(),
            line_start,
            pieces: Vec::new(),
        };
        // Line by line, cutting long lines to the region the spans touch on that line.
        let mut at = from;
        for line in text.get(from..to)?.split_inclusive(['\n', '\r']) {
            let end = at + line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let (mut a, mut b) = (at, at + body.len());
            if body.chars().count() > MAX_LINE {
                let here: Vec<&Span> = spans
                    .iter()
                    .filter(|s| s.start >= at && s.start <= at + body.len())
                    .collect();
                let lo = here.iter().map(|s| s.start).min().unwrap_or(at);
                let hi = here.iter().map(|s| s.end).max().unwrap_or(lo);
                a = back_chars(text, lo, 20).max(at);
                b = forward_chars(text, hi, 20).min(at + body.len()).max(a);
            }
            if a > at {
                w.text.push('…');
            }
            w.pieces.push((a, w.text.len(), b - a));
            w.text.push_str(text.get(a..b)?);
            if b < at + body.len() {
                w.text.push('…');
            }
            w.text.push('\n');
            at = end;
        }
        Some(w)
    }

    /// A span of the source as a range of the excerpt, when the excerpt holds it.
    fn map(&self, s: Span) -> Option<std::ops::Range<usize>> {
        self.pieces.iter().find_map(|&(src, ex, len)| {
            (s.start >= src && s.end <= src + len).then(|| ex + (s.start - src)..ex + (s.end - src))
        })
    }
}

fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text.get(..at)
        .and_then(|t| {
            t.char_indices()
                .rev()
                .nth(n.saturating_sub(1))
                .map(|(i, _)| i)
        })
        .unwrap_or(0)
}

fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.char_indices().nth(n).map(|(i, _)| at + i))
        .unwrap_or(text.len())
}

/// The snippet for one report: `primary` (if any) and labelled cells.
fn snippet<'w>(
    source: &Source<'_>,
    window: &'w Window,
    primary: Option<(Span, String)>,
    context: Vec<(Span, String)>,
) -> Snippet<'w, annotate_snippets::Annotation<'w>> {
    let mut s = Snippet::source(window.text.as_str())
        .line_start(window.line_start)
        .path(source.path.to_string());
    if let Some((span, label)) = primary
        && let Some(r) = window.map(span)
    {
        s = s.annotation(AnnotationKind::Primary.span(r).label(label));
    }
    for (span, label) in context {
        if let Some(r) = window.map(span) {
            s = s.annotation(AnnotationKind::Context.span(r).label(label));
        }
    }
    s
}

/// One finding, rendered.
pub(crate) fn render(
    renderer: &Renderer,
    current: &Source<'_>,
    previous: Option<&Source<'_>>,
    f: &Finding,
) -> String {
    let primary = f.primary_span();
    let mut context: Vec<(Span, String)> = Vec::new();
    let mut omitted = 0;
    for s in f.spans.iter().skip(1) {
        context.push((*s, String::new()));
    }
    for c in f.cells.iter().filter(|c| c.report == ReportRole::Current) {
        let Some(span) = c.span.filter(|s| Some(*s) != primary) else {
            continue;
        };
        // Zeros add nothing to a sum: show the cells that do, and blanks.
        let worth = !matches!(c.value, Some(nianbao::Value::Number(n)) if n == nianbao::Number::from_i64(0));
        if worth && context.len() < MAX_CONTEXT {
            context.push((span, format!("{} = {}", c.id, shown(c))));
        } else {
            omitted += 1;
        }
    }
    // The primary cell's own label says which cell it is.
    let primary_label = f
        .cells
        .first()
        .filter(|c| c.span == primary && c.span.is_some())
        .map_or_else(String::new, |c| format!("{} = {}", c.id, shown(c)));

    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut spans: Vec<Span> = context.iter().map(|(s, _)| *s).collect();
    spans.extend(primary);
    let current_window = Window::new(current, &spans);
    if let Some(w) = &current_window {
        elements.push(
            snippet(
                current,
                w,
                primary.map(|p| (p, primary_label.clone())),
                context,
            )
            .into(),
        );
    }
    // Cells of last year's report.
    let prev_cells: Vec<(Span, String)> = f
        .cells
        .iter()
        .filter(|c| c.report == ReportRole::Previous)
        .filter_map(|c| {
            c.span
                .map(|s| (s, format!("上一年度 {} = {}", c.id, shown(c))))
        })
        .collect();
    let prev_spans: Vec<Span> = prev_cells.iter().map(|(s, _)| *s).collect();
    let prev_window = previous.and_then(|p| Window::new(p, &prev_spans).map(|w| (p, w)));
    if let Some((p, w)) = &prev_window {
        elements.push(snippet(p, w, None, prev_cells).into());
    }
    if let (Some(e), Some(x)) = (f.expected, f.found) {
        elements.push(Level::NOTE.message(format!("应为 {e}，实为 {x}")).into());
    }
    if omitted > 0 {
        elements.push(
            Level::NOTE
                .message(format!("另有 {omitted} 个相关单元格（多为 0）未标出"))
                .into(),
        );
    }
    let unplaced: Vec<String> = f
        .cells
        .iter()
        .filter(|c| c.span.is_none())
        .map(|c| c.id.to_string())
        .collect();
    if !unplaced.is_empty() {
        let listed: Vec<&str> = unplaced.iter().take(6).map(String::as_str).collect();
        let more = if unplaced.len() > listed.len() {
            format!(" 等 {} 个", unplaced.len())
        } else {
            String::new()
        };
        elements.push(
            Level::NOTE
                .message(format!("未读出的单元格：{}{more}", listed.join("、")))
                .into(),
        );
    }
    if current_window.is_none() && prev_window.is_none() {
        elements.push(Origin::path(current.path.to_string()).into());
    }
    let group = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.code)
        .elements(elements);
    renderer.render(&[group])
}

/// One file's findings as JSON.
pub(crate) fn to_json(
    current: &Source<'_>,
    previous: Option<&Source<'_>>,
    findings: &[Finding],
) -> Value {
    let place = |role: ReportRole, span: Option<Span>| -> (Value, Value) {
        let source = match role {
            ReportRole::Previous => previous,
            _ => Some(current),
        };
        match (source, span) {
            (Some(s), Some(span)) => {
                let (l, c) = s.line_col(span.start);
                (json!(l), json!(c))
            }
            _ => (Value::Null, Value::Null),
        }
    };
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
            let (l, c) = place(ReportRole::Current, f.primary_span());
            v["line"] = l;
            v["column"] = c;
            if let Some(cells) = v["cells"].as_array_mut() {
                for (cv, cell) in cells.iter_mut().zip(&f.cells) {
                    let (l, c) = place(cell.report, cell.span);
                    cv["line"] = l;
                    cv["column"] = c;
                }
            }
            v
        })
        .collect();
    json!({
        "path": current.path,
        "previous": previous.map(|p| p.path),
        "errors": findings.iter().filter(|f| f.is_error()).count(),
        "findings": list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, path: &str) -> Vec<String> {
        let parse = nianbao::parse(text);
        let source = Source { path, text };
        parse
            .report()
            .validate()
            .iter()
            .map(|f| render(&Renderer::plain(), &source, None, f))
            .collect()
    }

    /// Display width as a terminal draws it: CJK and full-width two columns, ASCII one.
    fn width(s: &str) -> usize {
        s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
    }

    #[test]
    fn caret_sits_under_cjk_text() {
        let text = include_str!("../../../tests/fixtures/validate/report_2021.txt").replacen(
            "共收到政府信息公开申请8件",
            "共收到政府信息公开申请12件",
            1,
        );
        let out = plain(&text, "r.txt");
        let t1 = out
            .iter()
            .find(|o| o.contains("text.request-count"))
            .expect("a T1 finding");
        let lines: Vec<&str> = t1.lines().collect();
        // Header with file:line:column (column in chars).
        let line_no = text.lines().position(|l| l.contains("申请12件")).unwrap() + 1;
        let source_line = text.lines().nth(line_no - 1).unwrap();
        let col = source_line
            .find("收到")
            .map(|b| source_line[..b].chars().count() + 1);
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("r.txt:{line_no}:{}", col.unwrap()))),
            "{t1}"
        );
        // The caret line: as many columns to the left as the text before `收到`, and one caret
        // per column of `收到政府信息公开申请12件`.
        let shown = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{line_no} |")))
            .unwrap();
        let gutter = lines[shown].find('|').unwrap() + 2;
        let carets = lines[shown + 1];
        let before = &source_line[..source_line.find("收到").unwrap()];
        let first = carets.find('^').expect("carets");
        assert_eq!(first - gutter, width(before), "{t1}");
        let run = carets[first..].chars().take_while(|c| *c == '^').count();
        assert_eq!(run, width("收到政府信息公开申请12件"), "{t1}");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let filler = "本机关依法依规做好政府信息公开工作。".repeat(40);
        let text = include_str!("../../../tests/fixtures/validate/report_2021.txt").replacen(
            "本年度共收到政府信息公开申请8件",
            &format!("{filler}本年度共收到政府信息公开申请12件"),
            1,
        );
        let out = plain(&text, "r.txt");
        let t1 = out
            .iter()
            .find(|o| o.contains("text.request-count"))
            .unwrap();
        assert!(t1.contains('…'), "{t1}");
        assert!(t1.lines().all(|l| l.chars().count() < 400), "{t1}");
        assert!(t1.contains('^'), "{t1}");
    }

    #[test]
    fn json_has_positions() {
        let text = include_str!("../../../tests/fixtures/validate/report_2021.txt").replacen(
            "（一）予以公开\t\t3\t1\t0\t0\t0\t0\t4",
            "（一）予以公开\t\t3\t1\t0\t0\t0\t0\t5",
            1,
        );
        let parse = nianbao::parse(&text);
        let findings = parse.report().validate();
        let v = to_json(
            &Source {
                path: "r.txt",
                text: &text,
            },
            None,
            &findings,
        );
        let row = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "arith.row-total")
            .unwrap();
        assert_eq!(row["expected"], 4);
        assert_eq!(row["found"], 5);
        assert_eq!(row["cells"][0]["id"], "t3.granted.total");
        let line = text
            .lines()
            .position(|l| l.contains("（一）予以公开"))
            .unwrap()
            + 1;
        assert_eq!(row["line"], line);
        assert_eq!(row["cells"][0]["value"]["number"], 5);
        assert!(v["errors"].as_u64().unwrap() >= 1);
    }
}
