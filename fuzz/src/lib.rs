//! Shared code of the fuzz targets: the properties every parse must have, and a `main` that
//! replays saved inputs when a target is built without `--cfg fuzzing`.
//!
//! The properties are those of the integration tests (`tests/common/mod.rs`, included below),
//! so the fuzzer and `cargo test` check the same things.

#[allow(unreachable_pub, dead_code)]
#[path = "../../tests/common/mod.rs"]
mod common;

/// Check every property of `parse` (see `tests/common/mod.rs`, `parse_problems`), panicking
/// with the list of violations so that libFuzzer records the input as a crash.
pub fn check(parse: &nianbao::Parse<'_>) {
    let problems = common::parse_problems(parse);
    assert!(
        problems.is_empty(),
        "{} property violation(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Bytes as text, the way a scraper that does not know the encoding reads them: invalid UTF-8
/// becomes U+FFFD.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `main` of a target built without `--cfg fuzzing` (`cargo run --bin parse -- FILE…`): run
/// `target` on every file named on the command line, or on every file of a directory named
/// there, so a crash can be replayed and debugged on stable without libFuzzer.
pub fn replay(target: fn(&[u8])) {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let path = std::path::PathBuf::from(arg);
        match std::fs::read_dir(&path) {
            Ok(entries) => {
                let mut inside: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                inside.sort();
                files.extend(inside);
            }
            Err(_) => files.push(path),
        }
    }
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        target(&data);
    }
    println!(
        "{} input(s) replayed without a property violation",
        files.len()
    );
}
