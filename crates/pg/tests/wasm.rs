//! The same numbers in WebAssembly: every preset's fingerprint, computed in wasm32, equals
//! the one recorded natively (`tests/data/fingerprints.txt`, checked by `tests/it`).
//! Run with `cargo test -p playground-pg --target wasm32-unknown-unknown --test wasm`
//! (wasm-bindgen-test-runner, in Node.js).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn fingerprints_match_the_native_ones() {
    let recorded = include_str!("data/fingerprints.txt");
    let computed: String = playground_pg::reference_fingerprints()
        .iter()
        .map(|(n, f)| format!("{n} {f:016x}\n"))
        .collect();
    assert_eq!(computed, recorded);
}
