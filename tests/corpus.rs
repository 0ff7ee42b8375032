//! The real reports in ../shared/corpus against ../shared/truth, when that folder exists.
//!
//! The five seed documents must be read completely and exactly. Every other corpus file must
//! never yield a wrong number: a cell may be left empty (and reported), never guessed.

mod common;

use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.join("corpus").is_dir().then_some(p)
}

fn is_seed(name: &str) -> bool {
    // 000_<16 hex>.txt … 004_<16 hex>.txt
    let b = name.as_bytes();
    name.len() == 24
        && name.ends_with(".txt")
        && b[0] == b'0'
        && b[1] == b'0'
        && (b'0'..=b'4').contains(&b[2])
        && b[3] == b'_'
        && name[4..20].bytes().all(|c| c.is_ascii_hexdigit())
}

struct Outcome {
    wrong: Vec<String>,
    missed: Vec<String>,
    meta: Vec<String>,
}

/// The file's text, as the crate's users read it: decoded by content (text or HTML, any
/// encoding) when the `encoding` feature is on.
fn read(path: &Path) -> (String, bool) {
    let bytes = std::fs::read(path).unwrap();
    #[cfg(feature = "encoding")]
    {
        let d = nianbao::parse_bytes(&bytes);
        (d.text().to_string(), d.is_html())
    }
    #[cfg(not(feature = "encoding"))]
    (String::from_utf8_lossy(&bytes).into_owned(), false)
}

fn parse_any(text: &str, html: bool) -> nianbao::Parse<'_> {
    #[cfg(feature = "html")]
    if html {
        return nianbao::parse_html(text);
    }
    let _ = html;
    nianbao::parse(text)
}

fn compare(path: &Path, truth: &serde_json::Value) -> Outcome {
    let (text, html) = read(path);
    let parse = parse_any(&text, html);
    let report = parse.report();
    let mut out = Outcome {
        wrong: Vec::new(),
        missed: Vec::new(),
        meta: Vec::new(),
    };
    let ambiguous: Vec<&str> = truth["ambiguous"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let got: std::collections::HashMap<&str, Option<f64>> = report
        .cells()
        .map(|e| (e.id.as_str(), e.value().map(|n| n.to_f64())))
        .collect();
    for (id, want) in truth["cells"].as_object().unwrap() {
        let g = got.get(id.as_str()).copied().flatten();
        match (want.as_f64(), g) {
            (None, None) => {}
            (Some(w), Some(g)) if (w - g).abs() < 1e-6 => {}
            (Some(_), None) if ambiguous.contains(&id.as_str()) => {}
            (Some(w), None) => out.missed.push(format!("{id}: want {w}")),
            (_, Some(g)) => out.wrong.push(format!("{id}: got {g}, want {want}")),
        }
    }
    let norm =
        |s: Option<&str>| s.map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let format = report.template.map(|t| t.as_str());
    if format != truth["format"].as_str() {
        out.meta
            .push(format!("format {format:?} ≠ {}", truth["format"]));
    }
    let title = parse.title_text();
    if norm(title.as_deref()) != norm(truth["title"].as_str()) {
        out.meta
            .push(format!("title {title:?} ≠ {}", truth["title"]));
    }
    let organ = report.title.organ.map(|o| parse.text(o.span).into_owned());
    if norm(organ.as_deref()) != norm(truth["organ"].as_str()) {
        out.meta.push(format!(
            "organ {:?} ≠ {}",
            report.title.organ.map(|o| o.text),
            truth["organ"]
        ));
    }
    if report.title.year.map(|y| u64::from(y.value)) != truth["year"].as_u64() {
        out.meta
            .push(format!("year {:?} ≠ {}", report.title.year, truth["year"]));
    }
    let spans = common::span_problems(&text, report);
    out.wrong.extend(spans);
    out
}

fn corpus_files(shared: &Path) -> Vec<(PathBuf, serde_json::Value)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(shared.join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let html = cfg!(all(feature = "html", feature = "encoding")) && name.ends_with(".html");
        if !(name.ends_with(".txt") || name.ends_with(".md") || html) {
            continue;
        }
        let stem = name.rsplit_once('.').unwrap().0;
        let truth = shared.join("truth").join(format!("{stem}.json"));
        if let Ok(t) = std::fs::read_to_string(&truth) {
            files.push((path, serde_json::from_str(&t).unwrap()));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn seeds_are_read_exactly() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the corpus test did not run");
        return;
    };
    let mut seen = 0;
    for (path, truth) in corpus_files(&shared) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !is_seed(&name) {
            continue;
        }
        seen += 1;
        let o = compare(&path, &truth);
        assert!(
            o.wrong.is_empty() && o.missed.is_empty() && o.meta.is_empty(),
            "{name}:\nwrong {:#?}\nmissed {:#?}\nmeta {:#?}",
            o.wrong,
            o.missed,
            o.meta
        );
    }
    assert_eq!(seen, 5, "the five seed documents");
}

