// Policy Playground's compute worker. The page sends the URL of its wasm-bindgen module
// and its compiled WebAssembly.Module; the worker starts the same module (nothing more
// to download or compile) and hands every later message to it (web/src/worker.rs).
// A failure to start is rethrown outside the promise, where the page's `error` listener
// sees it and runs the experiment on the page instead.
self.addEventListener("message", async ({ data }) => {
  try {
    const app = await import(data.bindings);
    // Helper workers for runs split over cores load the same bindings (runner/crew.rs).
    self.playgroundBindings = data.bindings;
    const wasm = await app.default({ module_or_path: data.module });
    // Where the experiment's memory is: bench/soak.mjs samples it.
    self.wasmMemory = wasm.memory;
    app.worker_main();
  } catch (e) {
    setTimeout(() => { throw e; });
  }
}, { once: true });
