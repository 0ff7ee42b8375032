//! `nianbao batch`: every report under files and folders into one table.
//!
//! The files are listed first (sorted, so two runs give the same rows), then parsed in parallel
//! chunk by chunk; a writer thread writes each chunk's rows in order while the next chunk is
//! parsed. Only one or two chunks of rows are held at a time, never the parsed reports.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use nianbao::{CellId, Number, Severity, Template};
use rayon::prelude::*;

use crate::record::{self, Head};

/// Files parsed between two writes.
const CHUNK: usize = 256;
/// Codes listed in the summary, at most, per kind.
const TOP: usize = 10;

/// The table's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// What `nianbao batch` was asked to do.
#[derive(Debug)]
pub(crate) struct Options {
    pub(crate) paths: Vec<PathBuf>,
    pub(crate) output: PathBuf,
    pub(crate) format: Option<Format>,
    pub(crate) jobs: Option<usize>,
    pub(crate) max_bytes: u64,
    pub(crate) quiet: bool,
}

/// Run the batch. Per-file problems become rows; only a failure to write the output (or
/// unusable options) gives exit status 2.
pub(crate) fn run(options: &Options) -> io::Result<ExitCode> {
    let started = Instant::now();
    let to_stdout = options.output.as_os_str() == "-";
    let Some(format) = options
        .format
        .or_else(|| format_of(&options.output, to_stdout))
    else {
        eprintln!(
            "nianbao: cannot tell the format of {} from its extension: name it .csv or .jsonl, \
             or pass --format",
            options.output.display()
        );
        return Ok(ExitCode::from(2));
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("nianbao: cannot start the worker threads: {e}");
            return Ok(ExitCode::from(2));
        }
    };

    // An output inside an input folder, left by an earlier run, is not a report to read.
    let output_before = (!to_stdout)
        .then(|| options.output.canonicalize().ok())
        .flatten();
    let entries = list(&options.paths, output_before.as_deref());

    let out: Box<dyn Write + Send> = if to_stdout {
        Box::new(io::stdout())
    } else {
        match File::create(&options.output) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("nianbao: cannot create {}: {e}", options.output.display());
                return Ok(ExitCode::from(2));
            }
        }
    };
    let mut sink = Sink::new(format, out);

    let progress = if !options.quiet && io::stderr().is_terminal() {
        bar(entries.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    quiet_panics(progress.clone());
    let bytes_read = AtomicU64::new(0);

    let (sender, receiver) = mpsc::sync_channel::<Vec<Row>>(1);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<Summary> {
            let mut summary = Summary::default();
            sink.header()?;
            for rows in receiver {
                for row in &rows {
                    sink.row(row)?;
                    summary.add(row);
                }
            }
            sink.finish()?;
            Ok(summary)
        });
        for chunk in entries.chunks(CHUNK) {
            let rows: Vec<Row> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|entry| {
                        let row = Row::of(entry, options.max_bytes);
                        let total = bytes_read.fetch_add(row.bytes, Ordering::Relaxed) + row.bytes;
                        progress.inc(1);
                        progress.set_message(throughput(
                            progress.position(),
                            total,
                            progress.elapsed(),
                        ));
                        row
                    })
                    .collect()
            });
            // When the writer has stopped, its error is what counts.
            if sender.send(rows).is_err() {
                break;
            }
        }
        drop(sender);
        writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    });
    progress.finish_and_clear();
    let _ = std::panic::take_hook();

    let summary = match written {
        Ok(summary) => summary,
        Err(e) if to_stdout && e.kind() == io::ErrorKind::BrokenPipe => return Err(e),
        Err(e) => {
            eprintln!("nianbao: cannot write {}: {e}", options.output.display());
            return Ok(ExitCode::from(2));
        }
    };
    if !options.quiet {
        let target = if to_stdout {
            "standard output".to_string()
        } else {
            options.output.display().to_string()
        };
        eprint!("{}", summary.show(&target, started.elapsed()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The format named by the output's extension; CSV for standard output.
fn format_of(output: &Path, to_stdout: bool) -> Option<Format> {
    if to_stdout {
        return Some(Format::Csv);
    }
    let extension = output.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some(Format::Csv),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        _ => None,
    }
}

fn bar(len: u64) -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{elapsed_precise} {wide_bar} {pos}/{len} files · {msg} · eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(len).with_style(style)
}

/// Files and megabytes per second.
fn throughput(files: u64, bytes: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64().max(1e-3);
    format!(
        "{:.0} files/s · {:.1} MB/s",
        files as f64 / seconds,
        megabytes(bytes) / seconds
    )
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// A parser panic (a bug: the library promises none) becomes the file's row; say it in one
/// line, above the progress bar, instead of the default report.
fn quiet_panics(progress: ProgressBar) {
    std::panic::set_hook(Box::new(move |info| {
        progress.suspend(|| eprintln!("nianbao: {info}"));
    }));
}

/// A file to read, or a folder that could not be listed.
#[derive(Debug)]
enum Entry {
    File(PathBuf),
    Unlisted(PathBuf, String),
}

/// Every file under `paths`, in order: each path as given, folders walked recursively with
/// their entries sorted by name. Hidden entries inside folders are skipped, as are symbolic
/// links to folders (no loops) and anything that is neither a file nor a folder.
fn list(paths: &[PathBuf], exclude: Option<&Path>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, exclude, &mut entries);
        } else {
            entries.push(Entry::File(path.clone()));
        }
    }
    entries
}

