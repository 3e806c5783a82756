//! The experiment on whichever backend it runs now: the CPU (WebAssembly) or WebGPU.

use playground_core::Experiment;
use playground_lm::LmExperiment;
use playground_lm::pretrain::AttentionMap;
use playground_nn::backend::gpu::Gpu;
use playground_nn::sample::Sampling;
use playground_nn::{Cpu, NnError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    Cpu,
    Gpu,
}

impl BackendKind {
    pub fn label(self) -> &'static str {
        match self {
            BackendKind::Cpu => "CPU (WebAssembly)",
            BackendKind::Gpu => "WebGPU",
        }
    }
}

/// An `LmExperiment` on one of the two backends. The web page holds one of these and
/// moves it between backends; the numbers carry over through the host.
#[derive(Debug)]
pub enum AnyLm {
    Cpu(LmExperiment<Cpu<f32>>),
    Gpu(LmExperiment<Gpu>),
}

/// Apply the same expression to whichever experiment is inside.
macro_rules! on_any {
    ($self:expr, $e:ident => $body:expr) => {
        match $self {
            AnyLm::Cpu($e) => $body,
            AnyLm::Gpu($e) => $body,
        }
    };
}

impl AnyLm {
    pub fn kind(&self) -> BackendKind {
        match self {
            AnyLm::Cpu(_) => BackendKind::Cpu,
            AnyLm::Gpu(_) => BackendKind::Gpu,
        }
    }

    /// A sentence naming the device.
    pub fn device(&self) -> String {
        match self {
            AnyLm::Cpu(_) => "the CPU, in WebAssembly (one thread)".into(),
            AnyLm::Gpu(e) => format!("WebGPU: {}", e.backend().describe()),
        }
    }

    pub async fn step(&mut self) -> Result<f64, NnError> {
        on_any!(self, e => e.train_step_async().await)
    }

    pub fn t(&self) -> usize {
        on_any!(self, e => e.t())
    }

    pub fn experiment(&self) -> &dyn Experiment {
        on_any!(self, e => e)
    }

    pub fn experiment_mut(&mut self) -> &mut dyn Experiment {
        on_any!(self, e => e)
    }

    pub fn parameter_count(&self) -> usize {
        on_any!(self, e => playground_nn::params::count(e.model()))
    }

    pub fn sample_chain(&self, len: usize, seed: u64) -> Vec<u32> {
        on_any!(self, e => e.sample_chain(len, seed))
    }

    pub async fn sample_model(&self, len: usize, seed: u64) -> Result<Vec<u32>, NnError> {
        on_any!(self, e => e.sample_model_async(len, Sampling::default(), seed).await)
    }

    pub async fn attention(&self, tokens: &[u32]) -> Result<AttentionMap, NnError> {
        on_any!(self, e => e.attention_async(tokens).await)
    }

    /// The same run, weights and optimiser state, on the other backend.
    pub async fn move_to(&self, target: BackendKind) -> Result<AnyLm, NnError> {
        Ok(match target {
            BackendKind::Cpu => {
                AnyLm::Cpu(on_any!(self, e => e.to_backend_async(Cpu::<f32>::new()).await?))
            }
            BackendKind::Gpu => {
                let gpu = Gpu::new().await?;
                AnyLm::Gpu(on_any!(self, e => e.to_backend_async(gpu).await?))
            }
        })
    }
}
