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
/// segmented. The time is watched by the `unknown_rows_one_line` family of `benches/growth.rs`;
/// this test checks what the fix must keep: every diagnostic located right, with a short excerpt.
#[test]
fn many_diagnostics_on_one_long_line_are_located_with_short_excerpts() {
    let mut text =
        String::from("第二十条第（一）项\t信息内容\t本年制发件数\t本年废止件数\t现行有效件数\t");
    while text.len() < 64 * 1024 {
        text.push_str("其他文件\t1\t2\t3\t");
    }
    let parse = nianbao::parse(&text);
    assert!(parse.diagnostics().len() > 2_000);
    let last = parse.diagnostics().last().unwrap();
    assert_eq!(last.position, parse.line_col(last.span.start));
    assert!(
        last.source_line.chars().count() <= 62,
        "{}",
        last.source_line
    );
}

/// Found by the `parse_html` fuzz target (a timeout): a crawler page whose glued rows hold long
/// runs of digits (`555…5`, a run ending in `.`). Every way to cut a run into seven numbers was
/// tried before any was checked, so a run of 60 digits that no cut can read (it ends in a point)
/// meant hundreds of millions of dead ends, and one of 30 digits half a million readings. The
/// readings of a row are now counted before any is listed, and only cuts that lead to a reading
/// are followed. Such rows are left unread with one diagnostic each; the rows beside them still
/// read. The time is watched by the `glued_long_runs` family of `benches/growth.rs`.
#[test]
fn glued_rows_with_long_runs_are_left_unread() {
    let page = include_str!("fixtures/valid/crawler_glued.txt");
    let dead_end = format!("1.属于国家秘密 {}.", "5".repeat(60));
    let too_many = format!("2.重复申请 {}", "5".repeat(30));
    let text = page
        .replacen("1.属于国家秘密 0000000", &dead_end, 1)
        .replacen("2.重复申请 2000002", &too_many, 1);
    assert!(text.contains(&dead_end) && text.contains(&too_many));
    let parse = parse(&text);
    for row in ["withheld.state_secret", "declined.repeated"] {
        for col in ["natural", "commercial", "total"] {
            let id = format!("t3.{row}.{col}");
            assert_eq!(value(&parse, &id), None, "{id}");
        }
    }
    assert_eq!(value(&parse, "t3.carried_over.natural"), Some("3".into()));
    assert_eq!(value(&parse, "t3.carried_over.total"), Some("3".into()));
    for row in ["国家秘密", "重复申请"] {
        let told = parse
            .diagnostics()
            .iter()
            .filter(|d| d.code == nianbao::codes::GLUED_UNRESOLVED && d.message.contains(row))
            .count();
        assert_eq!(told, 1, "{row}: {:#?}", parse.diagnostics());
    }
}

/// Found by the `parse` fuzz target (a timeout): a 1.4 KB page whose table 四 holds a run of 78
/// glued digits (`7777…`) for its 15 values. Nearly every way to cut the run fails at its last
/// piece (too long to be a number), and the search tried them all. The readings are now counted
/// first (none here), so the row is left unread at once, with a diagnostic.
#[test]
fn long_glued_run_in_table_4_is_left_unread() {
    let bytes = include_bytes!("fixtures/fuzz/timeout_glued_run_in_review_table.bin");
    let text = String::from_utf8_lossy(bytes);
    let parse = parse(&text);
    let run = text.find("7777777777").unwrap();
    let told = parse
        .diagnostics()
        .iter()
        .filter(|d| d.code == nianbao::codes::GLUED_UNRESOLVED)
        .any(|d| d.span.start <= run && run < d.span.end.max(d.span.start + 1));
    assert!(told, "{:#?}", parse.diagnostics());
}