fn walk(dir: &Path, exclude: Option<&Path>, entries: &mut Vec<Entry>) {
    let listed = match std::fs::read_dir(dir) {
        Ok(listed) => listed,
        Err(e) => {
            entries.push(Entry::Unlisted(
                dir.to_path_buf(),
                format!("cannot list the folder: {e}"),
            ));
            return;
        }
    };
    let mut children = Vec::new();
    for child in listed {
        match child {
            Ok(child) => children.push(child),
            Err(e) => entries.push(Entry::Unlisted(
                dir.to_path_buf(),
                format!("cannot list the folder: {e}"),
            )),
        }
    }
    children.sort_by_key(std::fs::DirEntry::file_name);
    for child in children {
        if child.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = child.path();
        let Ok(kind) = child.file_type() else {
            entries.push(Entry::File(path));
            continue;
        };
        if kind.is_dir() {
            walk(&path, exclude, entries);
        } else if kind.is_file() || (kind.is_symlink() && !path.is_dir()) {
            // A broken link is listed, and its row says why it cannot be read.
            let excluded = exclude.is_some_and(|out| {
                out.file_name() == path.file_name()
                    && path.canonicalize().is_ok_and(|p| p.as_path() == out)
            });
            if !excluded {
                entries.push(Entry::File(path));
            }
        }
    }
}

/// One row of the table.
#[derive(Debug)]
struct Row {
    path: String,
    /// Bytes read.
    bytes: u64,
    /// What was read, or why the file could not be.
    outcome: Result<Parsed, String>,
}

/// What a row tells about a file that was read.
#[derive(Debug)]
struct Parsed {
    head: Head,
    cells: Vec<(CellId, Option<Number>)>,
    errors: usize,
    warnings: usize,
    /// Distinct codes of the arithmetic findings (R1–R4), in the order of the rules.
    failed_relations: Vec<&'static str>,
    /// Distinct codes of the parse's diagnostics and of the findings (for the summary).
    diagnostic_codes: Vec<&'static str>,
    finding_codes: Vec<&'static str>,
}

impl Row {
    fn of(entry: &Entry, max_bytes: u64) -> Row {
        let path = match entry {
            Entry::File(path) => path,
            Entry::Unlisted(path, error) => {
                return Row {
                    path: path.display().to_string(),
                    bytes: 0,
                    outcome: Err(error.clone()),
                };
            }
        };
        let shown = path.display().to_string();
        let bytes = match read_at_most(path, max_bytes) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Row {
                    path: shown,
                    bytes: 0,
                    outcome: Err(error),
                };
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| Parsed::of(&bytes))).map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("the parser panicked: {message}")
        });
        Row {
            path: shown,
            bytes: bytes.len() as u64,
            outcome,
        }
    }
}

/// The file's bytes, unless it holds more than `max` of them.
fn read_at_most(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "larger than {} MB: not read (see --max-size)",
            max >> 20
        ));
    }
    Ok(bytes)
}

