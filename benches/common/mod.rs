//! What the benches share: the measured work and the families of pathological input.
#![allow(dead_code)]

use std::path::Path;

/// The work every bench measures: read the report and walk its canonical cells.
pub(crate) fn parse_and_cells(text: &str) -> usize {
    let parse = nianbao::parse(text);
    parse
        .report()
        .cells()
        .filter(|c| c.value().is_some())
        .count()
        + parse.diagnostics().len()
}

/// The synthetic fixtures and, when `../shared/corpus` exists, every corpus report (`.txt`,
/// `.md`), as (file name, text).
pub(crate) fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/fixtures/valid")];
    if root.join("../shared/corpus").is_dir() {
        dirs.push(root.join("../shared/corpus"));
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            if !matches!(ext, "txt" | "md") || name == "README.md" {
                continue;
            }
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((name.into_owned(), t));
            }
        }
    }
    out
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid")
            .join(name),
    )
    .unwrap_or_default()
}

/// `unit` repeated to about `n` bytes (at least once).
pub(crate) fn repeat(unit: &str, n: usize) -> String {
    unit.repeat((n / unit.len().max(1)).max(1))
}

/// A family of pathological input: its name, the size issue #7 names for it (bytes), and a
/// generator of input of about `n` bytes.
pub(crate) struct Family {
    pub(crate) name: &'static str,
    pub(crate) issue_size: usize,
    pub(crate) make: Box<dyn Fn(usize) -> String>,
}

const MB: usize = 1 << 20;

/// The pathological families of issue #7 (one 10 MB line, 100,000 tabs, 10,000 repeated tables,
/// a document of only headings) and more shapes of huge lines and many cells.
pub(crate) fn families() -> Vec<Family> {
    let table = fixture("tab_merged.txt");
    let table_len = table.len().max(1);
    let glued = table.replace('\n', "\t");
    let cells = fixture("one_cell_per_line.txt");
    // A crawler page whose glued rows hold runs of digits no cut can read, or too many cuts can
    // (the shape of a fuzz finding: every cut was once tried).
    let long_runs = fixture("crawler_glued.txt")
        .replacen(
            "1.属于国家秘密 0000000",
            &format!("1.属于国家秘密 {}.", "5".repeat(60)),
            1,
        )
        .replacen(
            "2.重复申请 2000002",
            &format!("2.重复申请 {}", "5".repeat(30)),
            1,
        )
        .replacen(
            "（七）总计 392001042",
            &format!("（七）总计 {}", "9".repeat(40)),
            1,
        );
    let cells_len = cells.len().max(1);
    let family = |name, issue_size, make: Box<dyn Fn(usize) -> String>| Family {
        name,
        issue_size,
        make,
    };
    vec![
        // One line of CJK text (a page whose line breaks were lost).
        family("one_long_line", 10 * MB, Box::new(|n| repeat("数", n))),
        // Whole reports glued onto one line: tables, labels and values in one line.
        family(
            "report_on_one_line",
            10 * MB,
            Box::new(move |n| repeat(&glued, n)),
        ),
        family("tabs", 100_000, Box::new(|n| repeat("\t", n))),
        family(
            "repeated_tables",
            10_000 * table_len,
            Box::new(move |n| repeat(&table, n)),
        ),
        family(
            "repeated_reports_cell_per_line",
            1_000 * cells_len,
            Box::new(move |n| repeat(&cells, n)),
        ),
        family(
            "glued_long_runs",
            1_000 * long_runs.len().max(1),
            Box::new(move |n| repeat(&long_runs, n)),
        ),
        family(
            "only_headings",
            10 * MB,
            Box::new(|n| repeat("一、总体情况\n", n)),
        ),
        family("digits_one_line", 10 * MB, Box::new(|n| repeat("0", n))),
        family("cells_per_line", MB, Box::new(|n| repeat("0\n", n))),
        family("values_one_line", 10 * MB, Box::new(|n| repeat("0\t", n))),
        // One line holding a 第二十条 item with rows that name no template row: a diagnostic
        // each, all on one line.
        family(
            "unknown_rows_one_line",
            10 * MB,
            Box::new(|n| {
                let mut text = String::from(
                    "第二十条第（一）项\t信息内容\t本年制发件数\t本年废止件数\t现行有效件数\t",
                );
                text.push_str(&repeat("其他文件\t1\t2\t3\t", n.saturating_sub(text.len())));
                text
            }),
        ),
    ]
}
