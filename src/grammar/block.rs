//! A part's body: sub-headings, paragraphs and tables.

use super::facts::Facts;
use super::heading::sub_heading;
use super::lines::Line;
use super::table::{proactive_table, request_table, review_table, table_anchor};
use super::token::{Cut, Token, is_page_footer, tokenize};
use crate::ast::{Block, Layout, Paragraph, SubHeading, TableKind};
use crate::diagnostic::{Diagnostic, codes};

/// `body := (table | sub_heading | paragraph)*`
///
/// A table starts at a line whose first cell is a table's anchor (`第二十条第（一）项`, the
/// `（本列数据的勾稽关系…）` note or `申请人情况`, `行政复议`) and runs as long as its grammar
/// accepts the cells that follow, across lines. Any other line is a sub-heading
/// (`（一）主动公开情况`, short, no full stop) or a paragraph.
pub(crate) fn blocks<'a>(
    src: &'a str,
    lines: &[Line<'a>],
    facts: &Facts,
    layouts: &mut Vec<Layout>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block<'a>> {
    let (toks, starts) = tokenize(lines);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        let first = starts[i];
        if first < starts[i + 1]
            && let Some(kind) = table_anchor(&toks[first])
        {
            let (table, used) = match kind {
                TableKind::Proactive => proactive_table(src, &toks[first..], facts, diags),
                TableKind::Requests => request_table(src, &toks[first..], diags),
                TableKind::Reviews => review_table(src, &toks[first..], diags),
            };
            if used > 0 {
                let last_line = toks[first + used - 1].line;
                let line_end = starts[last_line + 1];
                if first + used < line_end {
                    let rest = &toks[first + used..line_end];
                    let span = rest[0].span.join(rest[rest.len() - 1].span);
                    diags.push(Diagnostic::warning(
                        codes::TRAILING_CELLS,
                        format!(
                            "{} cell(s) after the end of the table on this line were not read",
                            rest.len()
                        ),
                        span,
                    ));
                }
                table_layouts(
                    &toks[first..first + used],
                    &lines[toks[first].line..=last_line],
                    layouts,
                );
                out.push(Block::Table(table));
                i = last_line + 1;
                continue;
            }
        }
        match sub_heading(line.input) {
            Some(h)
                if h.title.text.chars().count() <= 40
                    && !h.title.text.contains('。')
                    && !line.text.contains('\t') =>
            {
                out.push(Block::SubHeading(SubHeading {
                    text: h.text.text,
                    span: h.text.span,
                    numeral: h.numeral,
                    number: h.number,
                    title: h.title,
                }));
            }
            _ => out.push(Block::Paragraph(Paragraph {
                text: line.text,
                span: line.span,
            })),
        }
        i += 1;
    }
    out
}

/// The layouts a table's cells were printed in.
fn table_layouts(toks: &[Token<'_>], lines: &[Line<'_>], layouts: &mut Vec<Layout>) {
    let mut add = |l: Layout| {
        if !layouts.contains(&l) {
            layouts.push(l);
        }
    };
    for t in toks {
        match t.how {
            Cut::Tab => add(Layout::TabSeparated),
            Cut::Pipe => add(Layout::MarkdownTable),
            Cut::Blank => add(Layout::BlankSeparated),
            Cut::Glued => add(Layout::GluedCells),
            Cut::Line => {}
        }
    }
    let values = toks.iter().filter(|t| t.is_value()).count();
    let alone = toks
        .iter()
        .filter(|t| t.is_value() && t.how == Cut::Line)
        .count();
    if values >= 5 && alone * 5 >= values * 4 {
        add(Layout::CellPerLine);
    }
    if lines.iter().any(|l| is_page_footer(l.text)) {
        add(Layout::PageFooters);
    }
}
