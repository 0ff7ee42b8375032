//! What the tool tells about one report: the fields `cells` prints and every `batch` row starts
//! with, read through the library's public API only.

use nianbao::{CellId, Number, Parse, Template};
use serde_json::{Map, Value};

/// What a report is: its template, title, organ and year, as read.
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// The template its tables follow; `None` when no table of either template was found.
    pub(crate) template: Option<Template>,
    /// The title on one line.
    pub(crate) title: Option<String>,
    /// The body that published it, in its fullest printed form.
    pub(crate) organ: Option<String>,
    /// The year reported on.
    pub(crate) year: Option<u16>,
}

impl Head {
    pub(crate) fn of(parse: &Parse<'_>) -> Head {
        let report = parse.report();
        Head {
            template: report.template,
            title: parse.title_text(),
            organ: report.title.organ.map(|o| parse.text(o.span).into_owned()),
            year: report.title.year.map(|y| y.value),
        }
    }

    /// `"2021"`, `"2019"`, `"legacy"`, or `None`.
    pub(crate) fn format(&self) -> Option<&'static str> {
        self.template.map(|t| t.as_str())
    }
}

/// Every canonical cell of the report's template with its number (`None`: blank, placeholder,
/// or not read), in `cells.tsv` order.
pub(crate) fn cell_values(parse: &Parse<'_>) -> Vec<(CellId, Option<Number>)> {
    parse
        .report()
        .cells()
        .map(|entry| (entry.id, entry.value()))
        .collect()
}

/// The cells as a JSON object `{id: number|null}`, in `cells.tsv` order as printed.
pub(crate) fn cells_json(cells: &[(CellId, Option<Number>)]) -> Map<String, Value> {
    cells
        .iter()
        .map(|(id, value)| {
            let value = value.map_or(Value::Null, |n| {
                serde_json::to_value(n).unwrap_or(Value::Null)
            });
            (id.to_string(), value)
        })
        .collect()
}

/// The `cells` command's line for a report: `{"path", "format", "title", "organ", "year",
/// "cells", "diagnostics": [{"severity", "code", "message", "line", "column"}]}`.
pub(crate) fn cells_line(path: &str, parse: &Parse<'_>) -> Value {
    let head = Head::of(parse);
    let diagnostics: Vec<Value> = parse
        .diagnostics()
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity.to_string(),
                "code": d.code,
                "message": d.message,
                "line": d.position.line,
                "column": d.position.column,
            })
        })
        .collect();
    serde_json::json!({
        "path": path,
        "format": head.format(),
        "title": head.title,
        "organ": head.organ,
        "year": head.year,
        "cells": cells_json(&cell_values(parse)),
        "diagnostics": diagnostics,
    })
}
