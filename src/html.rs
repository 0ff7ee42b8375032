//! Reading a report from the web page a crawler saved.
//!
//! The page is tokenised by [html5gum](https://docs.rs/html5gum), a WHATWG-compliant tokenizer
//! that gives every token its byte span, and a small tag-soup tree is built from the tokens (the
//! implied ends of `<td>`, `<tr>` and `<p>`, end tags matched to the nearest open element of the
//! same name, never across a table). The report's article is the smallest element that holds
//! nearly all of the report's landmarks (part headings, table titles); navigation, scripts and
//! styles are left out. The article becomes text in the layouts the grammar reads — a line per
//! block, a tab-separated line per table row, an explicit blank for an empty cell — with a map
//! from every byte of that text back to the bytes of the page it came from, and after parsing
//! every span of the tree is mapped back to the page.

use std::borrow::Cow;

use html5gum::emitters::default::DefaultEmitter;
use html5gum::{Token, Tokenizer};

use crate::span::Span;
use crate::text::is_title_line_text;

/// Marks a table cell that is present but empty (`<td>&nbsp;</td>`), so that the grammar reads a
/// blank value in its place instead of dropping it. A private-use character: it does not occur in
/// reports.
pub(crate) const BLANK_CELL: char = '\u{e000}';

/// Maps byte offsets of the extracted text to byte offsets of the page.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    /// Pieces in text order: `(text_start, text_len, html_start, html_len, linear)`.
    pieces: Vec<(usize, usize, usize, usize, bool)>,
}

impl OffsetMap {
    fn push(&mut self, text: usize, text_len: usize, html: usize, html_len: usize, linear: bool) {
        if text_len == 0 && html_len == 0 {
            return;
        }
        if linear
            && let Some(last) = self.pieces.last_mut()
            && last.4
            && last.0 + last.1 == text
            && last.2 + last.3 == html
        {
            last.1 += text_len;
            last.3 += html_len;
            return;
        }
        self.pieces.push((text, text_len, html, html_len, linear));
    }

    fn piece(&self, text: usize) -> Option<&(usize, usize, usize, usize, bool)> {
        let i = self.pieces.partition_point(|p| p.0 <= text);
        self.pieces.get(i.checked_sub(1)?)
    }

    /// The page offset where text offset `t` starts.
    fn start(&self, t: usize) -> usize {
        match self.piece(t) {
            Some(&(ts, tl, hs, hl, linear)) if t < ts + tl.max(1) => {
                if linear {
                    hs + (t - ts)
                } else if t == ts {
                    hs
                } else {
                    hs + hl
                }
            }
            Some(&(_, _, hs, hl, _)) => hs + hl,
            None => 0,
        }
    }

    /// The page offset where the text before offset `t` ends.
    fn end(&self, t: usize) -> usize {
        if t == 0 {
            return self.start(0);
        }
        match self.piece(t - 1) {
            Some(&(ts, tl, hs, hl, linear)) if t <= ts + tl => {
                if linear {
                    hs + (t - ts)
                } else {
                    hs + hl
                }
            }
            Some(&(_, _, hs, hl, _)) => hs + hl,
            None => 0,
        }
    }

    /// The page span of a text span.
    pub(crate) fn span(&self, s: Span) -> Span {
        let start = self.start(s.start);
        if s.is_empty() {
            return Span::empty(start);
        }
        let end = self.end(s.end).max(start);
        Span::new(start, end)
    }

    /// The text span that a page span was mapped from (the inverse of [`OffsetMap::span`] for
    /// spans it produced).
    pub(crate) fn inverse(&self, h: Span) -> Span {
        let find_start = |h: usize| -> usize {
            let i = self.pieces.partition_point(|p| p.2 + p.3 <= h);
            match self.pieces.get(i) {
                Some(&(ts, _, hs, _, linear)) if h >= hs => {
                    if linear {
                        ts + (h - hs)
                    } else {
                        ts
                    }
                }
                Some(&(ts, _, _, _, _)) => ts,
                None => self.pieces.last().map_or(0, |p| p.0 + p.1),
            }
        };
        let find_end = |h: usize| -> usize {
            let i = self.pieces.partition_point(|p| p.2 < h);
            match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
                Some(&(ts, tl, hs, hl, linear)) if h <= hs + hl => {
                    if linear {
                        ts + (h - hs)
                    } else {
                        ts + tl
                    }
                }
                Some(&(ts, tl, _, _, _)) => ts + tl,
                None => 0,
            }
        };
        let start = find_start(h.start);
        if h.is_empty() {
            return Span::empty(start);
        }
        Span::new(start, find_end(h.end).max(start))
    }
}

