//! Validation against the real reports of ../shared (when present), and on any input.
//!
//! The truth files' `notes` say in prose which arithmetic relations the source itself violates.
//! Read by hand, they give the expectations below; the test checks that each note still says
//! what the expectation was read from.

mod common;

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
    /// The source violates some relations; the note lists them after these words. The ids are
    /// the cells the arithmetic findings are anchored at (the printed totals).
    Violated(&'static str, &'static [&'static str]),
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
        // 总计 blank in eleven rows whose parts are not all 0 (R3), so the 总计 column does not
        // add up to （七）总计 805 (R2). The notes count the blank cells as 0.
        Notes::Violated(
            "SOURCE VIOLATIONS",
            &[
                "t3.granted.total",
                "t3.partial.total",
                "t3.withheld.state_secret.total",
                "t3.withheld.internal_affairs.total",
                "t3.withheld.process_info.total",
                "t3.withheld.query_service.total",
                "t3.unable.not_held.total",
                "t3.unable.needs_creation.total",
                "t3.unable.still_unclear.total",
                "t3.declined.petition.total",
                "t3.declined.repeated.total",
                "t3.total.total",
            ],
        ),
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
            Notes::Violated(words, anchors) => {
                assert!(
                    notes.contains(words),
                    "{name}: the notes no longer say `{words}`"
                );
                // Checked once the table is read: exactly the noted violations are found.
                if read > 0.9 {
                    assert_eq!(anchored(&arithmetic), sorted(anchors), "{name}");
                } else {
                    assert!(arithmetic.is_empty(), "{name}: {arithmetic:#?}");
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

/// The ids of the cells the findings are anchored at, sorted.
fn anchored(findings: &[&Finding]) -> Vec<String> {
    let mut ids: Vec<String> = findings
        .iter()
        .filter_map(|f| f.cells.first().map(|c| c.id.to_string()))
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Row labels of table 三 as the validation fixtures print them, by row key.
const T3_LABELS: &[(&str, &str)] = &[
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    (
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("withheld.state_secret", "1.属于国家秘密"),
    ("withheld.law_forbids", "2.其他法律行政法规禁止公开"),
    ("withheld.security_stability", "3.危及“三安全一稳定”"),
    ("withheld.third_party", "4.保护第三方合法权益"),
    ("withheld.internal_affairs", "5.属于三类内部事务信息"),
    ("withheld.process_info", "6.属于四类过程性信息"),
    ("withheld.enforcement_file", "7.属于行政执法案卷"),
    ("withheld.query_service", "8.属于行政查询事项"),
    ("unable.not_held", "1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.still_unclear", "3.补正后申请内容仍不明确"),
    ("declined.petition", "1.信访举报投诉类申请"),
    ("declined.repeated", "2.重复申请"),
    ("declined.publication", "3.要求提供公开出版物"),
    ("declined.excessive", "4.无正当理由大量反复申请"),
    (
        "declined.reconfirm",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other.no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.other", "3.其他"),
    ("other", "（六）其他处理"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// A report in the validation fixture's layout whose tables 三 and 四 hold the truth's numbers,
/// `/` where the truth has none (blank, placeholder or absent: all count as 0).
fn report_from_truth(truth: &serde_json::Value) -> Option<String> {
    let base = match truth["format"].as_str()? {
        "2021" => include_str!("fixtures/validate/report_2021.txt"),
        "2019" => include_str!("fixtures/validate/report_2019.txt"),
        _ => return None,
    };
    let cells = truth["cells"].as_object()?;
    let value = |id: String| {
        cells
            .get(&id)
            .filter(|v| v.is_number())
            .map_or_else(|| "/".to_string(), |v| v.to_string())
    };
    let mut out = String::new();
    for line in base.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let key = T3_LABELS
            .iter()
            .find(|(k, label)| {
                fields.iter().any(|f| f == label) && cells.contains_key(&format!("t3.{k}.total"))
            })
            .map(|(k, _)| *k);
        let is_t4 = fields.len() == 15 && fields.iter().all(|f| f.parse::<i64>().is_ok());
        if let Some(k) = key.filter(|_| fields.len() > 7) {
            let mut row: Vec<String> = fields[..fields.len() - 7]
                .iter()
                .map(|s| s.to_string())
                .collect();
            row.extend(
                common::REQUEST_COLUMNS
                    .iter()
                    .map(|c| value(format!("t3.{k}.{c}"))),
            );
            out.push_str(&row.join("\t"));
        } else if is_t4 {
            let row: Vec<String> = ["review", "suit_direct", "suit_after_review"]
                .iter()
                .flat_map(|g| {
                    ["upheld", "corrected", "other", "pending", "total"]
                        .iter()
                        .map(move |c| format!("t4.{g}.{c}"))
                })
                .map(value)
                .collect();
            out.push_str(&row.join("\t"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// The checker itself against the truth: tables 三 and 四 rebuilt from each truth file's
/// numbers give exactly the violations its notes record, whatever the parser reads today.
#[test]
fn the_truth_numbers_give_exactly_the_noted_violations() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/truth not found; the test did not run");
        return;
    };
    let mut checked = 0;
    for (stem, expected) in EXPECTED {
        let Ok(truth) = std::fs::read_to_string(shared.join("truth").join(format!("{stem}.json")))
        else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
        let Some(text) = report_from_truth(&truth) else {
            continue;
        };
        let parse = nianbao::parse(&text);
        assert!(!parse.has_errors(), "{stem}: {:#?}", parse.diagnostics());
        let findings = parse.report().validate();
        let arithmetic: Vec<&Finding> = findings.iter().filter(|f| f.is_arithmetic()).collect();
        let want: &[&str] = match expected {
            Notes::Violated(_, anchors) => anchors,
            _ => &[],
        };
        assert_eq!(
            anchored(&arithmetic),
            sorted(want),
            "{stem}: {arithmetic:#?}"
        );
        assert!(
            findings.iter().all(|f| f.code != codes::UNCHECKED),
            "{stem}: {findings:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} truth files checked");
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
