//! Print the syntax tree of each report as JSON.
//!
//! ```text
//! cargo run --example dump -- [--pretty] FILE...
//! ```
//!
//! Every object with a `span` (`{"start", "end"}`, byte offsets into the file as read) and a
//! `text` satisfies `input[start..end] == text`.

use std::process::ExitCode;

use serde_json::json;

fn main() -> ExitCode {
    let mut pretty = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--pretty" => pretty = true,
            _ => paths.push(arg),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: dump [--pretty] FILE...");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        // Text or HTML, UTF-8 or GBK: decided by content, not by file name. Spans are byte
        // offsets into the decoded text (the file itself when it is UTF-8).
        let decoded = nianbao::parse_bytes(&bytes);
        let parse = decoded.parse();
        let out = json!({
            "path": path,
            "report": parse.report(),
            "diagnostics": parse.diagnostics(),
        });
        let s = if pretty {
            serde_json::to_string_pretty(&out)
        } else {
            serde_json::to_string(&out)
        };
        match s {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("{path}: {e}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
