//! The page URL as state: the query string holds the Scenario (see core's URL form) and
//! the page's own `ui.` flags (read by `shell::opening`).

/// The current query string, without the `?`.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
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

/// Drop a trailing slash from the path (`/bandits/?…` → `/bandits?…`), keeping the query
/// and fragment. Static hosts without a single-page-app fallback serve a route from its
/// folder's `index.html` and redirect `/bandits` to `/bandits/`; the app's routes and the
/// links it shares have no trailing slash.
pub fn drop_trailing_slash() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let Ok(path) = location.pathname() else {
        return;
    };
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() || trimmed == path {
        return;
    }
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{trimmed}{search}{hash}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
