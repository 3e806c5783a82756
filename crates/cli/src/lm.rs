//! `playground run` for transformer scenarios: train headless, on the CPU or the GPU.

use playground_core::Scenario;
use playground_core::scenario::{LmBackend, LmScenario};
use playground_lm::LmExperiment;
use playground_nn::{Backend, Cpu};

use crate::run::{RunArgs, execute};

/// Which backend the user asked for: the flag, else the scenario.
fn wanted(lm: &LmScenario, args: &RunArgs) -> LmBackend {
    match args.backend.as_deref() {
        Some("cpu") => LmBackend::Cpu,
        Some("gpu") => LmBackend::Gpu,
        Some(_) => LmBackend::Auto,
        None => lm.backend,
    }
}

pub fn run(scenario: &Scenario, lm: &LmScenario, args: &RunArgs) -> Result<(), String> {
    match wanted(lm, args) {
        LmBackend::Cpu => train(scenario, lm, args, Cpu::<f32>::new()),
        LmBackend::Gpu => match crate::gpu::open() {
            Ok(gpu) => train(scenario, lm, args, gpu),
            Err(e) => Err(format!("--backend gpu: no GPU backend here ({e})")),
        },
        LmBackend::Auto => match crate::gpu::open() {
            Ok(gpu) => train(scenario, lm, args, gpu),
            Err(e) => {
                eprintln!("note: training on the CPU ({e})");
                train(scenario, lm, args, Cpu::<f32>::new())
            }
        },
    }
}

fn train<B: Backend>(
    scenario: &Scenario,
    lm: &LmScenario,
    args: &RunArgs,
    backend: B,
) -> Result<(), String> {
    let mut exp = LmExperiment::with_backend(lm.clone(), backend).map_err(|e| e.to_string())?;
    let result = execute(args, scenario, &mut exp);
    if let Some(e) = exp.halted() {
        eprintln!("warning: training stopped early: {e}");
    }
    result
}
