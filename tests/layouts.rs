#![cfg(all(feature = "encoding", feature = "html"))]
//! Each layout the grammar reads, on a short synthetic report (tests/fixtures/valid): every
//! cell, the title, organ, year and template compared with the fixture's expected answer.

mod common;

use std::path::Path;

/// A fixture, decoded by content (text or HTML, UTF-8 or GBK) as users' files are.
fn decoded(name: &str) -> &'static nianbao::Decoded {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let path = ["txt", "md", "html"]
        .iter()
        .map(|e| dir.join(format!("{name}.{e}")))
        .find(|p| p.exists())
        .unwrap();
    Box::leak(Box::new(nianbao::parse_bytes(
        &std::fs::read(path).unwrap(),
    )))
}

fn fixture(name: &str) -> &'static str {
    decoded(name).text()
}

fn read(name: &str) -> nianbao::Parse<'static> {
    decoded(name).parse()
}

/// Compare a fixture's cells, title, organ, year, template and layouts with its answer, and
/// check its spans.
fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let text = fixture(name);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    let parse = decoded(name).parse();
    let report = parse.report();
    let mut problems = Vec::new();
    let format = report.template.map(|t| t.as_str());
    if format != expected["format"].as_str() {
        problems.push(format!("format {format:?}"));
    }
    let title = parse.title_text();
    if title.as_deref() != expected["title"].as_str() {
        problems.push(format!("title {title:?}"));
    }
    let organ = report.title.organ.map(|o| parse.text(o.span).into_owned());
    if organ.as_deref() != expected["organ"].as_str() {
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
                "published" => report
                    .title
                    .published
                    .map(|t| parse.text(t.span).into_owned()),
                _ => report.title.source.map(|t| parse.text(t.span).into_owned()),
            };
            if got.as_deref() != want.as_str() {
                problems.push(format!("{key} {got:?}"));
            }
        }
    }
    for (key, got) in [
        ("front_matter", report.front_matter.len()),
        ("back_matter", report.back_matter.len()),
    ] {
        if let Some(n) = expected.get(key).and_then(|v| v.as_u64())
            && got as u64 != n
        {
            problems.push(format!("{key}: {got} lines"));
        }
    }
    #[cfg(feature = "serde")]
    if let Some(want) = expected.get("layouts").and_then(|v| v.as_array()) {
        let got = serde_json::to_value(&report.layouts).unwrap();
        for w in want {
            if !got.as_array().unwrap().contains(w) {
                problems.push(format!("layout {w} not recognised: {got}"));
            }
        }
    }
    problems.extend(common::span_problems(text, report));
    assert!(
        problems.is_empty(),
        "{name}:\n{}\ndiagnostics:\n{:#?}",
        problems.join("\n"),
        parse.diagnostics()
    );
}

/// [`check`], then: six parts and no error.
fn check_clean(name: &str) {
    check(name);
    let parse = read(name);
    assert_eq!(parse.report().parts.len(), 6, "{name}: parts");
    let errors: Vec<_> = parse
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn tab_separated_with_merged_cells() {
    check_clean("tab_merged");
}

#[test]
fn rows_that_lost_their_tabs_and_a_short_row() {
    check_clean("lost_tabs");
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
    check_clean("markdown_headings");
}

#[test]
fn web_page_with_one_cell_per_line() {
    check_clean("one_cell_per_line");
}

#[test]
fn template_2019_with_negative_deltas_and_units() {
    check_clean("template_2019");
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

#[test]
fn pdf_text_with_page_footers_and_vertical_labels() {
    check_clean("pdf_text");
}

#[test]
fn markdown_from_pdf_with_floating_labels() {
    check("markdown_fragmented");
    let parse = read("markdown_fragmented");
    let codes: Vec<&str> = parse.diagnostics().iter().map(|d| d.code).collect();
    assert!(codes.contains(&"table.row-by-position"), "{codes:?}");
    assert!(!parse.has_errors(), "{:#?}", parse.diagnostics());
}

#[test]
fn crawler_text_with_glued_cells() {
    check("crawler_glued");
    let parse = read("crawler_glued");
    // 10 + 175 values read from glued digits, none left open.
    assert!(
        parse
            .diagnostics()
            .iter()
            .all(|d| d.code != "table.glued-unresolved"),
        "{:#?}",
        parse.diagnostics()
    );
    // The split value points at its own digits.
    let cell = parse.report().cell("t3.new.natural").unwrap();
    assert_eq!(&parse.source()[cell.span().unwrap().range()], "41");
}

#[test]
fn crawler_text_2019_leaves_ambiguous_splits_empty() {
    check("crawler_glued_2019");
    let parse = read("crawler_glued_2019");
    let open: Vec<&str> = parse
        .diagnostics()
        .iter()
        .filter(|d| d.code == "table.glued-unresolved")
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        open.iter()
            .any(|m| m.contains("3,50") && m.contains("35,0")),
        "{open:#?}"
    );
    assert_eq!(
        parse.report().cell("t2.a20_8.fee.prev").unwrap().value(),
        None
    );
    assert_eq!(
        parse
            .report()
            .cell("t2.a20_8.fee.prev")
            .unwrap()
            .cell
            .unwrap()
            .value,
        nianbao::Value::Unresolved
    );
}

#[test]
fn legacy_template_is_recognised_not_misread() {
    check("legacy_2017");
    let parse = read("legacy_2017");
    assert_eq!(parse.report().template, Some(nianbao::Template::Legacy));
    assert!(
        parse
            .diagnostics()
            .iter()
            .any(|d| d.code == "template.legacy")
    );
    assert_eq!(parse.report().cells().len(), 0);
}

#[test]
fn html_page_in_cms_chrome_with_merged_and_empty_cells() {
    check_clean("html_cms_page");
    let parse = read("html_cms_page");
    let page = fixture("html_cms_page");
    // A cell's span covers its text inside the <td>.
    let cell = parse.report().cell("t3.new.natural").unwrap();
    assert_eq!(&page[cell.span().unwrap().range()], "5");
    // `&nbsp;` cells are blank, not 0, and keep their place.
    let blank = parse.report().cell("t3.new.commercial").unwrap();
    assert_eq!(blank.cell.unwrap().value, nianbao::Value::Blank);
    // Navigation, sidebar and footer are not part of the report.
    assert!(
        parse
            .report()
            .parts
            .iter()
            .all(|p| !p.span.slice(page).unwrap().contains("通知公告"))
    );
}

#[test]
fn html_word_soup_with_mismatched_colspans() {
    check_clean("html_word_soup");
}

#[test]
fn gbk_page_reads_like_its_utf8_twin() {
    check_clean("html_gbk");
    assert_eq!(decoded("html_gbk").encoding(), "GB18030");
    let a: Vec<_> = read("html_gbk")
        .report()
        .cells()
        .map(|c| (c.id, c.value()))
        .collect();
    let b: Vec<_> = read("html_word_soup")
        .report()
        .cells()
        .map(|c| (c.id, c.value()))
        .collect();
    assert_eq!(a, b);
}
