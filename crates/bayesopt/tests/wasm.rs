//! In wasm32 (`cargo test -p playground-bayesopt --target wasm32-unknown-unknown`, run by
//! wasm-bindgen-test-runner in Node): the presets' numbers equal the native build's.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn wasm_numbers_equal_native_numbers() {
    let recorded = include_str!("data/fingerprints.txt");
    let actual: String = playground_bayesopt::reference_fingerprints()
        .iter()
        .map(|(n, f)| format!("{n} {f:016x}\n"))
        .collect();
    assert_eq!(actual, recorded);
}
