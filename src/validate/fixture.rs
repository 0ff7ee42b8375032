//! Synthetic reports for the validation tests: every relation holds, every part is there, and
//! each test changes one thing.

/// A 2023 report in the 2021 template, tab-separated. All relations hold; the prose of part 一
/// agrees with table 三; part 六 mentions 信息处理费.
pub(crate) const REPORT_2021: &str = include_str!("../../tests/fixtures/validate/report_2021.txt");

/// A 2020 report in the 2019 template, tab-separated, as consistent as [`REPORT_2021`].
pub(crate) const REPORT_2019: &str = include_str!("../../tests/fixtures/validate/report_2019.txt");

/// `src` with the last values of the first line containing `label` replaced by `values`
/// (separated by spaces; `_` stands for a blank cell).
pub(crate) fn set_values(src: &str, label: &str, values: &str) -> String {
    let mut done = false;
    let mut out = String::with_capacity(src.len());
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if done || !body.contains(label) {
            out.push_str(line);
            continue;
        }
        done = true;
        let fields: Vec<&str> = body.split('\t').collect();
        let at = fields
            .iter()
            .position(|f| f.contains(label))
            .expect("label in a field");
        let new: Vec<&str> = values
            .split(' ')
            .map(|v| if v == "_" { "" } else { v })
            .collect();
        assert!(
            fields.len() - at > new.len(),
            "too many values for `{label}`"
        );
        let mut row: Vec<&str> = fields[..fields.len() - new.len()].to_vec();
        row.extend(new);
        out.push_str(&row.join("\t"));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    assert!(done, "no line with `{label}`");
    out
}

/// `src` with `from` replaced by `to` once, checking that `from` is there.
pub(crate) fn replace(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "fixture lacks `{from}`");
    src.replacen(from, to, 1)
}

/// Set the value of the cell with id `id` in a parsed tree: for what no text layout yields
/// today (a blank cell, which tokenisers drop, but an HTML `&nbsp;` cell would give).
pub(crate) fn set_cell(report: &mut crate::Report<'_>, id: &str, value: crate::Value) {
    let mut done = false;
    for part in &mut report.parts {
        for block in &mut part.blocks {
            let crate::Block::Table(table) = block else {
                continue;
            };
            let rows = table
                .sections
                .iter_mut()
                .flat_map(|s| s.rows.iter_mut())
                .chain(table.rows.iter_mut());
            for cell in rows.flat_map(|r| r.cells.iter_mut()) {
                if cell.id.is_some_and(|c| c.as_str() == id) {
                    cell.value = value;
                    done = true;
                }
            }
        }
    }
    assert!(done, "no cell `{id}`");
}

/// The codes of the findings of `src`.
pub(crate) fn codes(src: &str) -> Vec<&'static str> {
    crate::parse(src)
        .report()
        .validate()
        .iter()
        .map(|f| f.code)
        .collect()
}

/// The findings of `src` with code `code`.
pub(crate) fn findings(src: &str, code: &str) -> Vec<super::Finding> {
    crate::parse(src)
        .report()
        .validate()
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

#[test]
fn the_fixtures_are_clean() {
    for src in [REPORT_2021, REPORT_2019] {
        let parse = crate::parse(src);
        assert!(parse.diagnostics().is_empty(), "{:?}", parse.diagnostics());
        assert_eq!(codes(src), Vec::<&str>::new());
    }
}
