//! Every preset's numbers, shortened, against the recorded fingerprints: the same file a
//! wasm32 build must reproduce bit for bit (`tests/wasm.rs`; the web app's browser tests
//! can read it too). Regenerate after an intended change with
//! `UPDATE_FINGERPRINTS=1 cargo test -p playground-bayesopt --test fingerprints`.

#[test]
fn fingerprints_match_the_recorded_ones() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fingerprints.txt");
    let actual = playground_bayesopt::reference_fingerprints();
    assert_eq!(
        actual.len(),
        playground_core::presets::for_kind("bayesopt").count()
    );
    let text: String = actual
        .iter()
        .map(|(n, f)| format!("{n} {f:016x}\n"))
        .collect();
    if std::env::var_os("UPDATE_FINGERPRINTS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let recorded = std::fs::read_to_string(path).expect("tests/data/fingerprints.txt");
    assert_eq!(text, recorded, "a preset's numbers changed");
}
