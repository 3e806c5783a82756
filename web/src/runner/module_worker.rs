//! A Web Worker running the page's own wasm module: `static/worker.js` imports the
//! bindings it is told and starts the compiled `WebAssembly.Module` posted to it, so
//! nothing more is downloaded or compiled. The page's compute worker is one (`remote.rs`),
//! and so is each helper that worker starts (`crew.rs`).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's script.
const SCRIPT: &str = "/worker.js";

pub(super) struct ModuleWorker {
    worker: Worker,
    /// The module is loaded there; until then messages wait in `queued`.
    ready: bool,
    queued: Vec<Vec<u8>>,
    _listeners: [Closure<dyn FnMut(Event)>; 2],
}

impl Drop for ModuleWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl ModuleWorker {
    /// Start one with the bindings at `bindings`; `heard` gets each message's bytes,
    /// `failed` is called if the script does not load or the module fails to start.
    pub(super) fn start(
        bindings: String,
        mut heard: impl FnMut(Vec<u8>) + 'static,
        mut failed: impl FnMut() + 'static,
    ) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options).map_err(|e| format!("{e:?}"))?;
        let on_message = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            if let Some(data) = e.dyn_ref::<MessageEvent>().map(MessageEvent::data) {
                heard(js_sys::Uint8Array::new(&data).to_vec());
            }
        });
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            failed();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&init, &k.into(), v);
        set("bindings", &bindings.into()).map_err(|e| format!("{e:?}"))?;
        set("module", &wasm_bindgen::module()).map_err(|e| format!("{e:?}"))?;
        worker.post_message(&init).map_err(|e| format!("{e:?}"))?;
        Ok(ModuleWorker {
            worker,
            ready: false,
            queued: Vec::new(),
            _listeners: [on_message, on_error],
        })
    }

    pub(super) fn is_ready(&self) -> bool {
        self.ready
    }

    /// Post `bytes`, or keep them until the module is loaded; false if posting failed.
    pub(super) fn post(&mut self, bytes: Vec<u8>) -> bool {
        if !self.ready {
            self.queued.push(bytes);
            return true;
        }
        let array = js_sys::Uint8Array::from(&bytes[..]);
        self.worker.post_message(&array).is_ok()
    }

    /// The module is loaded: post what waited. How many of those posts failed.
    pub(super) fn ready(&mut self) -> usize {
        self.ready = true;
        let queued = std::mem::take(&mut self.queued);
        queued
            .into_iter()
            .map(|bytes| self.post(bytes))
            .filter(|posted| !posted)
            .count()
    }

    pub(super) fn terminate(&self) {
        self.worker.terminate();
    }
}
