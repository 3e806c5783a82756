//! `playground run` for the scenarios that run a transformer (`transformer`,
//! `lm-alignment`): headless, on the CPU or the GPU. `auto` takes a hardware GPU and
//! says so; a software adapter (lavapipe, SwiftShader: wgpu's `DeviceType::Cpu`) is far
//! slower than the CPU backend, so `auto` passes it over and says why.

use playground_core::scenario::{AlignScenario, LmBackend, LmScenario};
use playground_core::{Experiment, Scenario};
use playground_lm::LmExperiment;
use playground_lm::align::AlignExperiment;
use playground_nn::backend::gpu::Gpu;
use playground_nn::{Backend, Cpu};

use crate::run::{RunArgs, execute};

/// Which backend the user asked for: the flag, else the scenario.
fn wanted(scenario_choice: LmBackend, args: &RunArgs) -> LmBackend {
    match args.backend.as_deref() {
        Some("cpu") => LmBackend::Cpu,
        Some("gpu") => LmBackend::Gpu,
        Some(_) => LmBackend::Auto,
        None => scenario_choice,
    }
}

/// The backend to run on: `None` is the CPU.
fn pick(wanted: LmBackend) -> Result<Option<Gpu>, String> {
    match wanted {
        LmBackend::Cpu => Ok(None),
        LmBackend::Gpu => crate::gpu::open()
            .map(Some)
            .map_err(|e| format!("--backend gpu: no GPU backend here ({e})")),
        LmBackend::Auto => match crate::gpu::open() {
            Ok(gpu) if gpu.is_software() => {
                eprintln!(
                    "note: on the CPU: the only GPU adapter is a software rasteriser ({}), far \
                     slower than the CPU backend; --backend gpu uses it anyway",
                    gpu.describe()
                );
                Ok(None)
            }
            Ok(gpu) => {
                eprintln!("note: on the GPU: {}", gpu.describe());
                Ok(Some(gpu))
            }
            Err(e) => {
                eprintln!("note: on the CPU (no GPU adapter: {e})");
                Ok(None)
            }
        },
    }
}

pub fn run(scenario: &Scenario, lm: &LmScenario, args: &RunArgs) -> Result<(), String> {
    match pick(wanted(lm.backend, args))? {
        None => train(scenario, lm, args, Cpu::<f32>::new()),
        Some(gpu) => train(scenario, lm, args, gpu),
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

pub fn run_alignment(scenario: &Scenario, a: &AlignScenario, args: &RunArgs) -> Result<(), String> {
    match pick(wanted(a.backend, args))? {
        None => align(scenario, a, args, Cpu::<f32>::new()),
        Some(gpu) => align(scenario, a, args, gpu),
    }
}

fn align<B: Backend>(
    scenario: &Scenario,
    a: &AlignScenario,
    args: &RunArgs,
    backend: B,
) -> Result<(), String> {
    let mut exp = AlignExperiment::with_backend(a.clone(), backend).map_err(|e| e.to_string())?;
    let result = execute(args, scenario, &mut exp);
    if let Some(why) = exp.halted() {
        eprintln!("warning: the run stopped early at step {}: {why}", exp.t());
    }
    result
}
