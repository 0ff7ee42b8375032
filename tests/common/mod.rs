//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fmt;

use nianbao::{Block, Report, Span};

/// Column keys of table 三 in template order, as they stand in the cell ids (`t3.new.natural`).
pub(crate) const REQUEST_COLUMNS: [&str; 7] = [
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other_org",
    "total",
];

/// Where a node is in the tree, for messages: what it is, and the part and block it is in.
/// Cheap to make (no formatting until it is printed), so the fuzz targets can walk every node.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path {
    pub(crate) what: &'static str,
    /// Index of the part, `None` for the preamble and the title block.
    pub(crate) part: Option<usize>,
    /// Index of the block inside its part (or the preamble).
    pub(crate) block: Option<usize>,
}

impl Path {
    fn top(what: &'static str) -> Self {
        Path {
            what,
            part: None,
            block: None,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Some(p) => write!(f, "part{p}")?,
            None => f.write_str("front")?,
        }
        if let Some(b) = self.block {
            write!(f, ".{b}")?;
        }
        write!(f, ".{}", self.what)
    }
}

/// A node's path (for messages), span and text.
pub(crate) type Spanned<'a> = (Path, Span, &'a str);
/// A child's path, its parent's span and its own span.
pub(crate) type Nested = (Path, Span, Span);

