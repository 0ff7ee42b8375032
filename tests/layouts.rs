//! Each layout the grammar reads, on a short synthetic report (tests/fixtures/valid): every
//! cell, the title, organ, year and template compared with the fixture's expected answer.

mod common;

use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    let parse = nianbao::parse(&text);
    let report = parse.report();
    let mut problems = Vec::new();
    let format = report.template.map(|t| t.as_str());
    if format != expected["format"].as_str() {
        problems.push(format!("format {format:?}"));
    }
    let title = report.title.title.as_ref().map(|t| t.joined());
    if title.as_deref() != expected["title"].as_str() {
        problems.push(format!("title {title:?}"));
    }
    let organ = report.title.organ.map(|o| o.text);
    if organ != expected["organ"].as_str() {
        problems.push(format!("organ {organ:?}"));
    }
    let year = report.title.year.map(|y| u64::from(y.value));
    if year != expected["year"].as_u64() {
        problems.push(format!("year {year:?}"));
    }
    let cells = expected["cells"].as_object().unwrap();
    assert_eq!(report.cells().len(), cells.len(), "{name}: number of cells");
    for entry in report.cells() {
        let want = &cells[entry.id.as_str()];
        let got = entry.value();
        let same = match (want.as_f64(), got) {
            (None, None) => true,
            (Some(w), Some(g)) => (w - g.to_f64()).abs() < 1e-9,
            _ => false,
        };
        if !same {
            problems.push(format!("{}: got {got:?}, want {want}", entry.id));
        }
    }
    for key in ["published", "source"] {
        if let Some(want) = expected.get(key) {
            let got = match key {
                "published" => report.title.published.map(|t| t.text),
                _ => report.title.source.map(|t| t.text),
            };
            if got != want.as_str() {
                problems.push(format!("{key} {got:?}"));
            }
        }
    }
    if let Some(n) = expected.get("front_matter").and_then(|v| v.as_u64())
        && report.front_matter.len() as u64 != n
    {
        problems.push(format!("front matter {:?}", report.front_matter));
    }
    if let Some(n) = expected.get("back_matter").and_then(|v| v.as_u64())
        && report.back_matter.len() as u64 != n
    {
        problems.push(format!("back matter {:?}", report.back_matter));
    }
    problems.extend(common::span_problems(&text, report));
    assert!(
        problems.is_empty(),
        "{name}:\n{}\ndiagnostics:\n{:#?}",
        problems.join("\n"),
        parse.diagnostics()
    );
    assert_eq!(report.parts.len(), 6, "{name}: parts");
    let errors: Vec<_> = parse
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn tab_separated_with_merged_cells() {
    check("tab_merged");
}

#[test]
fn rows_that_lost_their_tabs_and_a_short_row() {
    check("lost_tabs");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/lost_tabs.txt"),
    )
    .unwrap();
    let parse = nianbao::parse(&text);
    let codes: Vec<&str> = parse.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(codes, ["table.short-row-recovered"]);
    let cell = parse
        .report()
        .cell("t3.carried_forward.natural")
        .unwrap()
        .cell
        .unwrap();
    assert!(cell.inferred);
}

#[test]
fn markdown_heading_markers() {
    check("markdown_headings");
}

#[test]
fn web_page_with_one_cell_per_line() {
    check("one_cell_per_line");
}

#[test]
fn template_2019_with_negative_deltas_and_units() {
    check("template_2019");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/template_2019.txt"),
    )
    .unwrap();
    let parse = nianbao::parse(&text);
    let amount = parse
        .report()
        .cell("t2.a20_9.procurement.amount")
        .unwrap()
        .cell
        .unwrap();
    assert_eq!(amount.unit, Some(nianbao::Unit::Yuan));
    let reg = parse
        .report()
        .cell("t2.a20_1.regulation.made")
        .unwrap()
        .cell
        .unwrap();
    assert_eq!(reg.value, nianbao::Value::Placeholder);
}
