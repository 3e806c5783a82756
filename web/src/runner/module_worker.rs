//! A Web Worker running the page's own wasm module: `static/worker.js` imports the
//! bindings it is told and starts the compiled `WebAssembly.Module` posted to it, so
//! nothing more is downloaded or compiled. The page's compute worker is one (`remote.rs`),
//! and so is each helper that worker starts (`crew.rs`).
//!
//! Messages go straight out: the script keeps those that arrive while the module starts
//! and hands them on in order, so a run's first request never waits for a round trip
//! through the page (which is busy laying itself out just then).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's script.
const SCRIPT: &str = "/worker.js";

/// Where the page's loader leaves the worker it started while the module downloaded
/// (`scripts/post-build.mjs`), and the flag it sets on it if its script failed to load.
const SPARE: &str = "ppSpareWorker";
const SPARE_FAILED: &str = "failed";

pub(super) struct ModuleWorker {
    worker: Worker,
    _listeners: [Closure<dyn FnMut(Event)>; 2],
}

impl Drop for ModuleWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl ModuleWorker {
    /// Start one with the bindings at `bindings` (taking the loader's spare if there is
    /// one); `heard` gets each message's bytes, `failed` is called if the script does not
    /// load or the module fails to start.
    pub(super) fn start(
        bindings: String,
        mut heard: impl FnMut(Vec<u8>) + 'static,
        mut failed: impl FnMut() + 'static,
    ) -> Result<Self, String> {
        let worker = match take_spare() {
            Some(spare) => spare,
            None => {
                let options = WorkerOptions::new();
                options.set_type(WorkerType::Module);
                Worker::new_with_options(SCRIPT, &options).map_err(|e| format!("{e:?}"))?
            }
        };
        let on_message = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            if let Some(data) = e.dyn_ref::<MessageEvent>().map(MessageEvent::data) {
                heard(super::protocol::bytes_of(data));
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
            _listeners: [on_message, on_error],
        })
    }

    /// Post `bytes`; false if posting failed.
    pub(super) fn post(&self, bytes: &[u8]) -> bool {
        let array = js_sys::Uint8Array::from(bytes);
        self.worker.post_message(&array).is_ok()
    }

    pub(super) fn terminate(&self) {
        self.worker.terminate();
    }
}

/// The worker the page's loader started, the first time a page's run asks, unless its
/// script failed to load (then a new one fails the same way, and says so). Inside a
/// worker there is none.
fn take_spare() -> Option<Worker> {
    let window = web_sys::window()?;
    let spare = js_sys::Reflect::get(&window, &SPARE.into()).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &SPARE.into());
    let worker = spare.dyn_into::<Worker>().ok()?;
    let failed = js_sys::Reflect::get(&worker, &SPARE_FAILED.into()).is_ok_and(|f| f.is_truthy());
    if failed {
        worker.terminate();
        return None;
    }
    Some(worker)
}
