//! Downloads, clipboard, fullscreen, file reading, timing, storage.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `performance.now()`: a page's and a worker's alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Milliseconds since the page (or the worker) started (monotonic).
pub fn now_ms() -> f64 {
    performance_now()
}

/// Whether this code runs on the page (not in a worker).
pub fn on_page() -> bool {
    web_sys::window().is_some()
}

/// A named point on the page's performance timeline (read by tests and benchmarks).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The screen's device-pixel ratio (2 on most phones and laptops with high-DPI screens).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0)
}

/// Offer `bytes` as a file download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("could not make the file: {e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| format!("could not make the file: {e:?}"))?;
    let result = click_link(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// Offer a `data:` URL (e.g. a canvas PNG) as a download.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    click_link(url, name)
}

fn click_link(href: &str, name: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Copy text to the clipboard. Fails where the page may not (e.g. an insecure origin).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .map(|w| w.navigator().clipboard())
        .ok_or("no clipboard")?;
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard; copy the text by hand".into())
}

/// Enter or leave fullscreen for the whole page.
pub fn toggle_fullscreen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(el) = doc.document_element() {
        let _ = el.request_fullscreen();
    }
}

/// Read a file the user picked, as text.
pub async fn read_file_text(file: web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_string())?
        .as_string()
        .ok_or_else(|| "the file is not text".to_string())
}

/// A value kept in localStorage (theme choice and the like); None when storage is off.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}

/// Whether the user's system asks for a dark theme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Register the service worker that keeps the app working offline once loaded.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // `serviceWorker` is absent on insecure origins; the getter then returns undefined.
    if JsValue::from(container.clone()).is_undefined() {
        return;
    }
    let _ = container.register("/sw.js");
}

/// A random seed below 2⁵³ (for the Reseed button; seeds must stay exact in JavaScript).
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 1e9).floor() as u64
}