/// Every (span, text) pair of the tree, with a path for messages; and every (parent, child)
/// span pair.
pub(crate) fn spans<'a>(report: &Report<'a>) -> (Vec<Spanned<'a>>, Vec<Nested>) {
    let mut texts = Vec::new();
    let mut nest = Vec::new();
    for c in report.front_matter.iter().chain(&report.back_matter) {
        texts.push((Path::top("chrome"), c.span, c.text));
    }
    if let Some(t) = &report.title.title {
        texts.push((Path::top("title"), t.span, t.text));
        for l in &t.lines {
            texts.push((Path::top("title.line"), l.span, l.text));
            nest.push((Path::top("title.line"), t.span, l.span));
        }
    }
    for (name, t) in [
        ("organ", report.title.organ),
        ("published", report.title.published),
        ("source", report.title.source),
    ] {
        if let Some(t) = t {
            texts.push((Path::top(name), t.span, t.text));
        }
    }
    let blocks = |part: Option<usize>,
                  outer: Option<Span>,
                  bs: &[Block<'a>],
                  texts: &mut Vec<Spanned<'a>>,
                  nest: &mut Vec<Nested>| {
        for (i, b) in bs.iter().enumerate() {
            let at = |what| Path {
                what,
                part,
                block: Some(i),
            };
            if let Some(o) = outer {
                nest.push((at("block"), o, b.span()));
            }
            match b {
                Block::Paragraph(x) => texts.push((at("paragraph"), x.span, x.text)),
                Block::SubHeading(h) => {
                    texts.push((at("sub_heading"), h.span, h.text));
                    texts.push((at("sub_heading.numeral"), h.numeral.span, h.numeral.text));
                    texts.push((at("sub_heading.title"), h.title.span, h.title.text));
                }
                Block::Table(t) => {
                    for h in t.header.iter().chain(&t.strays) {
                        texts.push((at("header"), h.span, h.text));
                        nest.push((at("header"), t.span, h.span));
                    }
                    for s in &t.sections {
                        if let Some(a) = s.anchor {
                            texts.push((at("anchor"), a.span, a.text));
                        }
                        nest.push((at("section"), t.span, s.span));
                        for c in &s.columns {
                            texts.push((at("column"), c.span, c.text));
                        }
                    }
                    let rows = t.sections.iter().flat_map(|s| &s.rows).chain(&t.rows);
                    for r in rows {
                        nest.push((at("row"), t.span, r.span));
                        for l in &r.labels {
                            texts.push((at("label"), l.span, l.text));
                            nest.push((at("label"), r.span, l.span));
                        }
                        for c in &r.cells {
                            texts.push((at("cell"), c.span, c.text));
                            nest.push((at("cell"), r.span, c.span));
                        }
                    }
                }
            }
        }
    };
    blocks(None, None, &report.preamble, &mut texts, &mut nest);
    for (i, part) in report.parts.iter().enumerate() {
        let h = &part.heading;
        let at = |what| Path {
            what,
            part: Some(i),
            block: None,
        };
        texts.push((at("heading"), h.span, h.text));
        texts.push((at("heading.numeral"), h.numeral.span, h.numeral.text));
        texts.push((at("heading.title"), h.title.span, h.title.text));
        nest.push((at("heading"), part.span, h.span));
        nest.push((at("part"), report.span, part.span));
        blocks(
            Some(i),
            Some(part.span),
            &part.blocks,
            &mut texts,
            &mut nest,
        );
    }
    (texts, nest)
}

/// Problems with the spans of a tree read from `src`: spans off char boundaries or out of
/// bounds, texts that are not the slice their span covers, children outside their parents.
pub(crate) fn span_problems(src: &str, report: &Report<'_>) -> Vec<String> {
    let (texts, nest) = spans(report);
    let mut out = Vec::new();
    slice_problems(src, &texts, &nest, &mut out);
    out
}

fn slice_problems(src: &str, texts: &[Spanned<'_>], nest: &[Nested], out: &mut Vec<String>) {
    for (path, span, text) in texts {
        match src.get(span.range()) {
            Some(s) if s == *text => {}
            Some(s) => out.push(format!(
                "{path}: span {span:?} slices {s:?}, text is {text:?}"
            )),
            None => out.push(format!(
                "{path}: span {span:?} is not a char range of the input"
            )),
        }
    }
    for (path, parent, child) in nest {
        if !parent.contains(*child) {
            out.push(format!(
                "{path}: {child:?} is not inside its parent {parent:?}"
            ));
        }
    }
}

/// Texts of the tree that are not the input's own bytes at their span: the tree copies no text,
/// so a non-empty text's address is the input's address plus its span's start.
fn copy_problems(src: &str, texts: &[Spanned<'_>], out: &mut Vec<String>) {
    let base = src.as_ptr() as usize;
    for (path, span, text) in texts {
        if !text.is_empty()
            && src.get(span.range()).is_some()
            && text.as_ptr() as usize != base + span.start
        {
            out.push(format!(
                "{path}: {text:?} at {span:?} is a copy, not a slice of the input"
            ));
        }
    }
}

/// Everything that must hold of a parse, whatever its input (the fuzz targets and the property
/// tests check this):
///
/// - every span of the tree lies inside the input on char boundaries, slices the input to its
///   node's text, and lies inside its parent's span ([`span_problems`]);
/// - the tree copies no text: each text is the input's own bytes at its span;
/// - diagnostics have char-range spans, are sorted by position, carry the line and column the
///   line index gives, and display without panicking;
/// - `cells()` yields the detected template's ids, each once, in `cells.tsv` order, each with a
///   cell of the tree that carries that id; `cell(id)` finds the same entry.
pub(crate) fn parse_problems(parse: &nianbao::Parse<'_>) -> Vec<String> {
    let src = parse.source();
    let report = parse.report();
    let (texts, nest) = spans(report);
    let mut out = Vec::new();
    slice_problems(src, &texts, &nest, &mut out);
    copy_problems(src, &texts, &mut out);

    let mut previous = None;
    for d in parse.diagnostics() {
        if src.get(d.span.range()).is_none() {
            out.push(format!(
                "diagnostic {}: span {:?} is not a char range of the input",
                d.code, d.span
            ));
        }
        let here = (d.span.start, d.span.end);
        if previous.is_some_and(|p| p > here) {
            out.push(format!(
                "diagnostic {} at {:?} is out of order",
                d.code, d.span
            ));
        }
        previous = Some(here);
        let position = parse.line_col(d.span.start);
        if d.position != position {
            out.push(format!(
                "diagnostic {} at {:?}: position {:?}, the line index says {:?}",
                d.code, d.span, d.position, position
            ));
        }
        if d.to_string().is_empty() {
            out.push(format!("diagnostic {} displays as nothing", d.code));
        }
    }

    let entries: Vec<_> = report.cells().collect();
    let want: Vec<nianbao::CellId> = report
        .template
        .map(|t| t.cell_ids().collect())
        .unwrap_or_default();
    let got: Vec<nianbao::CellId> = entries.iter().map(|e| e.id).collect();
    if got != want {
        out.push(format!(
            "cells() yields {} ids that are not the {} ids of template {:?} in cells.tsv order",
            got.len(),
            want.len(),
            report.template
        ));
    }
    let mut names = std::collections::HashSet::new();
    let tree_cells: std::collections::HashSet<*const nianbao::Cell<'_>> =
        report.all_cells().map(|c| c as *const _).collect();
    for e in &entries {
        if e.id.as_str().is_empty() || !names.insert(e.id.as_str()) {
            out.push(format!("cell id {:?} is empty or yielded twice", e.id));
        }
        if let Some(c) = e.cell {
            if c.id != Some(e.id) {
                out.push(format!("cell {} holds a cell whose id is {:?}", e.id, c.id));
            }
            if !tree_cells.contains(&(c as *const _)) {
                out.push(format!("cell {} is not a cell of the tree", e.id));
            }
        }
        if nianbao::CellId::lookup(e.id.template(), e.id.as_str()) != Some(e.id) {
            out.push(format!("cell id {:?} does not look itself up", e.id));
        }
    }
    // `cell(id)` is `cells()` by position: check both ends.
    for e in entries.first().into_iter().chain(entries.last()) {
        if report.cell(e.id.as_str()) != Some(*e) {
            out.push(format!("cell({:?}) differs from cells()", e.id.as_str()));
        }
    }
    out
}