#[test]
fn no_corpus_file_yields_a_wrong_number() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the corpus test did not run");
        return;
    };
    for (path, truth) in corpus_files(&shared) {
        let o = compare(&path, &truth);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        eprintln!(
            "{name}: {} missed, {} meta problems",
            o.missed.len(),
            o.meta.len()
        );
        assert!(o.wrong.is_empty(), "{name}: {:#?}", o.wrong);
    }
}

#[test]
fn every_prefix_of_every_seed_parses_without_panic() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the prefix test did not run");
        return;
    };
    for (path, _) in corpus_files(&shared) {
        if !is_seed(&path.file_name().unwrap().to_string_lossy()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.char_indices() {
            let prefix = &text[..i];
            let parse = nianbao::parse(prefix);
            let problems = common::span_problems(prefix, parse.report());
            assert!(
                problems.is_empty(),
                "{} cut at {i}: {problems:#?}",
                path.display()
            );
        }
    }
}

/// Every JSON object with a `span` and a `text` in `v`, checked against `src`.
#[cfg(feature = "serde")]
fn json_span_problems(
    v: &serde_json::Value,
    src: &str,
    path: &str,
    out: &mut Vec<String>,
    count: &mut usize,
) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(span), Some(text)) =
                (m.get("span"), m.get("text").and_then(|t| t.as_str()))
            {
                *count += 1;
                let (s, e) = (
                    span["start"].as_u64().unwrap_or(0) as usize,
                    span["end"].as_u64().unwrap_or(0) as usize,
                );
                if src.get(s..e) != Some(text) {
                    out.push(format!(
                        "{path}: {s}..{e} slices {:?}, text {text:?}",
                        src.get(s..e)
                    ));
                }
            }
            for (k, child) in m {
                json_span_problems(child, src, &format!("{path}.{k}"), out, count);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                json_span_problems(child, src, &format!("{path}[{i}]"), out, count);
            }
        }
        _ => {}
    }
}

#[cfg(feature = "serde")]
#[test]
fn dumped_json_spans_slice_to_their_text() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the dump span test did not run");
        return;
    };
    for (path, _) in corpus_files(&shared) {
        let (text, html) = read(&path);
        let parse = parse_any(&text, html);
        let json = serde_json::to_value(parse.report()).unwrap();
        let mut problems = Vec::new();
        let mut count = 0;
        json_span_problems(&json, &text, "report", &mut problems, &mut count);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
        assert!(count > 0);
    }
}

/// Every corpus file converted to GB18030 gives the same cells, title, organ, year and template
/// through `parse_bytes`.
#[cfg(all(feature = "encoding", feature = "html"))]
#[test]
fn gbk_copies_read_the_same() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared/corpus not found; the GBK test did not run");
        return;
    };
    let summary = |d: &nianbao::Decoded| {
        let p = d.parse();
        let r = p.report();
        (
            r.cells().map(|c| (c.id, c.value())).collect::<Vec<_>>(),
            p.title_text(),
            r.title.organ.map(|o| p.text(o.span).into_owned()),
            r.title.year.map(|y| y.value),
            r.template,
        )
    };
    for (path, _) in corpus_files(&shared) {
        let bytes = std::fs::read(&path).unwrap();
        let utf8 = nianbao::parse_bytes(&bytes);
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(utf8.text());
        assert!(!unmappable);
        let gbk = nianbao::parse_bytes(&gbk);
        assert_eq!(gbk.encoding(), "GB18030", "{}", path.display());
        assert_eq!(summary(&utf8), summary(&gbk), "{}", path.display());
    }
}
