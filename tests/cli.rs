//! The `nianbao` program run on the fixtures (tests/fixtures/valid): what it prints, what it
//! writes and its exit status.
#![cfg(feature = "cli")]

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// Run the program with `args`.
fn nianbao<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the nianbao program runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every report of tests/fixtures/valid that has an answer (`NAME.json`), sorted.
fn reports() -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() != Some(OsStr::new("json")))
        .filter(|p| p.with_extension("json").exists())
        .collect();
    reports.sort();
    assert!(reports.len() >= 10, "fixtures: {reports:?}");
    reports
}

/// The expected answer of a fixture: title, organ, year, format and every cell.
fn answer(report: &Path) -> Value {
    let text = std::fs::read_to_string(report.with_extension("json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Whether a cell printed by the program (a JSON number or null, or a CSV field) is the
/// answer's value.
fn same_number(got: Option<f64>, want: &Value) -> bool {
    match (got, want.as_f64()) {
        (None, None) => want.is_null(),
        (Some(g), Some(w)) => (g - w).abs() < 1e-9,
        _ => false,
    }
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "nianbao-cli-{name}-{}-{}-{nanos}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The 2021 template's report for validation, with （一）予以公开's 总计 changed from 4 to 5: its
/// row no longer adds up (R3), nor does the 总计 column (R2).
fn broken_sum() -> String {
    let text = std::fs::read_to_string(root().join("tests/fixtures/validate/report_2021.txt"))
        .unwrap()
        .replace('\r', "");
    let broken = text.replacen(
        "（一）予以公开\t\t3\t1\t0\t0\t0\t0\t4",
        "（一）予以公开\t\t3\t1\t0\t0\t0\t0\t5",
        1,
    );
    assert_ne!(text, broken, "the fixture's row changed");
    broken
}

#[test]
fn dump_prints_the_tree_as_json() {
    let path = root().join("tests/fixtures/valid/tab_merged.txt");
    let output = nianbao([OsStr::new("dump"), path.as_os_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "one object per line");
    let dumped: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(dumped["path"], path.display().to_string());
    assert_eq!(dumped["report"]["template"], "2021");
    assert_eq!(dumped["report"]["parts"].as_array().unwrap().len(), 6);
    assert!(dumped["diagnostics"].is_array());

    // Spans slice the file to the text of their node.
    let source = std::fs::read_to_string(&path).unwrap();
    let title = &dumped["report"]["title"]["title"];
    let (start, end) = (
        title["span"]["start"].as_u64().unwrap() as usize,
        title["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], title["text"].as_str().unwrap());

    let pretty = nianbao([OsStr::new("dump"), OsStr::new("--pretty"), path.as_os_str()]);
    assert!(pretty.status.success());
    assert!(stdout(&pretty).lines().count() > 1);
    let reread: Value = serde_json::from_str(&stdout(&pretty)).unwrap();
    assert_eq!(reread, dumped);
}

#[test]
fn a_file_that_cannot_be_read_is_named_and_exits_2() {
    let missing = root().join("tests/fixtures/valid/no-such-report.txt");
    for command in ["dump", "cells", "validate"] {
        let output = nianbao([OsStr::new(command), missing.as_os_str()]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            stderr(&output).contains("no-such-report.txt"),
            "{command}: {}",
            stderr(&output)
        );
    }
    // `cells` still prints a line for it.
    let output = nianbao([OsStr::new("cells"), missing.as_os_str()]);
    let line: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(line["error"].is_string());
}

#[test]
fn wrong_arguments_exit_2() {
    assert_eq!(nianbao(["cells"]).status.code(), Some(2));
    assert_eq!(nianbao(["frobnicate"]).status.code(), Some(2));
    assert_eq!(nianbao(["batch", "."]).status.code(), Some(2), "no -o");
}

#[test]
fn cells_match_the_fixture_answers() {
    let reports = reports();
    let output =
        nianbao(std::iter::once(OsStr::new("cells")).chain(reports.iter().map(|p| p.as_os_str())));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), reports.len());
    for (report, line) in reports.iter().zip(&lines) {
        let want = answer(report);
        let name = report.display();
        assert_eq!(line["path"], report.display().to_string());
        for key in ["format", "title", "organ", "year"] {
            assert_eq!(line[key], want[key], "{name}: {key}");
        }
        let (got, want) = (
            line["cells"].as_object().unwrap(),
            want["cells"].as_object().unwrap(),
        );
        assert_eq!(got.len(), want.len(), "{name}: number of cells");
        for (id, value) in want {
            assert!(
                same_number(got[id].as_f64(), value),
                "{name}: {id} is {}, want {value}",
                got[id]
            );
        }
        assert!(line["diagnostics"].is_array());
    }
    // The cells come in cells.tsv order: the first id of the 2021 template first.
    let first = lines.iter().find(|l| l["format"] == "2021").unwrap();
    let ids: Vec<&String> = first["cells"].as_object().unwrap().keys().collect();
    assert_eq!(ids[0], "t2.a20_1.regulation.issued");
}

#[test]
fn validate_passes_a_clean_report() {
    let path = root().join("tests/fixtures/validate/report_2021.txt");
    let output = nianbao([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("0 error(s)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn validate_shows_a_broken_sum_and_exits_1() {
    let dir = TempDir::new("validate");
    let path = dir.path().join("broken.txt");
    std::fs::write(&path, broken_sum()).unwrap();

    let output = nianbao([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(shown.contains("error[arith.row-total]"), "{shown}");
    // rustc's layout: `--> file:line:column`, the source line, a caret.
    let line = broken_sum()
        .lines()
        .position(|l| l.contains("（一）予以公开"))
        .unwrap()
        + 1;
    assert!(
        shown.contains(&format!("--> {}:{line}:", path.display())),
        "{shown}"
    );
    assert!(shown.contains('^'), "{shown}");
    assert!(shown.contains("应为 4，实为 5"), "{shown}");

    let output = nianbao([
        OsStr::new("validate"),
        OsStr::new("--json"),
        path.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(json["errors"].as_u64().unwrap() >= 1);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "arith.row-total")
        .unwrap();
    assert_eq!(finding["line"], line);
    assert_eq!(finding["expected"], 4);
    assert_eq!(finding["found"], 5);
}

#[test]
fn validate_checks_a_pair_of_years() {
    let earlier = root().join("tests/fixtures/validate/report_2021.txt");
    let output = nianbao([
        OsStr::new("validate"),
        OsStr::new("--previous"),
        earlier.as_os_str(),
        OsStr::new("--json"),
        earlier.as_os_str(),
    ]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["previous"], earlier.display().to_string());
    // The same year twice is not a pair of consecutive years.
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "pair.not-consecutive"),
        "{json}"
    );
}

/// A folder to batch: every fixture report, one again in a subfolder, the broken sum, a file
/// that is not a report, a hidden file and (on Unix) a link to nowhere.
fn batch_folder(dir: &TempDir) -> Vec<(String, Option<PathBuf>)> {
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for report in reports() {
        std::fs::copy(&report, input.join(report.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("tests/fixtures/valid/tab_merged.txt"),
        input.join("sub/copy.txt"),
    )
    .unwrap();
    std::fs::write(input.join("broken_sum.txt"), broken_sum()).unwrap();
    std::fs::write(input.join("notes.txt"), "hello, this is not a report\n").unwrap();
    std::fs::write(input.join(".hidden.txt"), broken_sum()).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere"), input.join("link_to_nowhere")).unwrap();

    // The rows to expect, in order: names sorted, the subfolder's files at its place.
    let mut names: Vec<String> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut expected = Vec::new();
    for name in names {
        if name == "sub" {
            expected.push((
                input.join("sub/copy.txt").display().to_string(),
                Some(root().join("tests/fixtures/valid/tab_merged.txt")),
            ));
            continue;
        }
        let fixture = root().join("tests/fixtures/valid").join(&name);
        expected.push((
            input.join(&name).display().to_string(),
            fixture.exists().then_some(fixture),
        ));
    }
    expected
}

/// The cell ids the CSV header must list: the 2021 template's ids in cells.tsv order, then the
/// ids only the 2019 template has. Read from ../shared/spec/cells.tsv when it is there.
fn expected_ids() -> Vec<String> {
    let spec = root().join("../shared/spec/cells.tsv");
    let mut ids: Vec<String> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(spec) {
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split('\t').collect())
            .collect();
        for wanted in [["2021", "both"], ["2019", "both"]] {
            for row in &rows {
                if wanted.contains(&row[1]) && !ids.iter().any(|id| id == row[0]) {
                    ids.push(row[0].to_string());
                }
            }
        }
    } else {
        for template in [nianbao::Template::V2021, nianbao::Template::V2019] {
            for id in template.cell_ids() {
                if !ids.iter().any(|i| i == id.as_str()) {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids
}

/// The columns before the cells, as issue #8 lists them.
const FIXED_HEADER: &str = "path,format,title,organ,year,errors,warnings,failed_relations,error";

fn fixed() -> Vec<&'static str> {
    FIXED_HEADER.split(',').collect()
}

#[test]
fn batch_writes_one_csv_row_per_file() {
    let dir = TempDir::new("batch-csv");
    let expected = batch_folder(&dir);
    let input = dir.path().join("in");
    let out = dir.path().join("out.csv");
    let output = nianbao([
        OsStr::new("batch"),
        input.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The summary, on standard error; no progress bar, as it is not a terminal.
    let summary = stderr(&output);
    assert!(
        summary.contains(&format!("{} rows written", expected.len())),
        "{summary}"
    );
    assert!(summary.contains("reports by template: 2021: "), "{summary}");

    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let ids = expected_ids();
    assert_eq!(ids.len(), 226);
    assert_eq!(header.len(), fixed().len() + 226);
    assert_eq!(&header[..fixed().len()], fixed());
    assert_eq!(&header[fixed().len()..], &ids[..]);

    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let paths: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    let want_paths: Vec<&str> = expected.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, want_paths);

    let column: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    for (row, (path, fixture)) in rows.iter().zip(&expected) {
        let get = |key: &str| &row[column[key]];
        let Some(fixture) = fixture else { continue };
        let want = answer(fixture);
        assert_eq!(get("format"), want["format"].as_str().unwrap(), "{path}");
        assert_eq!(get("title"), want["title"].as_str().unwrap(), "{path}");
        assert_eq!(get("organ"), want["organ"].as_str().unwrap(), "{path}");
        assert_eq!(get("year"), want["year"].to_string(), "{path}");
        assert_eq!(get("error"), "", "{path}");
        get("errors").parse::<usize>().unwrap();
        get("warnings").parse::<usize>().unwrap();
        let cells = want["cells"].as_object().unwrap();
        for id in &ids {
            let got = get(id);
            match cells.get(id) {
                Some(value) => assert!(
                    same_number((!got.is_empty()).then(|| got.parse().unwrap()), value),
                    "{path}: {id} is {got:?}, want {value}"
                ),
                // Not a cell of the report's template.
                None => assert_eq!(got, "", "{path}: {id}"),
            }
        }
    }

    let row = |name: &str| {
        rows.iter()
            .find(|r| r[0].ends_with(name))
            .unwrap_or_else(|| panic!("a row for {name}"))
    };
    let broken = row("broken_sum.txt");
    // R2 (the 总计 column no longer adds up) and R3 (nor does the row), in the rules' order.
    assert_eq!(
        &broken[column["failed_relations"]],
        "arith.results-total;arith.row-total"
    );
    assert!(broken[column["errors"]].parse::<usize>().unwrap() >= 1);

    // Not a report: a row all the same, without a format, its diagnostics counted.
    let notes = row("notes.txt");
    assert_eq!(&notes[column["format"]], "");
    assert_eq!(&notes[column["error"]], "");
    assert!(notes[column["errors"]].parse::<usize>().unwrap() >= 1);

    #[cfg(unix)]
    {
        let link = row("link_to_nowhere");
        assert_ne!(&link[column["error"]], "");
        assert_eq!(&link[column["format"]], "");
        assert_eq!(&link[column["errors"]], "");
    }

    // Run again with the table inside the folder it reads: it is not read as a report.
    let inside = input.join("table.csv");
    for _ in 0..2 {
        let output = nianbao([
            OsStr::new("batch"),
            OsStr::new("--quiet"),
            input.as_os_str(),
            OsStr::new("-o"),
            inside.as_os_str(),
        ]);
        assert!(output.status.success());
        assert_eq!(stderr(&output), "", "--quiet");
        let rows = csv::Reader::from_path(&inside).unwrap().records().count();
        assert_eq!(rows, expected.len());
    }
}

#[test]
fn batch_writes_json_lines() {
    let dir = TempDir::new("batch-jsonl");
    let expected = batch_folder(&dir);
    let input = dir.path().join("in");
    let out = dir.path().join("out.jsonl");
    let output = nianbao([
        OsStr::new("batch"),
        OsStr::new("--jobs"),
        OsStr::new("2"),
        input.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (line, (path, fixture)) in lines.iter().zip(&expected) {
        assert_eq!(line["path"], *path);
        for key in fixed() {
            assert!(line.get(key).is_some(), "{path}: {key}");
        }
        let Some(fixture) = fixture else { continue };
        let want = answer(fixture);
        for key in ["format", "title", "organ", "year"] {
            assert_eq!(line[key], want[key], "{path}: {key}");
        }
        let cells = line["cells"].as_object().unwrap();
        assert_eq!(cells.len(), want["cells"].as_object().unwrap().len());
        for (id, value) in want["cells"].as_object().unwrap() {
            assert!(same_number(cells[id].as_f64(), value), "{path}: {id}");
        }
    }
    let broken = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("broken_sum.txt"))
        .unwrap();
    assert_eq!(
        broken["failed_relations"],
        serde_json::json!(["arith.results-total", "arith.row-total"])
    );
}

#[test]
fn batch_to_standard_output() {
    let path = root().join("tests/fixtures/valid/tab_merged.txt");
    let output = nianbao([
        OsStr::new("batch"),
        OsStr::new("-q"),
        path.as_os_str(),
        OsStr::new("-o"),
        OsStr::new("-"),
    ]);
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.headers().unwrap().len(), fixed().len() + 226);
    assert_eq!(reader.records().count(), 1);
}

#[test]
fn batch_exits_2_when_the_table_cannot_be_written() {
    let dir = TempDir::new("batch-unwritable");
    let fixtures = root().join("tests/fixtures/valid");
    let nowhere = dir.path().join("no/such/folder/out.csv");
    let output = nianbao([
        OsStr::new("batch"),
        fixtures.as_os_str(),
        OsStr::new("-o"),
        nowhere.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot create"),
        "{}",
        stderr(&output)
    );

    let unknown = dir.path().join("out.xlsx");
    let output = nianbao([
        OsStr::new("batch"),
        fixtures.as_os_str(),
        OsStr::new("-o"),
        unknown.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format"), "{}", stderr(&output));
}
