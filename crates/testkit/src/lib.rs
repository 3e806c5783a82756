//! What the crates' tests share: the recorded fingerprints of presets' numbers.
//!
//! A lab's `reference_fingerprints` runs its presets (shortened) and hashes every number's
//! bits. Its tests compare the result with a file recorded in the repository, natively
//! and in wasm32 in headless Chromium (`web/tests/browser.rs`): a platform whose numbers
//! differ from the recorded ones by a single bit fails.

/// Fingerprints as their recorded file holds them: a line "name hex" each.
pub fn fingerprint_lines(named: &[(&str, u64)]) -> String {
    named
        .iter()
        .map(|(n, f)| format!("{n} {f:016x}\n"))
        .collect()
}

/// One fingerprint alone, as its recorded file holds it.
pub fn fingerprint_line(fingerprint: u64) -> String {
    format!("{fingerprint:016x}\n")
}

/// Assert that `actual` is the text of the file recorded at `path`. After an intended
/// change of the numbers, run the crate's tests with `UPDATE_FINGERPRINTS=1`: the file is
/// rewritten with `actual` first (and the diff shows in review).
#[track_caller]
pub fn assert_recorded(path: &str, actual: &str) {
    if std::env::var_os("UPDATE_FINGERPRINTS").is_some() {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("writing {path}: {e}"));
    }
    let recorded = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(
        actual, recorded,
        "the numbers differ from those recorded in {path}: if the change is intended, \
         rerun with UPDATE_FINGERPRINTS=1"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_hold_a_name_and_sixteen_hex_digits() {
        assert_eq!(
            fingerprint_lines(&[("a", 1), ("b-c", u64::MAX)]),
            "a 0000000000000001\nb-c ffffffffffffffff\n"
        );
        assert_eq!(fingerprint_line(0xabc), "0000000000000abc\n");
    }
}
