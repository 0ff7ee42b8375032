//! Moving a tree read from extracted text onto the page it was extracted from.
//!
//! Every span is mapped through the extraction's offset map, and every text becomes the slice of
//! the page its new span covers, so `&page[span] == text` still holds; for text the page spelled
//! with markup or references (`行政<span>许可</span>`, `&nbsp;`), `text` is that markup as
//! written.

use crate::ast::*;
use crate::html::OffsetMap;
use crate::span::{Span, Text};

pub(crate) struct Mapper<'h, 'm> {
    pub(crate) page: &'h str,
    pub(crate) map: &'m OffsetMap,
}

impl<'h> Mapper<'h, '_> {
    pub(crate) fn span(&self, s: Span) -> Span {
        let m = self.map.span(s);
        if self.page.get(m.range()).is_some() {
            m
        } else {
            Span::empty(m.start.min(self.page.len()))
        }
    }

    fn str(&self, s: Span) -> (&'h str, Span) {
        let m = self.span(s);
        let s = if self.page.is_char_boundary(m.start) {
            m
        } else {
            Span::empty(0)
        };
        (self.page.get(s.range()).unwrap_or(""), s)
    }

    fn text(&self, t: Text<'_>) -> Text<'h> {
        let (text, span) = self.str(t.span);
        Text::new(text, span)
    }

    fn texts(&self, t: Vec<Text<'_>>) -> Vec<Text<'h>> {
        t.into_iter().map(|t| self.text(t)).collect()
    }

    fn chrome(&self, c: Chrome<'_>) -> Chrome<'h> {
        let (text, span) = self.str(c.span);
        Chrome {
            kind: c.kind,
            text,
            span,
        }
    }

    fn cell(&self, c: Cell<'_>) -> Cell<'h> {
        let (text, span) = self.str(c.span);
        Cell {
            id: c.id,
            text,
            span,
            value: c.value,
            unit: c.unit,
            inferred: c.inferred,
        }
    }

    fn row(&self, r: Row<'_>) -> Row<'h> {
        Row {
            key: r.key,
            group: r.group,
            labels: self.texts(r.labels),
            cells: r.cells.into_iter().map(|c| self.cell(c)).collect(),
            span: self.span(r.span),
        }
    }

    fn table(&self, t: Table<'_>) -> Table<'h> {
        Table {
            kind: t.kind,
            template: t.template,
            header: self.texts(t.header),
            sections: t
                .sections
                .into_iter()
                .map(|s| Section {
                    item: s.item,
                    anchor: s.anchor.map(|a| self.text(a)),
                    template: s.template,
                    columns: self.texts(s.columns),
                    column_keys: s.column_keys,
                    rows: s.rows.into_iter().map(|r| self.row(r)).collect(),
                    span: self.span(s.span),
                })
                .collect(),
            rows: t.rows.into_iter().map(|r| self.row(r)).collect(),
            strays: self.texts(t.strays),
            span: self.span(t.span),
        }
    }

    fn block(&self, b: Block<'_>) -> Block<'h> {
        match b {
            Block::Paragraph(p) => {
                let (text, span) = self.str(p.span);
                Block::Paragraph(Paragraph { text, span })
            }
            Block::SubHeading(h) => {
                let (text, span) = self.str(h.span);
                Block::SubHeading(SubHeading {
                    text,
                    span,
                    numeral: self.text(h.numeral),
                    number: h.number,
                    title: self.text(h.title),
                })
            }
            Block::Table(t) => Block::Table(self.table(t)),
        }
    }

    fn blocks(&self, b: Vec<Block<'_>>) -> Vec<Block<'h>> {
        b.into_iter().map(|b| self.block(b)).collect()
    }

    pub(crate) fn report(&self, r: Report<'_>) -> Report<'h> {
        let title = TitleBlock {
            title: r.title.title.map(|t| {
                let (text, span) = self.str(t.span);
                Title {
                    text,
                    span,
                    lines: self.texts(t.lines),
                }
            }),
            organ: r.title.organ.map(|t| self.text(t)),
            year: r.title.year.map(|y| Year {
                value: y.value,
                span: self.span(y.span),
            }),
            published: r.title.published.map(|t| self.text(t)),
            source: r.title.source.map(|t| self.text(t)),
        };
        Report {
            template: r.template,
            layouts: r.layouts,
            front_matter: r.front_matter.into_iter().map(|c| self.chrome(c)).collect(),
            title,
            preamble: self.blocks(r.preamble),
            parts: r
                .parts
                .into_iter()
                .map(|p| {
                    let h = p.heading;
                    let (text, span) = self.str(h.span);
                    Part {
                        heading: Heading {
                            text,
                            span,
                            numeral: self.text(h.numeral),
                            number: h.number,
                            title: self.text(h.title),
                            kind: h.kind,
                        },
                        blocks: self.blocks(p.blocks),
                        span: self.span(p.span),
                    }
                })
                .collect(),
            back_matter: r.back_matter.into_iter().map(|c| self.chrome(c)).collect(),
            span: self.span(r.span),
        }
    }
}