/// The text of a page's article, and the map back to the page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extracted {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
}

// ---------------------------------------------------------------------------------------------
// The tag-soup tree.

#[derive(Debug)]
enum Kind {
    Element { name: String, titled: bool },
    Text(Span),
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    children: Vec<usize>,
    /// Where the element starts in the page (for a text node, its span's start).
    at: usize,
    /// Report landmarks in this subtree.
    marks: u32,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "select", "option", "button",
    "textarea", "svg", "object", "iframe", "nav",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "center",
    "form",
    "table",
    "tr",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "address",
    "main",
    "aside",
    "fieldset",
];
/// Deepest element nesting followed; deeper content is read as flat text.
const MAX_DEPTH: usize = 256;

struct Tree {
    nodes: Vec<Node>,
}

fn build(html: &str) -> Tree {
    let mut nodes = vec![Node {
        kind: Kind::Element {
            name: "#document".into(),
            titled: false,
        },
        children: Vec::new(),
        at: 0,
        marks: 0,
    }];
    let mut stack: Vec<usize> = vec![0];
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let name_of = |nodes: &Vec<Node>, i: usize| -> String {
        match &nodes[i].kind {
            Kind::Element { name, .. } => name.clone(),
            Kind::Text(_) => String::new(),
        }
    };
    // Pop to (and including) the nearest open `names` element, not crossing `stop` elements.
    fn close(stack: &mut Vec<usize>, nodes: &[Node], names: &[&str], stop: &[&str]) -> bool {
        for k in (1..stack.len()).rev() {
            if let Kind::Element { name, .. } = &nodes[stack[k]].kind {
                if names.contains(&name.as_str()) {
                    stack.truncate(k);
                    return true;
                }
                if stop.contains(&name.as_str()) {
                    return false;
                }
            }
        }
        false
    }
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "td" | "th" => {
                        close(&mut stack, &nodes, &["td", "th"], &["tr", "table"]);
                    }
                    "tr" => {
                        close(&mut stack, &nodes, &["tr"], &["table"]);
                    }
                    "p" => {
                        close(
                            &mut stack,
                            &nodes,
                            &["p"],
                            &["td", "th", "table", "div", "li"],
                        );
                    }
                    _ => {}
                }
                let parent = *stack.last().unwrap_or(&0);
                let id = nodes.len();
                // A CMS title element: `<div class="article-title">`, `<p id="title">`.
                let titled = tag.attributes.iter().any(|(k, v)| {
                    matches!(k.as_slice(), b"class" | b"id")
                        && String::from_utf8_lossy(&v.value)
                            .to_ascii_lowercase()
                            .contains("title")
                });
                nodes.push(Node {
                    kind: Kind::Element {
                        name: name.clone(),
                        titled,
                    },
                    children: Vec::new(),
                    at: tag.span.start,
                    marks: 0,
                });
                nodes[parent].children.push(id);
                if !tag.self_closing && !VOID.contains(&name.as_str()) && stack.len() < MAX_DEPTH {
                    stack.push(id);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let stop: &[&str] = match name.as_str() {
                    "table" => &[],
                    "tr" | "tbody" | "thead" | "tfoot" => &["table"],
                    "td" | "th" => &["tr", "table"],
                    _ => &["td", "th", "table"],
                };
                close(&mut stack, &nodes, &[name.as_str()], stop);
            }
            Token::String(s) => {
                let parent = *stack.last().unwrap_or(&0);
                let skip = stack
                    .iter()
                    .any(|&i| SKIP.contains(&name_of(&nodes, i).as_str()));
                if skip {
                    continue;
                }
                let span = Span::new(s.span.start, s.span.end);
                let id = nodes.len();
                nodes.push(Node {
                    kind: Kind::Text(span),
                    children: Vec::new(),
                    at: span.start,
                    marks: 0,
                });
                nodes[parent].children.push(id);
            }
            _ => {}
        }
    }
    Tree { nodes }
}

