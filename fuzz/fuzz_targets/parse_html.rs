//! `nianbao::parse_html` on arbitrary bytes (read as UTF-8, invalid sequences replaced): no
//! panic, and every property of `nianbao_fuzz::check` (spans into the page).
#![cfg_attr(fuzzing, no_main)]

fn parse_html(data: &[u8]) {
    let text = nianbao_fuzz::text(data);
    let parse = nianbao::parse_html(&text);
    nianbao_fuzz::check(&parse);
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| parse_html(data));

#[cfg(not(fuzzing))]
fn main() {
    nianbao_fuzz::replay(parse_html);
}
