//! Print the canonical cells of each report as one JSON object per line, and the diagnostics
//! on standard error.
//!
//! ```text
//! cargo run --example cells -- FILE...
//! ```
//!
//! Each line: `{"path", "format", "title", "organ", "year", "cells": {id: number|null}}`.
//! `nianbao cells` (the command-line tool) prints the same lines with the diagnostics in them,
//! and `nianbao batch` reads whole folders into one table.

use std::process::ExitCode;

use serde_json::{Map, Value, json};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: cells FILE...");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                println!("{}", json!({ "path": path, "error": e.to_string() }));
                status = ExitCode::FAILURE;
                continue;
            }
        };
        // Text or HTML, UTF-8 or GBK: decided by content, not by file name.
        let decoded = nianbao::parse_bytes(&bytes);
        let parse = decoded.parse();
        let report = parse.report();
        let mut cells = Map::new();
        for entry in report.cells() {
            let value = entry.value().map_or(Value::Null, |n| match n.to_i64() {
                Some(i) if n.scale() == 0 => json!(i),
                _ => json!(n.to_f64()),
            });
            cells.insert(entry.id.to_string(), value);
        }
        for d in parse.diagnostics() {
            eprintln!("{path}: {d}");
        }
        let out = json!({
            "path": path,
            "format": report.template.map(|t| t.as_str()),
            "title": parse.title_text(),
            "organ": report.title.organ.map(|o| parse.text(o.span)),
            "year": report.title.year.map(|y| y.value),
            "cells": cells,
        });
        println!("{out}");
    }
    status
}