/// Landmarks of a report: words that stand in its headings and tables.
const MARKS: &[&str] = &[
    "总体情况",
    "主动公开政府信息",
    "第二十条",
    "申请人情况",
    "本年度办理结果",
    "行政复议",
    "其他需要报告",
    "存在的主要问题",
    "信息内容",
];

fn count_marks(tree: &mut Tree, html: &str) {
    // Children are created after their parents, so a reverse pass sums bottom-up.
    for i in (0..tree.nodes.len()).rev() {
        let own = match &tree.nodes[i].kind {
            Kind::Text(s) => html.get(s.range()).map_or(0, |t| {
                MARKS.iter().map(|m| t.matches(m).count() as u32).sum()
            }),
            Kind::Element { .. } => 0,
        };
        let kids: u32 = tree.nodes[i]
            .children
            .iter()
            .map(|&c| tree.nodes[c].marks)
            .sum();
        tree.nodes[i].marks = own + kids;
    }
}

/// The article: the deepest element holding nearly all of the page's landmarks.
fn article(tree: &Tree) -> usize {
    let total = tree.nodes[0].marks;
    let mut at = 0;
    loop {
        let best = tree.nodes[at]
            .children
            .iter()
            .copied()
            .filter(|&c| matches!(tree.nodes[c].kind, Kind::Element { .. }))
            .max_by_key(|&c| tree.nodes[c].marks);
        match best {
            Some(c) if total > 0 && tree.nodes[c].marks * 10 >= total * 9 => at = c,
            _ => return at,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text output.

struct Writer<'h> {
    html: &'h str,
    out: Extracted,
    /// Whether the output is at the start of a line.
    line_start: bool,
    /// A blank is owed before the next text, at this page offset.
    space: Option<usize>,
}

/// Named character references reports use; others are kept as written.
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", ' '),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("middot", '·'),
    ("times", '×'),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
    ("yen", '¥'),
    ("copy", '©'),
    ("reg", '®'),
    ("bull", '•'),
];

/// The character a reference at the start of `s` (`&nbsp;`, `&#160;`, `&#xA0;`) stands for, and
/// its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';').filter(|&e| e <= 10)?;
    let name = &body[..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(v).filter(|c| *c != '\0')?
    } else {
        ENTITIES.iter().find(|(n, _)| *n == name)?.1
    };
    Some((c, end + 2))
}

impl<'h> Writer<'h> {
    fn push_synthetic(&mut self, s: &str, at: usize) {
        let t = self.out.text.len();
        self.out.text.push_str(s);
        self.out.map.push(t, s.len(), at, 0, false);
    }

    fn newline(&mut self, at: usize) {
        self.space = None;
        if !self.line_start {
            self.push_synthetic("\n", at);
            self.line_start = true;
        }
    }

    fn tab(&mut self, at: usize) {
        self.space = None;
        self.push_synthetic("\t", at);
        self.line_start = false;
    }

    /// Text from the page, whitespace collapsed, references decoded.
    fn text(&mut self, span: Span) {
        let Some(raw) = self.html.get(span.range()) else {
            return;
        };
        let mut i = 0;
        while i < raw.len() {
            let rest = &raw[i..];
            let Some(c) = rest.chars().next() else { break };
            let (ch, len, linear) = match c {
                '&' => match entity(rest) {
                    Some((e, n)) => (e, n, false),
                    None => ('&', 1, true),
                },
                _ => (c, c.len_utf8(), true),
            };
            let at = span.start + i;
            if ch.is_whitespace() {
                if !self.line_start {
                    self.space.get_or_insert(at);
                }
            } else {
                if let Some(sp) = self.space.take() {
                    self.push_synthetic(" ", sp);
                }
                let t = self.out.text.len();
                if linear {
                    self.out.text.push_str(&rest[..len]);
                    self.out.map.push(t, len, at, len, true);
                } else {
                    self.out.text.push(ch);
                    self.out.map.push(t, ch.len_utf8(), at, len, false);
                }
                self.line_start = false;
            }
            i += len;
        }
    }
}

