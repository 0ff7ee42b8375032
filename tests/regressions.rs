//! Inputs that once made nianbao panic, hang, or break a property, found by the fuzz targets
//! (`fuzz/`) and the property tests (`tests/generated_reports.rs`, `tests/properties.rs`). One
//! test per finding, on the smallest input that showed it, named after what went wrong.

mod common;

/// Read `text`, check every property of `common::parse_problems`, and return the parse.
fn parse(text: &str) -> nianbao::Parse<'_> {
    let parse = nianbao::parse(text);
    let problems = common::parse_problems(&parse);
    assert!(problems.is_empty(), "{problems:#?}");
    parse
}

fn value(parse: &nianbao::Parse<'_>, id: &str) -> Option<String> {
    parse
        .report()
        .cell(id)
        .and_then(|c| c.value())
        .map(|n| n.to_string())
}

/// Found by `duplicating_lines_never_yields_a_wrong_value`: one cell per line, a column header
/// and a value both printed twice. The four headers matched the four values, so the second
/// `本年制发件数` took the place of `本年废止件数` and the printed `0` of 本年废止件数 came back
/// as `1`. A column named twice cannot be placed: the item's cells are left empty.
#[test]
fn article20_column_printed_twice_places_no_cell() {
    let text = "第二十条第（一）项\n信息内容\n本年制发件数\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n1\n1\n";
    let parse = parse(text);
    for col in ["issued", "repealed", "in_force"] {
        let id = format!("t2.a20_1.regulation.{col}");
        assert_eq!(value(&parse, &id), None, "{id}");
    }
    assert!(
        parse
            .diagnostics()
            .iter()
            .any(|d| d.code == nianbao::codes::DUPLICATE_COLUMN),
        "{:#?}",
        parse.diagnostics()
    );
}

/// Found by `duplicating_lines_never_yields_a_wrong_value`: one cell per line, `信息内容` and a
/// value both printed twice. The second `信息内容` was read as a value column that names no
/// template column, so four columns matched the four values and every value moved one column
/// to the right (`本年制发件数` read the duplicated `0` instead of the printed `1`). `信息内容`
/// heads the label column and is never a value column.
#[test]
fn article20_content_header_printed_twice_is_not_a_value_column() {
    let shifted = "第二十条第（一）项\n信息内容\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n0\n0\n0\n";
    let parse = parse(shifted);
    for col in ["issued", "repealed", "in_force"] {
        let id = format!("t2.a20_1.regulation.{col}");
        assert_eq!(value(&parse, &id), None, "{id}");
    }
    let intact = "第二十条第（一）项\n信息内容\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n2\n3\n";
    let parse = self::parse(intact);
    let values: Vec<Option<String>> = ["issued", "repealed", "in_force"]
        .iter()
        .map(|c| value(&parse, &format!("t2.a20_1.regulation.{c}")))
        .collect();
    assert_eq!(
        values,
        [Some("1".into()), Some("2".into()), Some("3".into())]
    );
}

/// Found by the pathological benches: one line holding a 第二十条 item with thousands of rows
/// that name no template row (a flattened web page), each a `table.unknown-row` diagnostic.
/// Every diagnostic counted the chars and segmented the graphemes of its line from the line's
/// start, so the time grew with the square of the line: 64 KiB took 2.7 s, 512 KiB 3 minutes.
/// Diagnostics are now located in one walk over the text, and only the excerpt they print is
/// segmented. 256 KiB takes about 0.1 s, 45 s before the fix; the bound leaves room for a busy
/// machine.
#[test]
fn many_diagnostics_on_one_long_line_take_linear_time() {
    let mut text =
        String::from("第二十条第（一）项\t信息内容\t本年制发件数\t本年废止件数\t现行有效件数\t");
    while text.len() < 256 * 1024 {
        text.push_str("其他文件\t1\t2\t3\t");
    }
    let started = std::time::Instant::now();
    let parse = nianbao::parse(&text);
    let elapsed = started.elapsed();
    assert!(parse.diagnostics().len() > 10_000);
    assert!(elapsed.as_secs_f64() < 10.0, "{elapsed:?}");
    let last = parse.diagnostics().last().unwrap();
    assert_eq!(last.position, parse.line_col(last.span.start));
    assert!(
        last.source_line.chars().count() <= 62,
        "{}",
        last.source_line
    );
}
