//! Is WebGPU usable here? Detected once at start, shown as a badge, never fatal.
//!
//! `navigator.gpu` can be missing (old browser, or an insecure origin such as a LAN IP
//! over plain HTTP), present but give no adapter (blocked GPU, or Chromium without
//! `--enable-unsafe-webgpu` on machines it does not trust), or work.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GpuStatus {
    /// Still asking the browser.
    Checking,
    /// An adapter answered; the text describes it when the browser says.
    Available(String),
    /// The page is not a secure context, so browsers hide WebGPU.
    InsecureContext,
    /// This browser has no WebGPU.
    NoApi,
    /// WebGPU exists but offered no adapter.
    NoAdapter,
}

impl GpuStatus {
    /// Short badge text.
    pub fn badge(&self) -> &'static str {
        match self {
            GpuStatus::Checking => "checking for WebGPU…",
            GpuStatus::Available(_) => "WebGPU available",
            _ => "CPU only (no WebGPU)",
        }
    }

    /// A sentence saying why, for the badge's tooltip and the help text.
    pub fn explain(&self) -> String {
        match self {
            GpuStatus::Checking => "Asking the browser for a GPU adapter.".into(),
            GpuStatus::Available(name) if name.is_empty() => {
                "Neural demos train on your GPU through WebGPU.".into()
            }
            GpuStatus::Available(name) => {
                format!("Neural demos train on your GPU through WebGPU ({name}).")
            }
            GpuStatus::InsecureContext => "WebGPU is off because this page is not served over \
                HTTPS or from localhost (e.g. a LAN address over plain HTTP). Everything still \
                works on the CPU; open it at http://localhost or over HTTPS to use the GPU."
                .into(),
            GpuStatus::NoApi => "This browser has no WebGPU; everything runs on the CPU \
                (WebAssembly)."
                .into(),
            GpuStatus::NoAdapter => "WebGPU is present but no GPU adapter was offered (the GPU \
                may be blocked or unsupported); everything runs on the CPU (WebAssembly)."
                .into(),
        }
    }

    pub fn available(&self) -> bool {
        matches!(self, GpuStatus::Available(_))
    }
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Whether this thread (the page or a worker) has WebGPU's API at all: `navigator.gpu` in
/// a secure context. Says nothing of adapters; asks nothing of the browser.
pub fn api_here() -> bool {
    let global: JsValue = js_sys::global().into();
    let secure = get(&global, "isSecureContext").and_then(|v| v.as_bool()) == Some(true);
    secure && get(&global, "navigator").is_some_and(|n| get(&n, "gpu").is_some())
}

/// Ask the browser. Any exception becomes `NoAdapter`.
pub async fn detect() -> GpuStatus {
    let Some(window) = web_sys::window() else {
        return GpuStatus::NoApi;
    };
    if !window.is_secure_context() {
        return GpuStatus::InsecureContext;
    }
    let navigator: JsValue = window.navigator().into();
    let Some(gpu) = get(&navigator, "gpu") else {
        return GpuStatus::NoApi;
    };
    let Some(request) =
        get(&gpu, "requestAdapter").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return GpuStatus::NoApi;
    };
    let Ok(promise) = request.call0(&gpu) else {
        return GpuStatus::NoAdapter;
    };
    match JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(adapter) if !adapter.is_null() && !adapter.is_undefined() => {
            GpuStatus::Available(describe(&adapter))
        }
        _ => GpuStatus::NoAdapter,
    }
}

/// "vendor architecture" from `adapter.info`, when the browser tells.
fn describe(adapter: &JsValue) -> String {
    let Some(info) = get(adapter, "info") else {
        return String::new();
    };
    ["vendor", "architecture", "description"]
        .iter()
        .filter_map(|k| get(&info, k).and_then(|v| v.as_string()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
