//! A fingerprint of a short training run of the "Watch a transformer learn" experiment on
//! the CPU backend: every loss of every step, bit for bit. The same number must come out
//! of a native build (SSE2 or AVX2) and a wasm32 build.

use playground_core::Experiment;
use playground_core::scenario::{LmModel, LmScenario};
use playground_lm::LmExperiment;

/// FNV-1a over the series of 25 training steps of a small transformer.
pub fn fingerprint() -> u64 {
    let mut s = LmScenario::with_defaults(7);
    s.model = LmModel { vocab: 12, context: 10, width: 32, heads: 4, layers: 2 };
    s.train.batch = 8;
    s.steps = 25;
    let mut e = LmExperiment::new(s).expect("valid scenario");
    e.run_to_end();
    e.series().fingerprint()
}

/// The export the JavaScript runner calls (u64 arrives as a BigInt).
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn nn_fingerprint() -> u64 {
    fingerprint()
}