fn element_name(tree: &Tree, i: usize) -> &str {
    match &tree.nodes[i].kind {
        Kind::Element { name, .. } => name,
        Kind::Text(_) => "",
    }
}

fn has_table_inside(tree: &Tree, i: usize, depth: usize) -> bool {
    depth < MAX_DEPTH
        && tree.nodes[i]
            .children
            .iter()
            .any(|&c| element_name(tree, c) == "table" || has_table_inside(tree, c, depth + 1))
}

/// The rows of a table: its `tr` elements, through `tbody`/`thead`/`tfoot`.
fn rows_of(tree: &Tree, table: usize, out: &mut Vec<usize>, depth: usize) {
    for &c in &tree.nodes[table].children {
        match element_name(tree, c) {
            "tr" => out.push(c),
            "tbody" | "thead" | "tfoot" if depth < 4 => rows_of(tree, c, out, depth + 1),
            _ => {}
        }
    }
}

fn write_node(tree: &Tree, i: usize, w: &mut Writer<'_>, in_cell: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &tree.nodes[i].kind {
        Kind::Text(span) => w.text(*span),
        Kind::Element { name, .. } => {
            let name = name.as_str();
            if SKIP.contains(&name) {
                return;
            }
            let at = tree.nodes[i].at;
            if name == "br" {
                if in_cell {
                    w.space.get_or_insert(at);
                } else {
                    w.newline(at);
                }
                return;
            }
            if name == "table" && !in_cell && !has_table_inside(tree, i, 0) {
                write_table(tree, i, w, depth);
                return;
            }
            let block = BLOCK.contains(&name) || matches!(name, "td" | "th");
            if block && !in_cell {
                w.newline(at);
            }
            for &c in &tree.nodes[i].children {
                write_node(tree, c, w, in_cell, depth + 1);
            }
            if block && !in_cell {
                let end = w.out.map.pieces.last().map_or(at, |p| p.2 + p.3);
                w.newline(end);
            }
        }
    }
}

/// A data table (no table inside): a line per row, cells separated by tabs, an empty cell as
/// [`BLANK_CELL`]. Merged cells appear once, in the first row they span; values are read in
/// order and matched by labels, so colspans that differ between rows shift nothing.
fn write_table(tree: &Tree, table: usize, w: &mut Writer<'_>, depth: usize) {
    let mut rows = Vec::new();
    rows_of(tree, table, &mut rows, 0);
    w.newline(tree.nodes[table].at);
    for r in rows {
        let cells: Vec<usize> = tree.nodes[r]
            .children
            .iter()
            .copied()
            .filter(|&c| matches!(element_name(tree, c), "td" | "th"))
            .collect();
        for (k, &c) in cells.iter().enumerate() {
            if k > 0 {
                w.tab(tree.nodes[c].at);
            }
            let before = w.out.text.len();
            w.line_start = true;
            for &g in &tree.nodes[c].children {
                write_node(tree, g, w, true, depth + 1);
            }
            w.space = None;
            if w.out.text.len() == before {
                // An empty cell: its place is kept.
                let at = tree.nodes[c].at;
                let t = w.out.text.len();
                w.out.text.push(BLANK_CELL);
                w.out.map.push(t, BLANK_CELL.len_utf8(), at, 0, false);
            }
            w.line_start = false;
        }
        let end = w
            .out
            .map
            .pieces
            .last()
            .map_or(tree.nodes[r].at, |p| p.2 + p.3);
        w.newline(end);
    }
}

/// Elements outside the article that carry the page's title (`<h1>`, a CMS title tag).
fn title_outside(tree: &Tree, root: usize, html: &str) -> Option<usize> {
    let mut found = None;
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        if i == root || depth > MAX_DEPTH {
            continue;
        }
        let name = element_name(tree, i);
        let titled = matches!(&tree.nodes[i].kind, Kind::Element { titled: true, .. });
        if matches!(name, "h1" | "h2" | "h3" | "ucaptitle")
            || titled
            || (name.contains("title") && name != "title")
        {
            let mut w = Writer {
                html,
                out: Extracted::default(),
                line_start: true,
                space: None,
            };
            write_node(tree, i, &mut w, true, 0);
            if is_title_line_text(w.out.text.trim()) {
                found.get_or_insert(i);
                continue;
            }
        }
        if SKIP.contains(&name) {
            continue;
        }
        for &c in tree.nodes[i].children.iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    found
}

