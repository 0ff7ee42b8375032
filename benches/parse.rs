//! Throughput of `parse` + `cells()`: on each synthetic fixture (one per layout) and, when
//! ../shared/corpus exists, on every corpus file; on the whole corpus at once (MB/s); and on the
//! pathological families of issue #7, each at 1/64, 1/8 and 1 times the size the issue names
//! (one 10 MB line, 100,000 tabs, 10,000 repeated tables, …), so that growth is visible.
//!
//! `cargo bench --bench parse -- corpus` runs only the whole-corpus figure; `benches/growth.rs`
//! prints the 8×/1× ratios and the heap per input byte.

mod common;

use std::hint::black_box;

use common::{families, inputs, parse_and_cells};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

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

/// Families of pathological input, each at several sizes so that growth is visible.
fn pathological(c: &mut Criterion) {
    for family in families() {
        let mut g = c.benchmark_group(format!("pathological/{}", family.name));
        g.sample_size(10);
        for size in [
            family.issue_size / 64,
            family.issue_size / 8,
            family.issue_size,
        ] {
            let input = (family.make)(size);
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(input.len()), &input, |b, t| {
                b.iter(|| parse_and_cells(black_box(t)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, layouts, whole_corpus, pathological);
criterion_main!(benches);
