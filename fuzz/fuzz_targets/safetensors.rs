#![no_main]
//! libFuzzer on the `safetensors` target of crates/fuzz.

libfuzzer_sys::fuzz_target!(|data: &[u8]| playground_fuzz::run("safetensors", data));
