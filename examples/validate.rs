//! Validate reports and show each finding under its source line, with annotate-snippets.
//!
//! ```text
//! cargo run --example validate -- FILE...
//! ```
//!
//! A small demonstration of [`nianbao::Report::validate`] and [`nianbao::Finding::primary_span`].
//! The command-line tool (`nianbao validate`) renders findings in full: the cells a sum is
//! made of, long lines cut, last year's report, JSON.
//!
//! Exit status: 0 when no finding has error severity, 1 when one does, 2 when a file cannot be
//! read.

use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use nianbao::Severity;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: validate FILE...");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
        // Text or HTML, UTF-8 or GBK: decided by content. Spans are offsets into `text`.
        let decoded = nianbao::parse_bytes(&bytes);
        let text = decoded.text();
        let parse = decoded.parse();
        let findings = parse.report().validate();
        for finding in &findings {
            let level = match finding.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                _ => Level::NOTE,
            };
            let title = level
                .primary_title(finding.message.as_str())
                .id(finding.code);
            let group = match finding.primary_span() {
                Some(span) => title.element(
                    Snippet::source(text)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span.range())),
                ),
                None => title.element(Origin::path(path.as_str())),
            };
            println!("{}", Renderer::plain().render(&[group]));
        }
        if findings.iter().any(nianbao::Finding::is_error) {
            status = ExitCode::FAILURE;
        }
    }
    status
}
