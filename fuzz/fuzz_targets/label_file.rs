#![no_main]
//! libFuzzer on the `label_file` target of crates/fuzz.

libfuzzer_sys::fuzz_target!(|data: &[u8]| playground_fuzz::run("label_file", data));
