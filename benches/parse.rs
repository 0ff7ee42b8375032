//! Throughput of `parse` + `cells()` on the synthetic fixtures (one per layout) and, when
//! ../shared/corpus exists, on every corpus file; and growth on pathological inputs.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn parse_and_cells(text: &str) -> usize {
    let parse = nianbao::parse(text);
    parse
        .report()
        .cells()
        .filter(|c| c.value().is_some())
        .count()
        + parse.diagnostics().len()
}

fn inputs() -> Vec<(String, String)> {
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
            if !matches!(ext, "txt" | "md") {
                continue;
            }
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push((p.file_name().unwrap().to_string_lossy().into_owned(), t));
            }
        }
    }
    out
}

fn layouts(c: &mut Criterion) {
    let mut g = c.benchmark_group("layout");
    for (name, text) in inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, t| {
            b.iter(|| parse_and_cells(black_box(t)))
        });
    }
    g.finish();
}

fn whole_corpus(c: &mut Criterion) {
    let all = inputs();
    let bytes: usize = all.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("all", |b| {
        b.iter(|| {
            all.iter()
                .map(|(_, t)| parse_and_cells(black_box(t)))
                .sum::<usize>()
        })
    });
    g.finish();
}

/// A generator of input of about `n` bytes.
type Family = Box<dyn Fn(usize) -> String>;

/// Families of pathological input, each at several sizes so that growth is visible.
fn pathological(c: &mut Criterion) {
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/tab_merged.txt"),
    )
    .unwrap_or_default();
    let families: Vec<(&str, Family)> = vec![
        ("one_long_line", Box::new(|n| "数".repeat(n / 3))),
        ("tabs", Box::new(|n| "\t".repeat(n))),
        (
            "repeated_tables",
            Box::new(move |n| sample.repeat((n / sample.len().max(1)).max(1))),
        ),
        (
            "only_headings",
            Box::new(|n| "一、总体情况\n".repeat(n / 19)),
        ),
        ("digits_one_line", Box::new(|n| "0".repeat(n))),
        ("cells_per_line", Box::new(|n| "0\n".repeat(n / 2))),
    ];
    for (name, make) in families {
        let mut g = c.benchmark_group(format!("pathological/{name}"));
        g.sample_size(10);
        for size in [100_000usize, 800_000] {
            let input = make(size);
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, t| {
                b.iter(|| parse_and_cells(black_box(t)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, layouts, whole_corpus, pathological);
criterion_main!(benches);
