//! Validation against the real reports of ../shared (when present), and on any input.
//!
//! The truth files' `notes` say in prose which arithmetic relations the source itself violates.
//! Read by hand, they give the expectations below; the test checks that each note still says
//! what the expectation was read from.

use std::path::{Path, PathBuf};

use nianbao::{Finding, validate::codes};
use proptest::prelude::*;

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("corpus").is_dir().then_some(p)
}

/// What the truth notes say of the arithmetic relations of a corpus file.
enum Notes {
    /// Every relation holds; the note says so in these words.
    AllHold(&'static str),
    /// The source violates some relations; the note lists them after these words.
    Violated(&'static str),
    /// A pre-2019 template: no cells, no relations.
    Legacy,
}

/// Per truth stem, read from the notes by hand.
const EXPECTED: &[(&str, Notes)] = &[
    (
        "000_8e6f541f7cb9131d",
        Notes::AllHold("every arithmetic relation holds"),
    ),
    (
        "001_f78362fcf04790d2",
        Notes::AllHold("every arithmetic relation holds"),
    ),
    (
        "002_993b10d7eafd07e2",
        Notes::AllHold("All table arithmetic holds"),
    ),
    (
        "002_shanghai-stcsm-kewei-2024",
        Notes::AllHold("all arithmetic relations hold"),
    ),
    (
        "003_350fbfc8d48350cb",
        Notes::AllHold("All table arithmetic holds"),
    ),
    (
        "004_42996182c962cdb4",
        Notes::AllHold("every arithmetic relation holds"),
    ),
    (
        "004_pingtan-zone-2022",
        Notes::AllHold("All arithmetic relations hold in the source"),
    ),
    (
        "005_pingtan-zone-2019",
        Notes::AllHold("All arithmetic relations hold in the source"),
    ),
    (
        "010_shanghai-gov-office-2019",
        Notes::Violated("SOURCE VIOLATIONS"),
    ),
    (
        "011_huaian-city-gov-2024.pdfplumber",
        Notes::AllHold("All arithmetic relations hold"),
    ),
    (
        "011_huaian-city-gov-2024.pypdf",
        Notes::AllHold("All arithmetic relations hold"),
    ),
    (
        "014_shuyang-county-fgj-2023",
        Notes::AllHold("all arithmetic relations hold"),
    ),
    ("015_pingtan-zone-2018-preformat", Notes::Legacy),
];

/// Share of the truth's numbers that the parser reads (1.0 when the truth has none).
fn share_read(report: &nianbao::Report<'_>, truth: &serde_json::Value) -> f64 {
    let want: Vec<&str> = truth["cells"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.is_number())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    if want.is_empty() {
        return 1.0;
    }
    let read = want
        .iter()
        .filter(|id| report.cell(id).and_then(|c| c.value()).is_some())
        .count();
    read as f64 / want.len() as f64
}

fn by_code(findings: &[Finding]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for f in findings {
        match counts.iter_mut().find(|(c, _)| *c == f.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((f.code, 1)),
        }
    }
    counts
        .iter()
        .map(|(c, n)| format!("{c}×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn arithmetic_findings_match_the_truth_notes() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the validation corpus test did not run");
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(shared.join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext, "txt" | "md" | "html") {
            continue;
        }
        let Ok(truth) = std::fs::read_to_string(shared.join("truth").join(format!("{stem}.json")))
        else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
        let notes = truth["notes"].as_str().unwrap_or("");
        let Some((_, expected)) = EXPECTED.iter().find(|(s, _)| *s == stem) else {
            eprintln!("{name}: no expectation read from its notes yet (add one); not checked");
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let parse = nianbao::parse(&text);
        let findings = parse.report().validate();
        let arithmetic: Vec<&Finding> = findings.iter().filter(|f| f.is_arithmetic()).collect();
        let read = share_read(parse.report(), &truth);
        eprintln!(
            "{name}: {:.0}% of the numbers read; findings: {}",
            read * 100.0,
            by_code(&findings)
        );
        match expected {
            Notes::AllHold(words) => {
                assert!(
                    notes.contains(words),
                    "{name}: the notes no longer say `{words}`"
                );
                // Never a violation where the source has none, whether the cells are read or not
                // (unread cells leave a relation unchecked).
                assert!(arithmetic.is_empty(), "{name}: {arithmetic:#?}");
            }
            Notes::Violated(words) => {
                assert!(
                    notes.contains(words),
                    "{name}: the notes no longer say `{words}`"
                );
                // Checked once the table is read: the violations are then found.
                if read > 0.9 {
                    assert!(!arithmetic.is_empty(), "{name}: violations not found");
                    assert!(
                        arithmetic
                            .iter()
                            .all(|f| matches!(f.code, codes::ROW_TOTAL | codes::RESULTS_TOTAL)),
                        "{name}: {arithmetic:#?}"
                    );
                }
            }
            Notes::Legacy => {
                assert_eq!(truth["format"], "legacy");
                assert!(arithmetic.is_empty(), "{name}: {arithmetic:#?}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} corpus files checked");
}

/// Every span of every finding lies in the input, on char boundaries.
fn spans_ok(src: &str, findings: &[Finding]) -> Result<(), String> {
    for f in findings {
        let spans = f
            .spans
            .iter()
            .copied()
            .chain(f.cells.iter().filter_map(|c| c.span));
        for s in spans {
            if src.get(s.range()).is_none() {
                return Err(format!("{}: span {s:?} not in the input", f.code));
            }
        }
        if f.message.is_empty() {
            return Err(format!("{}: empty message", f.code));
        }
        if !codes::ALL.contains(&f.code) {
            return Err(format!("{}: not a listed code", f.code));
        }
    }
    Ok(())
}

#[test]
fn every_prefix_of_the_seeds_validates_without_panic() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the prefix test did not run");
        return;
    };
    for entry in std::fs::read_dir(shared.join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The five seeds: 000_… to 004_… with a 16-hex-digit name.
        if !(name.len() == 24 && name.ends_with(".txt") && name.starts_with("00")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Every 3rd char boundary keeps the run short; each cut is a different document.
        for (i, _) in text.char_indices().step_by(3) {
            let prefix = &text[..i];
            let parse = nianbao::parse(prefix);
            if let Err(e) = spans_ok(prefix, &parse.report().validate()) {
                panic!("{name} cut at {i}: {e}");
            }
        }
    }
}

const BASE: &str = include_str!("fixtures/validate/report_2021.txt");

/// The consistent 2021 fixture, with lines dropped, repeated or changed.
fn mutated() -> impl Strategy<Value = String> {
    let lines: Vec<&'static str> = BASE.lines().collect();
    let n = lines.len();
    proptest::collection::vec((0..n, 0..6u8, any::<u8>()), 0..12).prop_map(move |edits| {
        let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for (at, op, x) in edits {
            let at = at % ls.len().max(1);
            if ls.is_empty() {
                break;
            }
            match op {
                0 => {
                    ls.remove(at);
                }
                1 => {
                    let l = ls[at].clone();
                    ls.insert(at, l);
                }
                2 => ls[at] = ls[at].replace('0', &(x % 10).to_string()),
                3 => ls[at] = ls[at].replace('\t', if x % 2 == 0 { "" } else { " " }),
                4 => ls[at] = ls[at].replace("1", "一、"),
                _ => ls[at].push_str(&format!("\t{x}万元")),
            }
        }
        ls.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validation_never_panics_and_points_into_the_input(src in mutated()) {
        let parse = nianbao::parse(&src);
        let findings = parse.report().validate();
        prop_assert!(spans_ok(&src, &findings).is_ok(), "{:?}", spans_ok(&src, &findings));
        // A pair of any two documents, too.
        let other = nianbao::parse(BASE);
        let pair = nianbao::validate_pair(other.report(), parse.report());
        prop_assert!(pair.iter().all(|f| codes::ALL.contains(&f.code)));
    }

    #[test]
    fn validation_of_arbitrary_text(s in "\\PC*") {
        let parse = nianbao::parse(&s);
        let findings = parse.report().validate();
        prop_assert!(spans_ok(&s, &findings).is_ok(), "{:?}", spans_ok(&s, &findings));
    }
}
