#![no_main]
//! libFuzzer on the `scenario_toml` target of crates/fuzz.

libfuzzer_sys::fuzz_target!(|data: &[u8]| playground_fuzz::run("scenario_toml", data));
