//! `nianbao::parse_bytes` on arbitrary bytes (any encoding, HTML or text sniffed): no panic, and
//! every property of `nianbao_fuzz::check` on the decoded text.
#![cfg_attr(fuzzing, no_main)]

fn parse_bytes(data: &[u8]) {
    let decoded = nianbao::parse_bytes(data);
    let parse = decoded.parse();
    nianbao_fuzz::check(&parse);
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| parse_bytes(data));

#[cfg(not(fuzzing))]
fn main() {
    nianbao_fuzz::replay(parse_bytes);
}
