//! Writes the shipped π_ref of the Tiny-LM Alignment Lab:
//! `cargo run --release -p playground-lm --example make_reference`.
//! It pretrains `model::pretraining(1, SHIPPED_STEPS)` on the CPU backend (bit-identical
//! wherever it runs) and saves the weights as safetensors in `crates/lm/data/`.

use playground_core::Experiment;
use playground_lm::LmExperiment;
use playground_lm::align::model::{SHIPPED_STEPS, pretraining};

fn main() {
    let mut run = LmExperiment::new(pretraining(1, SHIPPED_STEPS)).expect("a valid scenario");
    run.run_to_end();
    let loss = run.recent_loss().expect("steps were taken");
    let meta = [
        ("steps".to_string(), SHIPPED_STEPS.to_string()),
        ("final_loss".to_string(), format!("{loss:.4}")),
        (
            "entropy_rate".to_string(),
            format!("{:.4}", run.entropy_rate()),
        ),
    ];
    let bytes = playground_nn::safetensors::save(run.model(), &meta).expect("weights save");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/reference.safetensors");
    std::fs::write(path, &bytes).expect("the data folder is writable");
    println!(
        "π_ref: {} bytes, loss {loss:.4} vs entropy rate {:.4} nats/token → {path}",
        bytes.len(),
        run.entropy_rate()
    );
}
