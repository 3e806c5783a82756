// Policy Playground's compute worker. The page sends the URL of its wasm-bindgen module
// and its compiled WebAssembly.Module; the worker starts the same module (nothing more
// to download or compile) and hands every later message to it (web/src/worker/mod.rs).
//
// The page may post its work straight after that first message: what arrives while the
// module starts waits here, in order, so the page never waits for the worker to say it is
// ready. The page's loader starts this script while the module still downloads
// (scripts/post-build.mjs), so the thread is up before the page's first long tasks.
//
// A failure to start is rethrown outside the promise, where the page's `error` listener
// sees it and runs the experiment on the page instead.
const early = [];
self.onmessage = ({ data }) => {
  self.onmessage = ({ data }) => early.push(data);
  start(data);
};

async function start({ bindings, module }) {
  try {
    const app = await import(bindings);
    // Helper workers for runs split over cores load the same bindings (runner/crew.rs).
    self.playgroundBindings = bindings;
    const wasm = await app.default({ module_or_path: module });
    // Where the experiment's memory is: bench/soak.mjs samples it.
    self.wasmMemory = wasm.memory;
    // The module's own handler replaces this script's, then gets what came meanwhile.
    app.worker_main();
    for (const data of early.splice(0)) self.onmessage(new MessageEvent("message", { data }));
  } catch (e) {
    setTimeout(() => { throw e; });
  }
}
