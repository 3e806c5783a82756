//! Fetching a file of the site, from the page or from the compute worker alike.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`: a window's and a worker's alike.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> js_sys::Promise;
}

/// The bytes of `url`, or why not.
pub async fn bytes(url: &str) -> Result<Vec<u8>, String> {
    let failed = |e: JsValue| format!("could not fetch {url}: {}", one_line(&e));
    let response: web_sys::Response = JsFuture::from(global_fetch(url))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn one_line(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok()?.as_string())
        .unwrap_or_else(|| "the network failed".into())
}