/// The text of a page's report, in the layouts the grammar reads, with its map to the page.
pub(crate) fn extract(html: &str) -> Extracted {
    let mut tree = build(html);
    count_marks(&mut tree, html);
    let root = article(&tree);
    let mut w = Writer {
        html,
        out: Extracted::default(),
        line_start: true,
        space: None,
    };
    // The article's own title, or the page's heading when the article prints none.
    let mut probe = Writer {
        html,
        out: Extracted::default(),
        line_start: true,
        space: None,
    };
    write_node(&tree, root, &mut probe, false, 0);
    let has_title = probe
        .out
        .text
        .lines()
        .take(12)
        .any(|l| is_title_line_text(l.trim()));
    if !has_title
        && let Some(t) =
            title_outside(&tree, root, html).filter(|&t| tree.nodes[t].at < tree.nodes[root].at)
    {
        write_node(&tree, t, &mut w, false, 0);
        w.newline(tree.nodes[t].at);
    }
    write_node(&tree, root, &mut w, false, 0);
    w.out
}

/// The text of a page span, decoded, for display.
pub(crate) fn decoded<'s>(ex: &'s Extracted, span: Span) -> Cow<'s, str> {
    let t = ex.map.inverse(span);
    Cow::Borrowed(ex.text.get(t.range()).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_tab_lines_with_blank_cells() {
        let html = "<div>x</div><table><tr><td>规章</td><td><span>1</span></td><td>&nbsp;</td></tr><tr><td>行政<br/>许可</td><td>2</td></table>";
        let ex = extract(html);
        assert_eq!(ex.text, "x\n规章\t1\t\u{e000}\n行政 许可\t2\n");
        let one = ex.text.find('1').unwrap();
        let sp = ex.map.span(Span::new(one, one + 1));
        assert_eq!(&html[sp.range()], "1");
        assert_eq!(ex.map.inverse(sp), Span::new(one, one + 1));
    }

    #[test]
    fn entities_and_whitespace() {
        let html = "<p>规章&nbsp;&amp;  文件\n</p><p>&#x4E00;</p>";
        let ex = extract(html);
        assert_eq!(ex.text, "规章 & 文件\n一\n");
        let amp = ex.text.find('&').unwrap();
        assert_eq!(&html[ex.map.span(Span::new(amp, amp + 1)).range()], "&amp;");
    }

    #[test]
    fn unclosed_cells_and_paragraphs_do_not_nest_rows() {
        let html = "<table><tr><td><p>一<td>1<tr><td>二<td>2</table><p>after";
        let ex = extract(html);
        assert_eq!(ex.text, "一\t1\n二\t2\nafter\n");
    }

    #[test]
    fn title_by_class_outside_the_article() {
        let html = "<div class=\"article-title\">某局2023年政府信息公开工作年度报告</div><div id=c><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>第二十条第（一）项</p></div>";
        let ex = extract(html);
        assert!(
            ex.text
                .starts_with("某局2023年政府信息公开工作年度报告\n一、总体情况"),
            "{}",
            ex.text
        );
    }

    #[test]
    fn article_is_found_inside_chrome() {
        let html = "<html><head><title>t</title><script>var a='<p>';</script></head><body><div class=nav>首页 政务公开</div>\
            <div id=main><h1>某局2023年政府信息公开工作年度报告</h1><div id=c><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>第二十条第（一）项</p><p>六、其他需要报告的事项</p></div></div><div>版权所有</div></body></html>";
        let ex = extract(html);
        assert!(
            ex.text
                .starts_with("某局2023年政府信息公开工作年度报告\n一、总体情况"),
            "{}",
            ex.text
        );
        assert!(!ex.text.contains("版权所有"));
        assert!(!ex.text.contains("var a"));
    }
}
