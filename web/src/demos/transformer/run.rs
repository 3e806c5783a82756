//! The transformer's run as the shell's runner drives it: every step awaits the device
//! (a WebGPU readback, or at once on the CPU); on the GPU a host copy is kept every few
//! steps so a lost device costs at most those steps; a diverging loss stops the run with
//! advice. Inspection (samples, attention) and backend moves are jobs between steps.

use playground_core::Experiment;
use playground_core::scenario::LmScenario;
use playground_lm::LmExperiment;
use playground_lm::pretrain::AttentionMap;
use playground_nn::NnError;
use playground_nn::backend::gpu::Gpu;

use super::model::{AnyLm, BackendKind};
use crate::platform::dom::now_ms;
use crate::runner::Live;

/// While on the GPU, a host copy of the run is kept this often, to continue on the CPU
/// if the GPU is lost.
const CHECKPOINT_EVERY: usize = 100;
/// Length of the samples shown.
pub const SAMPLE_LEN: usize = 64;

/// Text sampled at a step: from the model, and from the true chain.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    pub step: usize,
    pub model: Vec<u32>,
    pub chain: Vec<u32>,
}

#[derive(Debug)]
pub struct TransformerRun {
    lm: AnyLm,
    context: usize,
    checkpoint: Option<AnyLm>,
    /// Training steps per second over the last frame.
    pub steps_per_s: f64,
}

impl TransformerRun {
    pub fn new(scenario: &LmScenario) -> Result<Self, String> {
        let lm = LmExperiment::new(scenario.clone())
            .map_err(|e| format!("this scenario cannot be trained: {e}"))?;
        Ok(TransformerRun {
            lm: AnyLm::Cpu(lm),
            context: scenario.model.context,
            checkpoint: None,
            steps_per_s: 0.0,
        })
    }

    pub fn kind(&self) -> BackendKind {
        self.lm.kind()
    }

    pub fn device(&self) -> String {
        self.lm.device()
    }

    pub fn parameter_count(&self) -> usize {
        self.lm.parameter_count()
    }

    /// One training step. On failure the weights stay as they were and the error says
    /// what to do; a lost GPU hands over to the CPU copy.
    async fn train_step(&mut self) -> Result<(), String> {
        match self.lm.step().await {
            Ok(_) => {
                if self.lm.kind() == BackendKind::Gpu
                    && self.lm.t().is_multiple_of(CHECKPOINT_EVERY)
                {
                    self.checkpoint = self.lm.move_to(BackendKind::Cpu).await.ok();
                }
                Ok(())
            }
            Err(e @ NnError::NonFinite { .. }) => Err(format!(
                "Training stopped: {e}. The weights are those before that step. Lower the \
                 learning rate or turn on gradient clipping in the scenario (that starts a new \
                 run), or press Reset."
            )),
            Err(e) => match (self.lm.kind(), self.checkpoint.take()) {
                (BackendKind::Gpu, Some(saved)) => {
                    let at = saved.t();
                    self.lm = saved;
                    Err(format!(
                        "The GPU stopped working ({e}). The run continues on the CPU from its \
                         copy at step {at}; press Play."
                    ))
                }
                _ => Err(format!(
                    "Training stopped: {e}. Press Reset to start again."
                )),
            },
        }
    }

    /// Move to the other backend; the loss continues from the same weights.
    pub async fn switch(&mut self, kind: BackendKind) -> Result<(), String> {
        if kind == self.lm.kind() {
            return Ok(());
        }
        let moved = self.lm.move_to(kind).await.map_err(|e| {
            format!(
                "Could not move to {}: {e}. Training stays on {}.",
                kind.label(),
                self.lm.kind().label()
            )
        })?;
        self.lm = moved;
        self.checkpoint = None;
        Ok(())
    }

    /// Samples from the model and the chain, and the first head's attention on the chain
    /// sample (what the model attends to when reading real text).
    pub async fn inspect(&self) -> Result<(Samples, AttentionMap), String> {
        let step = self.lm.t();
        let seed = step as u64;
        let chain = self.lm.sample_chain(SAMPLE_LEN, seed);
        let model = self.lm.sample_model(SAMPLE_LEN, seed).await;
        let attention = self
            .lm
            .attention(&chain[..self.context.min(chain.len())])
            .await;
        match (model, attention) {
            (Ok(model), Ok(map)) => Ok((Samples { step, model, chain }, map)),
            (Err(e), _) | (_, Err(e)) => Err(format!("Could not read the model: {e}")),
        }
    }
}

impl Live for TransformerRun {
    fn experiment(&self) -> &dyn Experiment {
        self.lm.experiment()
    }

    fn experiment_mut(&mut self) -> &mut dyn Experiment {
        self.lm.experiment_mut()
    }

    /// Every step goes through `train_step`, on either backend, so errors are handled in
    /// one place.
    fn waits(&self) -> bool {
        true
    }

    async fn advance(&mut self, deadline_ms: f64, quota: Option<usize>) -> Result<(), String> {
        let (start, t0) = (now_ms(), self.lm.t());
        let target = quota.map(|q| t0 + q);
        while !self.lm.experiment().is_done() && now_ms() < deadline_ms {
            if target.is_some_and(|t| self.lm.t() >= t) {
                break;
            }
            self.train_step().await?;
        }
        let seconds = (now_ms() - start).max(1.0) / 1000.0;
        if self.lm.t() > t0 {
            self.steps_per_s = (self.lm.t() - t0) as f64 / seconds;
        }
        Ok(())
    }

    async fn step(&mut self) -> Result<(), String> {
        if self.lm.experiment().is_done() {
            return Ok(());
        }
        self.train_step().await
    }

    /// "Final loss" means nothing mid-run: the checks show when training pauses or ends.
    fn checks_while_running(&self) -> bool {
        false
    }
}

/// Whether a GPU adapter exists and is real hardware, and a note when it is a software
/// rasteriser (SwiftShader, lavapipe): those work but are far slower than the CPU backend,
/// so `auto` does not pick them.
pub async fn hardware_gpu() -> (bool, Option<String>) {
    match Gpu::new().await {
        Ok(gpu) if gpu.is_software() => (
            false,
            Some(
                "WebGPU is available here, but its adapter is a software rasteriser (no GPU), \
                 which is far slower than the CPU backend: training on the CPU. Switch to WebGPU \
                 to compare (a step may take seconds)."
                    .into(),
            ),
        ),
        Ok(_) => (true, None),
        Err(_) => (false, None),
    }
}
