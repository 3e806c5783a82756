//! Every preset's numbers, shortened, against the recorded fingerprints: the same file a
//! wasm32 build must reproduce bit for bit (`web/tests/browser.rs`, in headless Chromium).
//! Regenerate after an intended change with
//! `UPDATE_FINGERPRINTS=1 cargo test -p playground-bayesopt --test fingerprints`.

#[test]
fn fingerprints_match_the_recorded_ones() {
    let actual = playground_bayesopt::reference_fingerprints();
    assert_eq!(
        actual.len(),
        playground_core::presets::for_kind("bayesopt").count()
    );
    playground_testkit::assert_recorded(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fingerprints.txt"),
        &playground_testkit::fingerprint_lines(&actual),
    );
}
