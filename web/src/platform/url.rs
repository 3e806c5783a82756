//! The page URL as state: the query string holds the Scenario (see core's URL form) and
//! the page's own `ui.` flags.

use playground_core::scenario::{UI_PREFIX, query_pairs, unescape};

/// The current query string, without the `?`.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// Page flags from `ui.` keys: `ui.embed=1` → ("embed", "1").
pub fn ui_flags(query: &str) -> Vec<(String, String)> {
    query_pairs(query)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix(UI_PREFIX)?.to_string();
            Some((name, unescape(&v).unwrap_or(v)))
        })
        .collect()
}

/// The value of one plain (non-`ui.`) key, e.g. `preset`.
pub fn plain_value(query: &str, key: &str) -> Option<String> {
    query_pairs(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| unescape(&v))
}

/// Whether the query holds a scenario (rather than nothing, or only a preset name).
pub fn has_scenario(query: &str) -> bool {
    query_pairs(query)
        .unwrap_or_default()
        .iter()
        .any(|(k, _)| k == "kind")
}

/// Replace the address bar's query without reloading or adding a history entry.
pub fn replace_query(path: &str, query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The page's origin, e.g. `http://127.0.0.1:8080`.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
