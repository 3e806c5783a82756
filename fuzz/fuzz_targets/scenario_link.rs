#![no_main]
//! libFuzzer on the `scenario_link` target of crates/fuzz.

libfuzzer_sys::fuzz_target!(|data: &[u8]| playground_fuzz::run("scenario_link", data));