impl Parsed {
    fn of(bytes: &[u8]) -> Parsed {
        let decoded = nianbao::parse_bytes(bytes);
        let parse = decoded.parse();
        let findings = parse.report().validate();
        let severities = parse
            .diagnostics()
            .iter()
            .map(|d| d.severity)
            .chain(findings.iter().map(|f| f.severity));
        let (mut errors, mut warnings) = (0, 0);
        for severity in severities {
            match severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                _ => {}
            }
        }
        let mut failed_relations: Vec<&'static str> = findings
            .iter()
            .filter(|f| f.is_arithmetic())
            .map(|f| f.code)
            .collect();
        let rank = |code: &&str| {
            nianbao::validate::codes::ALL
                .iter()
                .position(|c| c == code)
                .unwrap_or(usize::MAX)
        };
        failed_relations.sort_by_key(rank);
        failed_relations.dedup();
        Parsed {
            head: Head::of(&parse),
            cells: record::cell_values(&parse),
            errors,
            warnings,
            failed_relations,
            diagnostic_codes: distinct(parse.diagnostics().iter().map(|d| d.code)),
            finding_codes: distinct(findings.iter().map(|f| f.code)),
        }
    }
}

fn distinct(codes: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = codes.collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The fixed columns, before the cells.
const FIXED: [&str; 9] = [
    "path",
    "format",
    "title",
    "organ",
    "year",
    "errors",
    "warnings",
    "failed_relations",
    "error",
];

/// The cell columns: every canonical id once, the 2021 ids first in `cells.tsv` order, then
/// the ids only the 2019 template has. Three ids are in both templates and share a column.
struct CellColumns {
    ids: Vec<&'static str>,
    /// The column of each 2019 id, by its index in the template.
    of_2019: Vec<usize>,
}

impl CellColumns {
    fn new() -> CellColumns {
        let mut ids: Vec<&'static str> = Template::V2021.cell_ids().map(|id| id.as_str()).collect();
        let of_2019 = Template::V2019
            .cell_ids()
            .map(|id| {
                let id = id.as_str();
                ids.iter().position(|c| *c == id).unwrap_or_else(|| {
                    ids.push(id);
                    ids.len() - 1
                })
            })
            .collect();
        CellColumns { ids, of_2019 }
    }

    fn column(&self, id: CellId) -> Option<usize> {
        match id.template() {
            Template::V2021 => Some(id.index()),
            Template::V2019 => self.of_2019.get(id.index()).copied(),
            Template::Legacy => None,
        }
    }
}

/// Where the rows go.
enum Sink {
    Csv {
        writer: Box<csv::Writer<Box<dyn Write + Send>>>,
        columns: CellColumns,
    },
    Jsonl(BufWriter<Box<dyn Write + Send>>),
}

impl Sink {
    fn new(format: Format, out: Box<dyn Write + Send>) -> Sink {
        const BUFFER: usize = 1 << 16;
        match format {
            Format::Csv => Sink::Csv {
                writer: Box::new(
                    csv::WriterBuilder::new()
                        .buffer_capacity(BUFFER)
                        .from_writer(out),
                ),
                columns: CellColumns::new(),
            },
            Format::Jsonl => Sink::Jsonl(BufWriter::with_capacity(BUFFER, out)),
        }
    }

    fn header(&mut self) -> io::Result<()> {
        match self {
            Sink::Csv { writer, columns } => {
                writer.write_record(FIXED.iter().chain(&columns.ids))?;
                Ok(())
            }
            Sink::Jsonl(_) => Ok(()),
        }
    }

    fn row(&mut self, row: &Row) -> io::Result<()> {
        match self {
            Sink::Csv { writer, columns } => {
                writer.write_record(csv_record(row, columns))?;
                Ok(())
            }
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &json_record(row))?;
                out.write_all(b"\n")
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Csv { mut writer, .. } => writer.flush(),
            Sink::Jsonl(mut out) => out.flush(),
        }
    }
}

