//! The visitor's labels in browser storage: one entry per map, in the versioned label
//! file format (`playground_pref::reward_learning::labels`). An entry that cannot be read
//! is kept aside under another key and reported, never silently dropped; a write that
//! fails (storage full or off) is reported, and the labels stay on the page.

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

/// Write a map's labels; an error says the labels are still on the page.
pub fn save(file: &LabelFile) -> Result<(), String> {
    let failed = || {
        "Browser storage refused the labels (full or switched off): they stay on this page \
         until you reload; export them to keep them."
            .to_string()
    };
    let s = storage().ok_or_else(failed)?;
    s.set_item(&key(&file.map), &file.to_json())
        .map_err(|_| failed())
}

pub fn clear(map: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(map));
    }
}
