//! The visitor's labels in browser storage: one entry per map, in the versioned label
//! file format (`playground_pref::reward_learning::labels`). An entry that cannot be read
//! is kept aside under another key and reported, never silently dropped; a write that
//! fails (storage full or off) is reported, and the labels stay on the page. Two tabs
//! labelling the same map at once both keep their labels: a write adds to what is stored
//! now rather than replacing it, and a tab reloads the labels when another writes them.

use playground_core::series::Fnv1a;
use playground_pref::reward_learning::labels::{LabelFile, normalise_map};

const PREFIX: &str = "policy-playground.reward-labels.";

/// The storage key of a map's labels: its rows hashed (FNV-1a), so a renamed preset with
/// the same map finds them.
pub fn key(map: &str) -> String {
    let mut h = Fnv1a::new();
    h.eat(normalise_map(map).as_bytes());
    format!("{PREFIX}{:016x}", h.finish())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The labels stored for a map (none stored: an empty file), and a message when the
/// stored entry was unreadable and has been set aside.
pub fn load(map: &str) -> (LabelFile, Option<String>) {
    let empty = LabelFile::new(map);
    let Some(text) = storage().and_then(|s| s.get_item(&key(map)).ok().flatten()) else {
        return (empty, None);
    };
    match LabelFile::from_json(&text) {
        Ok(file) if file.map == empty.map => (file, None),
        Ok(_) => (empty, Some(set_aside(map, &text, "it is for another map"))),
        Err(e) => (empty, Some(set_aside(map, &text, &e))),
    }
}

/// Keep an unreadable entry under a key of its own and say where.
fn set_aside(map: &str, text: &str, why: &str) -> String {
    let aside = format!("{}.unreadable", key(map));
    let kept = storage().is_some_and(|s| s.set_item(&aside, text).is_ok());
    if kept {
        format!(
            "Your stored labels for this map could not be read ({why}). They are kept in \
             browser storage under \"{aside}\"; new labels start afresh."
        )
    } else {
        format!("Your stored labels for this map could not be read ({why}).")
    }
}

/// Write a map's labels added to those stored now (another tab may have written some
/// since this page read them), and return them all; an error says the labels are still
/// on the page.
pub fn save(file: &LabelFile) -> Result<LabelFile, String> {
    let failed = || {
        "Browser storage refused the labels (full or switched off): they stay on this page \
         until you reload; export them to keep them."
            .to_string()
    };
    let s = storage().ok_or_else(failed)?;
    let (stored, _) = load(&file.map);
    let merged = merge(stored, file);
    s.set_item(&key(&file.map), &merged.to_json())
        .map_err(|_| failed())?;
    Ok(merged)
}

/// `stored` with the labels of `page` it lacks, counting repeats: a label given twice on
/// the page and once in storage is added once more.
fn merge(mut stored: LabelFile, page: &LabelFile) -> LabelFile {
    let mut matched = vec![false; stored.labels.len()];
    for label in &page.labels {
        let found = (0..matched.len()).find(|&i| !matched[i] && stored.labels[i] == *label);
        match found {
            Some(i) => matched[i] = true,
            None => stored.labels.push(label.clone()),
        }
    }
    stored
}

pub fn clear(map: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(map));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_pref::reward_learning::labels::{HumanAnswer, StoredLabel, StoredSegment};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn label(answer: HumanAnswer) -> StoredLabel {
        let segment = StoredSegment {
            cells: vec![[0, 0], [0, 1]],
            moves: vec![playground_core::scenario::Move::Right],
        };
        StoredLabel {
            first: segment.clone(),
            second: segment,
            answer,
        }
    }

    #[wasm_bindgen_test]
    fn a_write_adds_what_storage_lacks_counting_repeats() {
        let (a, b) = (label(HumanAnswer::First), label(HumanAnswer::Second));
        let mut stored = LabelFile::new("S.");
        stored.labels = vec![a.clone(), b.clone()];
        let mut page = LabelFile::new("S.");
        // This tab saw `a` once from storage, then gave `a` again and a `b` of its own.
        page.labels = vec![a.clone(), a.clone(), b.clone()];
        let merged = merge(stored, &page);
        assert_eq!(merged.labels, vec![a.clone(), b.clone(), a]);
    }
}