fn csv_record(row: &Row, columns: &CellColumns) -> Vec<String> {
    let mut record = vec![String::new(); FIXED.len() + columns.ids.len()];
    record[0].clone_from(&row.path);
    let parsed = match &row.outcome {
        Ok(parsed) => parsed,
        Err(error) => {
            record[8].clone_from(error);
            return record;
        }
    };
    let head = &parsed.head;
    record[1] = head.format().unwrap_or_default().to_string();
    record[2] = head.title.clone().unwrap_or_default();
    record[3] = head.organ.clone().unwrap_or_default();
    record[4] = head.year.map(|y| y.to_string()).unwrap_or_default();
    record[5] = parsed.errors.to_string();
    record[6] = parsed.warnings.to_string();
    record[7] = parsed.failed_relations.join(";");
    for (id, value) in &parsed.cells {
        if let (Some(column), Some(value)) = (columns.column(*id), value) {
            // Exactly as printed: `1.25`, `9116.36`.
            record[FIXED.len() + column] = value.to_string();
        }
    }
    record
}

fn json_record(row: &Row) -> serde_json::Value {
    match &row.outcome {
        Ok(parsed) => serde_json::json!({
            "path": row.path,
            "format": parsed.head.format(),
            "title": parsed.head.title,
            "organ": parsed.head.organ,
            "year": parsed.head.year,
            "errors": parsed.errors,
            "warnings": parsed.warnings,
            "failed_relations": parsed.failed_relations,
            "error": null,
            "cells": record::cells_json(&parsed.cells),
        }),
        Err(error) => serde_json::json!({
            "path": row.path,
            "format": null,
            "title": null,
            "organ": null,
            "year": null,
            "errors": null,
            "warnings": null,
            "failed_relations": null,
            "error": error,
            "cells": null,
        }),
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
struct Summary {
    rows: usize,
    bytes: u64,
    unreadable: usize,
    /// Reports by template (`"unknown"` when none was detected).
    templates: HashMap<&'static str, usize>,
    /// Reports with each finding code, and with each diagnostic code.
    findings: HashMap<&'static str, usize>,
    diagnostics: HashMap<&'static str, usize>,
}

impl Summary {
    fn add(&mut self, row: &Row) {
        self.rows += 1;
        self.bytes += row.bytes;
        let Ok(parsed) = &row.outcome else {
            self.unreadable += 1;
            return;
        };
        *self
            .templates
            .entry(parsed.head.format().unwrap_or("unknown"))
            .or_default() += 1;
        for code in &parsed.finding_codes {
            *self.findings.entry(code).or_default() += 1;
        }
        for code in &parsed.diagnostic_codes {
            *self.diagnostics.entry(code).or_default() += 1;
        }
    }

    fn show(&self, target: &str, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64().max(1e-3);
        let mut out = format!(
            "nianbao batch: {} rows written to {target} in {seconds:.1} s \
             ({:.0} files/s, {:.1} MB/s, {:.1} MB read)\n",
            self.rows,
            self.rows as f64 / seconds,
            megabytes(self.bytes) / seconds,
            megabytes(self.bytes),
        );
        let templates: Vec<String> = ["2021", "2019", "legacy", "unknown"]
            .iter()
            .map(|t| format!("{t}: {}", self.templates.get(t).copied().unwrap_or(0)))
            .collect();
        out += &format!("  reports by template: {}\n", templates.join(", "));
        out += &format!("  files not read: {}\n", self.unreadable);
        for (what, counts) in [
            ("finding", &self.findings),
            ("diagnostic", &self.diagnostics),
        ] {
            let mut top: Vec<(&&str, &usize)> = counts.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            if top.is_empty() {
                continue;
            }
            out += &format!("  reports with each {what} code (top {TOP}):\n");
            for (code, n) in top.into_iter().take(TOP) {
                out += &format!("    {n:>8}  {code}\n");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_columns_hold_every_id_once() {
        let columns = CellColumns::new();
        assert_eq!(columns.ids.len(), 226);
        let mut sorted = columns.ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 226);
        for template in [Template::V2021, Template::V2019] {
            for id in template.cell_ids() {
                assert_eq!(columns.ids[columns.column(id).unwrap()], id.as_str());
            }
        }
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(format_of(Path::new("a.CSV"), false), Some(Format::Csv));
        assert_eq!(format_of(Path::new("a.jsonl"), false), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("a.txt"), false), None);
        assert_eq!(format_of(Path::new("-"), true), Some(Format::Csv));
    }
}
