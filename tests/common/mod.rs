//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nianbao::{Block, Report, Span};

/// A node's path (for messages), span and text.
pub(crate) type Spanned<'a> = (String, Span, &'a str);
/// A child's path, its parent's span and its own span.
pub(crate) type Nested = (String, Span, Span);

/// Every (span, text) pair of the tree, with a path for messages; and every (parent, child)
/// span pair.
pub(crate) fn spans<'a>(report: &Report<'a>) -> (Vec<Spanned<'a>>, Vec<Nested>) {
    let mut texts = Vec::new();
    let mut nest = Vec::new();
    for c in report.front_matter.iter().chain(&report.back_matter) {
        texts.push(("chrome".to_string(), c.span, c.text));
    }
    if let Some(t) = &report.title.title {
        texts.push(("title".into(), t.span, t.text));
        for l in &t.lines {
            texts.push(("title.line".into(), l.span, l.text));
            nest.push(("title.line".into(), t.span, l.span));
        }
    }
    for (name, t) in [
        ("organ", report.title.organ),
        ("published", report.title.published),
        ("source", report.title.source),
    ] {
        if let Some(t) = t {
            texts.push((name.into(), t.span, t.text));
        }
    }
    let blocks = |path: String,
                  outer: Option<Span>,
                  bs: &[Block<'a>],
                  texts: &mut Vec<Spanned<'a>>,
                  nest: &mut Vec<Nested>| {
        for (i, b) in bs.iter().enumerate() {
            let p = format!("{path}.{i}");
            if let Some(o) = outer {
                nest.push((p.clone(), o, b.span()));
            }
            match b {
                Block::Paragraph(x) => texts.push((p, x.span, x.text)),
                Block::SubHeading(h) => {
                    texts.push((p.clone(), h.span, h.text));
                    texts.push((p.clone() + ".numeral", h.numeral.span, h.numeral.text));
                    texts.push((p.clone() + ".title", h.title.span, h.title.text));
                }
                Block::Table(t) => {
                    for h in t.header.iter().chain(&t.strays) {
                        texts.push((p.clone() + ".header", h.span, h.text));
                        nest.push((p.clone() + ".header", t.span, h.span));
                    }
                    let rows = t
                        .sections
                        .iter()
                        .flat_map(|s| {
                            if let Some(a) = s.anchor {
                                texts.push((p.clone() + ".anchor", a.span, a.text));
                            }
                            nest.push((p.clone() + ".section", t.span, s.span));
                            for c in &s.columns {
                                texts.push((p.clone() + ".column", c.span, c.text));
                            }
                            s.rows.iter()
                        })
                        .collect::<Vec<_>>();
                    for r in rows.into_iter().chain(t.rows.iter()) {
                        nest.push((p.clone() + ".row", t.span, r.span));
                        for l in &r.labels {
                            texts.push((p.clone() + ".label", l.span, l.text));
                            nest.push((p.clone() + ".label", r.span, l.span));
                        }
                        for c in &r.cells {
                            texts.push((format!("{p}.cell {:?}", c.id), c.span, c.text));
                            nest.push((p.clone() + ".cell", r.span, c.span));
                        }
                    }
                }
            }
        }
    };
    blocks(
        "preamble".into(),
        None,
        &report.preamble,
        &mut texts,
        &mut nest,
    );
    for (i, part) in report.parts.iter().enumerate() {
        let h = &part.heading;
        texts.push((format!("part{i}.heading"), h.span, h.text));
        texts.push((format!("part{i}.numeral"), h.numeral.span, h.numeral.text));
        texts.push((format!("part{i}.title"), h.title.span, h.title.text));
        nest.push((format!("part{i}.heading"), part.span, h.span));
        nest.push((format!("part{i}"), report.span, part.span));
        blocks(
            format!("part{i}"),
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
    for (path, span, text) in texts {
        match src.get(span.range()) {
            Some(s) if s == text => {}
            Some(s) => out.push(format!(
                "{path}: span {span:?} slices {s:?}, text is {text:?}"
            )),
            None => out.push(format!(
                "{path}: span {span:?} is not a char range of the input"
            )),
        }
    }
    for (path, parent, child) in nest {
        if !parent.contains(child) {
            out.push(format!(
                "{path}: {child:?} is not inside its parent {parent:?}"
            ));
        }
    }
    out
}
