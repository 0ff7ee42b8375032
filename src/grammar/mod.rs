//! The grammar: from lines to the report tree.
//!
//! Reading goes in passes, each linear in the input:
//!
//! 1. [`lines`]: split the input into lines with spans.
//! 2. [`heading`]: find the six part headings (`part_heading`), telling them from table labels
//!    that look alike (`四、结转下年度继续办理`).
//! 3. [`title`]: the title block and the web-page chrome before the title and after the end.
//! 4. [`block`]: each part's body into sub-headings, paragraphs and tables; tables are read
//!    from a stream of cells ([`token`]) by the grammars of [`table`].
//! 5. [`assemble`]: decide the template from the tables' content and give every cell its
//!    canonical id.

pub(crate) mod assemble;
pub(crate) mod block;
pub(crate) mod facts;
pub(crate) mod heading;
pub(crate) mod lines;
pub(crate) mod segment;
pub(crate) mod solve;
pub(crate) mod table;
pub(crate) mod title;
pub(crate) mod token;
pub(crate) mod value;
pub(crate) mod vocab;

use nom_locate::LocatedSpan;

/// Located input for the line grammars: a `&str` that knows its byte offset in the whole input.
pub(crate) type Input<'a> = LocatedSpan<&'a str>;

use crate::ast::{Chrome, ChromeKind, Heading, Part, Report, TitleBlock};
use crate::diagnostic::{Diagnostic, codes};
use crate::span::Span;
use crate::template;
use heading::{HeadingMatch, part_heading, part_kind};
use lines::Line;

/// Read a whole document.
pub(crate) fn document<'a>(src: &'a str, diags: &mut Vec<Diagnostic>) -> Report<'a> {
    let raw_lines = lines::split_lines(src);
    let raw_count = raw_lines.len();
    let lines = segment::segment_lines(raw_lines);
    let mut layouts = Vec::new();
    if lines.len() != raw_count {
        layouts.push(crate::ast::Layout::OneLineBody);
    }
    if lines.iter().all(Line::is_blank) {
        diags.push(Diagnostic::error(
            codes::EMPTY_INPUT,
            "the input holds no text",
            Span::new(0, src.len()),
        ));
        return Report {
            template: None,
            layouts: Vec::new(),
            front_matter: Vec::new(),
            title: TitleBlock::default(),
            preamble: Vec::new(),
            parts: Vec::new(),
            back_matter: Vec::new(),
            span: Span::new(0, src.len()),
        };
    }
    let headings = find_part_headings(&lines);
    let facts = facts::extract(&lines);
    let first_heading = headings.first().map_or(lines.len(), |(i, _)| *i);

    // Title block and chrome above the report.
    let front = assemble::front(src, &lines[..first_heading], &facts, &mut layouts, diags);

    // Parts.
    let mut parts = Vec::new();
    let mut back_matter = Vec::new();
    for (n, (at, h)) in headings.iter().enumerate() {
        let end = headings.get(n + 1).map_or(lines.len(), |(next, _)| *next);
        let mut body = &lines[at + 1..end];
        if n + 1 == headings.len() {
            let footer = body.iter().position(|l| {
                !l.is_blank() && title::chrome_kind(l.text, false) == Some(ChromeKind::Footer)
            });
            if let Some(f) = footer {
                back_matter = body[f..]
                    .iter()
                    .filter(|l| !l.is_blank())
                    .map(|l| Chrome {
                        kind: title::chrome_kind(l.text, false).unwrap_or(ChromeKind::Other),
                        text: l.text,
                        span: l.span,
                    })
                    .collect();
                body = &body[..f];
            }
        }
        let blocks = block::blocks(src, body, &facts, &mut layouts, diags);
        let span = blocks.iter().fold(h.text.span, |s, b| s.join(b.span()));
        let kind = part_kind(&h.title_key);
        parts.push(Part {
            heading: Heading {
                text: h.text.text,
                span: h.text.span,
                numeral: h.numeral,
                number: h.number,
                title: h.title,
                kind,
            },
            blocks,
            span,
        });
    }
    if parts.is_empty() {
        diags.push(Diagnostic::error(
            codes::NO_PARTS,
            "none of the six part headings (一、总体情况 … 六、其他需要报告的事项) was found",
            Span::new(0, 0),
        ));
    }
    if headings
        .iter()
        .any(|(i, _)| lines[*i].text.starts_with('#'))
    {
        layouts.push(crate::ast::Layout::MarkdownHeadings);
    }
    let mut report = Report {
        template: None,
        layouts,
        front_matter: front.chrome,
        title: front.title,
        preamble: front.preamble,
        parts,
        back_matter,
        span: Span::default(),
    };
    let start = report
        .title
        .title
        .as_ref()
        .map(|t| t.span.start)
        .or_else(|| report.preamble.first().map(|b| b.span().start))
        .or_else(|| report.parts.first().map(|p| p.span.start))
        .unwrap_or(0);
    let end = report
        .parts
        .last()
        .map(|p| p.span.end)
        .or_else(|| report.preamble.last().map(|b| b.span().end))
        .unwrap_or(start);
    report.span = Span::new(start, end.max(start));
    assemble::finish(&mut report, diags);
    report
}

/// Whether a heading-shaped line is really a table label (`四、结转下年度继续办理`).
pub(crate) fn is_table_label(k: &str) -> bool {
    template::request_row(k, None).is_some()
        || template::request_group(k).is_some()
        || template::any_article20_row(k).is_some()
        || template::is_header_text(k)
}

/// The lines that are part headings, in order.
///
/// `part_heading` (see [`heading`]) on a line of its own, whose words name one of the six parts,
/// or name none but carry the next numeral (a pre-2019 part such as `一、概述`). Lines inside
/// tables (with tabs or pipes) and table labels that look like headings are not headings.
fn find_part_headings<'a>(lines: &[Line<'a>]) -> Vec<(usize, HeadingMatch<'a>)> {
    let mut out: Vec<(usize, HeadingMatch<'a>)> = Vec::new();
    let mut last_number = 0u8;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() || line.text.contains('\t') || line.text.starts_with('|') {
            continue;
        }
        let Some(h) = part_heading(line.input) else {
            continue;
        };
        let title_chars = h.title.text.chars().count();
        if title_chars > 40 || h.title.text.contains('。') || h.title_key.is_empty() {
            continue;
        }
        if is_table_label(&h.title_key) {
            continue;
        }
        let kind = part_kind(&h.title_key);
        let known = kind != crate::ast::PartKind::Unknown;
        if known || (h.number == last_number + 1 && title_chars <= 30) {
            last_number = h.number;
            out.push((i, h));
        }
    }
    out
}
