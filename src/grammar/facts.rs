//! Figures the report states in its prose, used to choose between readings of glued cells in
//! table 二 (`本年度制发的规范性文件88件`, `现行有效行政规范性文件698件`).

use super::lines::Line;
use crate::number::Number;
use crate::span::Span;

/// A figure for one cell of 第二十条第（一）项 stated in prose.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fact {
    /// `regulation` or `normative`.
    pub(crate) row: &'static str,
    /// `issued`, `repealed` or `in_force` (2021 columns).
    pub(crate) column: &'static str,
    pub(crate) value: Number,
    #[allow(dead_code)]
    pub(crate) span: Span,
}

/// The facts stated in a document's prose.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    /// The values stated for each row and column (a handful of pairs), sorted, each once: a
    /// row's readings are checked against them by search, however many the document states.
    by_cell: Vec<((&'static str, &'static str), Vec<Number>)>,
}

impl Facts {
    fn new(items: &[Fact]) -> Self {
        let mut by_cell: Vec<((&'static str, &'static str), Vec<Number>)> = Vec::new();
        for f in items {
            match by_cell.iter_mut().find(|(k, _)| *k == (f.row, f.column)) {
                Some((_, values)) => values.push(f.value),
                None => by_cell.push(((f.row, f.column), vec![f.value])),
            }
        }
        for (_, values) in &mut by_cell {
            values.sort();
            values.dedup();
        }
        Facts { by_cell }
    }

    /// Values the prose states for `row`/`column`, sorted.
    pub(crate) fn stated(&self, row: &str, column: &str) -> &[Number] {
        self.by_cell
            .iter()
            .find(|((r, c), _)| *r == row && *c == column)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

/// `clause := (!clause_end any)*` with `clause_end := "。" | "；" | ";" | "，" | ","`; a clause
/// that names 规范性文件 or 规章, a column's verb and `N件` states a fact.
pub(crate) fn extract(lines: &[Line<'_>]) -> Facts {
    let mut items = Vec::new();
    for line in lines {
        let t = line.text;
        if t.contains('\t') || !(t.contains("规范性文件") || t.contains("规章")) {
            continue;
        }
        let mut start = 0;
        for (i, c) in t.char_indices().chain(std::iter::once((t.len(), '。'))) {
            if !matches!(c, '。' | '；' | ';' | '，' | ',') {
                continue;
            }
            let clause = &t[start..i];
            let base = line.span.start + start;
            start = i + c.len_utf8().min(t.len() - i);
            let row = if clause.contains("规范性文件") {
                "normative"
            } else if clause.contains("规章") {
                "regulation"
            } else {
                continue;
            };
            let column = if clause.contains("现行有效") {
                "in_force"
            } else if clause.contains("废止") {
                "repealed"
            } else if clause.contains("制发") || clause.contains("印发") || clause.contains("出台")
            {
                "issued"
            } else {
                continue;
            };
            if let Some((value, span)) = count_in(clause, base) {
                items.push(Fact {
                    row,
                    column,
                    value,
                    span,
                });
            }
        }
    }
    Facts::new(&items)
}

/// The first `N件` in a clause.
fn count_in(clause: &str, base: usize) -> Option<(Number, Span)> {
    let b = clause.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let rest = clause.get(j..)?.trim_start();
            if rest.starts_with('件') || rest.starts_with('部') || rest.starts_with('个') {
                let n = Number::parse_ascii(&clause[i..j])?;
                return Some((n, Span::new(base + i, base + j)));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    #[test]
    fn facts_from_prose() {
        let src = "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。";
        let f = extract(&split_lines(src));
        let got = |row, col| -> Vec<String> {
            f.stated(row, col).iter().map(|v| v.to_string()).collect()
        };
        assert_eq!(got("normative", "in_force"), ["698"]);
        assert_eq!(got("normative", "issued"), ["88"]);
        assert!(got("normative", "repealed").is_empty());
        assert!(got("regulation", "issued").is_empty());
    }
}
