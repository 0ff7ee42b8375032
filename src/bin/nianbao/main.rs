//! `nianbao`: read government information-disclosure annual reports (政府信息公开工作年度报告)
//! from the command line.
//!
//! ```text
//! nianbao dump [--pretty] FILE...        the tree as JSON
//! nianbao cells FILE...                  the canonical cells, one JSON object per file
//! nianbao validate [--json] FILE...      the findings, rendered like rustc's errors
//! nianbao batch PATH... -o OUT.csv       one row per report, over files and folders
//! ```
//!
//! Every file is read by content: text, markdown or HTML, UTF-8, GBK or Big5. Built only on the
//! library's public API. Install with `cargo install --path . --features cli`.

mod batch;
mod record;
mod render;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Read Chinese government information-disclosure annual reports (政府信息公开工作年度报告).
///
/// Files are read by content, whatever their names: text, markdown or HTML, in UTF-8, GBK,
/// GB18030 or Big5.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 on success; 1 when `validate` finds an error; \
2 when the arguments are wrong, a file named on the command line cannot be read, or the \
output cannot be written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the syntax tree of each report as JSON, one object per file and line.
    ///
    /// Each object is {"path", "report", "diagnostics"}. Spans ({"start", "end"}) are byte
    /// offsets into the file as decoded.
    Dump {
        /// Indent the JSON (one object over many lines).
        #[arg(long)]
        pretty: bool,
        /// The reports.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print the canonical cells of each report, one JSON object per file and line.
    ///
    /// Each line: {"path", "format", "title", "organ", "year", "cells": {id: number|null},
    /// "diagnostics": [{"severity", "code", "message", "line", "column"}]}. A file that cannot
    /// be read gives {"path", "error"}.
    Cells {
        /// The reports.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Check each report's arithmetic, prose and outline, and show the findings.
    ///
    /// Findings are shown as rustc shows errors: file:line:column, the source line and a caret
    /// under the characters concerned. Exit status 1 when any finding is an error.
    Validate {
        /// One JSON object per file and line instead: {"path", "previous", "errors",
        /// "findings"}, each finding with the line and column of its place.
        #[arg(long)]
        json: bool,
        /// Last year's report of the same body: also check the years against each other
        /// (carry-over, the stock of rules in force).
        #[arg(long, value_name = "LAST_YEAR_FILE")]
        previous: Option<PathBuf>,
        /// The reports.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Read every report under files and folders into one table, in parallel.
    ///
    /// Folders are walked recursively in sorted order; hidden files and folders (names
    /// starting with `.`) are skipped, symbolic links to folders are not followed, and a file
    /// of any extension is tried. One row per file, in that order: path, format, title,
    /// organ, year, errors, warnings, failed_relations, error, then one column per canonical
    /// cell id (the 226 ids of cells.tsv: the 2021 ids, then those only in 2019). A report
    /// fills the columns of its template; the others stay empty.
    ///
    /// `errors` and `warnings` count the parse's diagnostics plus the validation findings of
    /// that severity (notes are not counted; a missing part or table is both a diagnostic and
    /// a finding, so it counts twice). `failed_relations` lists the distinct codes of the
    /// arithmetic findings (R1–R4), `;`-separated. A file that cannot be read gets a row with
    /// its path and `error` only. Exit status 0 unless the output cannot be written (2).
    Batch {
        /// Files and folders to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Where to write the table: `.csv` or `.jsonl` (`-` for standard output).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The output format; by default from OUT's extension (`.csv`, `.jsonl`, `.ndjson`),
        /// CSV for standard output.
        #[arg(long, value_enum)]
        format: Option<batch::Format>,
        /// Threads that parse; by default one per core.
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        /// Files larger than this many megabytes get a row with an error instead of being read.
        #[arg(long, value_name = "MB", default_value_t = 64)]
        max_size: u64,
        /// No progress bar and no summary.
        #[arg(short, long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Dump { pretty, files } => dump(pretty, &files),
        Command::Cells { files } => cells(&files),
        Command::Validate {
            json,
            previous,
            files,
        } => validate(json, previous.as_deref(), &files),
        Command::Batch {
            paths,
            output,
            format,
            jobs,
            max_size,
            quiet,
        } => batch::run(&batch::Options {
            paths,
            output,
            format,
            jobs,
            max_bytes: max_size.saturating_mul(1 << 20),
            quiet,
        }),
    };
    match result {
        Ok(status) => status,
        // `nianbao cells … | head`: the reader has all it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nianbao: cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

/// A file decoded by content (text or HTML, UTF-8, GBK or Big5); the error names the file.
fn read(path: &Path) -> Result<nianbao::Decoded, String> {
    std::fs::read(path)
        .map(|bytes| nianbao::parse_bytes(&bytes))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Standard output, buffered. Write errors end the command (see `main`).
fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// `nianbao dump`.
fn dump(pretty: bool, files: &[PathBuf]) -> io::Result<ExitCode> {
    let mut out = stdout();
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let decoded = match read(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("nianbao: {e}");
                status = ExitCode::from(2);
                continue;
            }
        };
        let parse = decoded.parse();
        let value = serde_json::json!({
            "path": path.display().to_string(),
            "report": parse.report(),
            "diagnostics": parse.diagnostics(),
        });
        if pretty {
            serde_json::to_writer_pretty(&mut out, &value)?;
        } else {
            serde_json::to_writer(&mut out, &value)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(status)
}

/// `nianbao cells`.
fn cells(files: &[PathBuf]) -> io::Result<ExitCode> {
    let mut out = stdout();
    let mut status = ExitCode::SUCCESS;
    for path in files {
        let shown = path.display().to_string();
        let line = match read(path) {
            Ok(decoded) => record::cells_line(&shown, &decoded.parse()),
            Err(e) => {
                eprintln!("nianbao: {e}");
                status = ExitCode::from(2);
                serde_json::json!({ "path": shown, "error": e })
            }
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(status)
}

/// `nianbao validate`.
fn validate(json: bool, previous: Option<&Path>, files: &[PathBuf]) -> io::Result<ExitCode> {
    let previous_doc = match previous.map(read).transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let previous_parse = previous_doc.as_ref().map(nianbao::Decoded::parse);
    let previous_path = previous.map(|p| p.display().to_string());
    let previous_source = previous_parse
        .as_ref()
        .zip(previous_path.as_deref())
        .map(|(p, path)| render::Source {
            path,
            text: p.source(),
        });
    let renderer = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        annotate_snippets::Renderer::styled()
    } else {
        annotate_snippets::Renderer::plain()
    };
    let mut out = stdout();
    let (mut any_error, mut unreadable) = (false, false);
    for path in files {
        let decoded = match read(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("nianbao: {e}");
                unreadable = true;
                continue;
            }
        };
        let parse = decoded.parse();
        let mut findings = parse.report().validate();
        if let Some(prev) = &previous_parse {
            findings.extend(nianbao::validate_pair(prev.report(), parse.report()));
        }
        any_error |= findings.iter().any(nianbao::Finding::is_error);
        let shown = path.display().to_string();
        let current = render::Source {
            path: &shown,
            text: decoded.text(),
        };
        if json {
            let value = render::to_json(&current, previous_source.as_ref(), &findings);
            writeln!(out, "{value}")?;
            continue;
        }
        for finding in &findings {
            let shown = render::render(&renderer, &current, previous_source.as_ref(), finding);
            writeln!(out, "{shown}")?;
        }
        let errors = findings.iter().filter(|f| f.is_error()).count();
        let warnings = findings
            .iter()
            .filter(|f| f.severity == nianbao::Severity::Warning)
            .count();
        writeln!(
            out,
            "{shown}: {errors} error(s), {warnings} warning(s), {} finding(s)\n",
            findings.len()
        )?;
    }
    out.flush()?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
