//! The run as the shell's runner drives it: every unit of work awaits the device (a
//! WebGPU readback, or at once on the CPU); on the GPU a host copy is kept (from the
//! moment the run moves there, then every few steps or seconds), so when the device is lost
//! the run goes on by itself on the CPU from the last completed step (the steps since the
//! copy are done again there); a diverging run stops with the lab's advice.

use playground_core::Experiment;
use playground_core::scenario::LmBackend;
use playground_nn::backend::gpu::Gpu;
use playground_nn::{Backend, Cpu, NnError};

use serde::{Deserialize, Serialize};

use super::{BackendKind, Device};
use crate::platform::dom::now_ms;
use crate::runner::Live;

/// While on the GPU, a host copy of the run is kept this often (in steps)…
const CHECKPOINT_EVERY: usize = 100;
/// …or after this long: a lost GPU costs at most a second of its work (on a slow one,
/// which takes a second or more a step, that is the step it was on).
const CHECKPOINT_PERIOD_MS: f64 = 1_000.0;

/// A family of experiments that exist on every backend and move between them.
#[allow(async_fn_in_trait)] // driven on one thread by `spawn_local`: no Send bound wanted
pub trait OnBackend: Sized + 'static {
    type On<B: Backend>: Experiment + std::fmt::Debug + 'static;

    /// One unit of work (a training step, or one learner's step).
    async fn unit<B: Backend>(e: &mut Self::On<B>) -> Result<(), NnError>;

    /// The same run on another backend, continuing from exactly this state.
    async fn moved<B: Backend, B2: Backend>(
        e: &Self::On<B>,
        to: B2,
    ) -> Result<Self::On<B2>, NnError>;

    fn backend<B: Backend>(e: &Self::On<B>) -> &B;

    /// What to tell the user when a unit fails without the device being lost (a loss
    /// that is not finite, a policy that ran away).
    fn stopped<B: Backend>(e: &Self::On<B>, error: &NnError) -> String;

    /// Tokens the model has processed in training so far (for the tokens/s readout).
    fn tokens<B: Backend>(e: &Self::On<B>) -> u64;
}

/// Where a run computes and how fast, as the page shows it (badge, switch, readout).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceStatus {
    pub kind: BackendKind,
    /// A sentence naming the device.
    pub device: String,
    pub lost_gpu: Option<String>,
    pub steps_per_s: f64,
    pub tokens_per_s: f64,
}

/// How long the rates are measured over. A frame's slice of work holds one or two steps
/// of a large model, so a rate per slice jumped between two values; over half a second
/// it holds still and still follows a change of backend at once.
const PACE_MS: f64 = 500.0;

/// Work done while playing since the rates were last worked out.
#[derive(Debug)]
struct Pace {
    steps: usize,
    tokens: u64,
    ms: f64,
    /// Work the rates out after the next slice (a new run, a new backend).
    soon: bool,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            steps: 0,
            tokens: 0,
            ms: 0.0,
            soon: true,
        }
    }
}

#[derive(Debug)]
pub struct DeviceRun<F: OnBackend> {
    pub run: Device<F>,
    /// While on the GPU: the run on the CPU as it was at a recent step, and when it was
    /// copied (page clock).
    checkpoint: Option<(Device<F>, f64)>,
    /// Steps and tokens per second, as the readout shows them, and the work since they
    /// were last worked out.
    pub steps_per_s: f64,
    pub tokens_per_s: f64,
    pace: Pace,
    /// Set when the GPU was lost and the run went on from its copy on the CPU: what
    /// happened, for the page to say (and to keep the run on the CPU).
    pub lost_gpu: Option<String>,
    /// Where the run moves before its first step.
    first_on: Option<BackendKind>,
}

impl<F: OnBackend> DeviceRun<F> {
    /// A run built on the CPU for a scenario that asks for `backend`. One that names the
    /// GPU moves there before its first step, so every step is computed there (at full
    /// speed a short run would end before the page's move arrived); the page moves an
    /// `auto` run once it has looked at the GPU, and says why a move failed.
    pub fn new(e: F::On<Cpu<f32>>, backend: LmBackend) -> Self {
        DeviceRun {
            run: Device::Cpu(e),
            checkpoint: None,
            steps_per_s: 0.0,
            tokens_per_s: 0.0,
            pace: Pace::default(),
            lost_gpu: None,
            first_on: (backend == LmBackend::Gpu).then_some(BackendKind::Gpu),
        }
    }

    pub fn kind(&self) -> BackendKind {
        match self.run {
            Device::Cpu(_) => BackendKind::Cpu,
            Device::Gpu(_) => BackendKind::Gpu,
        }
    }

    pub fn status(&self) -> DeviceStatus {
        DeviceStatus {
            kind: self.kind(),
            device: self.device(),
            lost_gpu: self.lost_gpu.clone(),
            steps_per_s: self.steps_per_s,
            tokens_per_s: self.tokens_per_s,
        }
    }

    /// A sentence naming the device.
    pub fn device(&self) -> String {
        match &self.run {
            Device::Cpu(_) => "the CPU, in WebAssembly (one thread)".into(),
            Device::Gpu(e) if crate::platform::dom::on_page() => format!(
                "WebGPU: {}, from the page's own thread (no worker could compute on it)",
                F::backend(e).describe()
            ),
            Device::Gpu(e) => format!("WebGPU: {}", F::backend(e).describe()),
        }
    }

    fn t(&self) -> usize {
        crate::on_device!(&self.run, e => e.t())
    }

    fn tokens(&self) -> u64 {
        crate::on_device!(&self.run, e => F::tokens(e))
    }

    /// The same run on `target`.
    async fn moved(&self, target: BackendKind) -> Result<Device<F>, NnError> {
        Ok(match target {
            BackendKind::Cpu => Device::Cpu(
                crate::on_device!(&self.run, e => F::moved(e, Cpu::<f32>::new()).await?),
            ),
            BackendKind::Gpu => {
                let gpu = Gpu::new().await?;
                Device::Gpu(crate::on_device!(&self.run, e => F::moved(e, gpu).await?))
            }
        })
    }

    /// Move to the other backend; the numbers continue from the same state.
    pub async fn switch(&mut self, kind: BackendKind) -> Result<(), String> {
        if kind == self.kind() {
            return Ok(());
        }
        let moved = self.moved(kind).await.map_err(|e| {
            format!(
                "Could not move to {}: {e}. The run stays on {}.",
                kind.label(),
                self.kind().label()
            )
        })?;
        let before = std::mem::replace(&mut self.run, moved);
        // Moving to the GPU, the CPU run it came from is the first host copy.
        self.checkpoint = (kind == BackendKind::Gpu).then(|| (before, now_ms()));
        self.lost_gpu = None;
        self.pace = Pace::default();
        Ok(())
    }

    /// One unit of work. On failure the state stays as it was and the message says what
    /// to do; a lost GPU hands over to the CPU copy and the run goes on.
    async fn unit(&mut self) -> Result<(), String> {
        if let Some(kind) = self.first_on.take() {
            // Where it cannot, the run stays on the CPU; the page's own move (to the
            // scenario's backend) then fails with the reason, which it shows.
            let _ = self.switch(kind).await;
        }
        let t = self.t();
        let result = crate::on_device!(&mut self.run, e => F::unit(e).await);
        match result {
            Ok(()) => {
                self.keep_copy(t).await;
                Ok(())
            }
            Err(e @ NnError::NonFinite { .. }) => {
                Err(crate::on_device!(&self.run, x => F::stopped(x, &e)))
            }
            Err(e) => match (self.kind(), self.checkpoint.take()) {
                (BackendKind::Gpu, Some((saved, _))) => {
                    let at = crate::on_device!(&saved, x => x.t());
                    self.run = saved;
                    self.catch_up(t).await?;
                    self.lost_gpu = Some(format!(
                        "The GPU stopped working during step {} ({e}). Training goes on on the \
                         CPU from step {t}, the last completed one: the steps since its copy at \
                         step {at} were computed again there.",
                        t + 1
                    ));
                    Ok(())
                }
                _ => Err(format!("The run stopped: {e}. Press Reset to start again.")),
            },
        }
    }

    /// Back on the CPU from an older copy: redo the steps up to `t`, the last one the GPU
    /// completed, so the run goes on from where it was (the numbers equal the GPU's to
    /// about 1e-4, as any CPU and GPU run do).
    async fn catch_up(&mut self, t: usize) -> Result<(), String> {
        while self.t() < t {
            if let Err(e) = crate::on_device!(&mut self.run, x => F::unit(x).await) {
                return Err(crate::on_device!(&self.run, x => F::stopped(x, &e)));
            }
        }
        Ok(())
    }

    /// On the GPU, after a step that ended at a multiple of `CHECKPOINT_EVERY` or long
    /// enough after the last copy, copy the run to the host.
    async fn keep_copy(&mut self, t_before: usize) {
        let t = self.t();
        if self.kind() != BackendKind::Gpu || t == t_before {
            return;
        }
        let since = self
            .checkpoint
            .as_ref()
            .map_or(f64::INFINITY, |c| now_ms() - c.1);
        if !t.is_multiple_of(CHECKPOINT_EVERY) && since < CHECKPOINT_PERIOD_MS {
            return;
        }
        // A copy that fails (the device going) leaves the previous one in place.
        if let Ok(copy) = self.moved(BackendKind::Cpu).await {
            self.checkpoint = Some((copy, now_ms()));
        }
    }
}

impl<F: OnBackend> Live for DeviceRun<F> {
    fn experiment(&self) -> &dyn Experiment {
        crate::on_device!(&self.run, e => e)
    }

    fn experiment_mut(&mut self) -> &mut dyn Experiment {
        crate::on_device!(&mut self.run, e => e)
    }

    /// Every unit goes through `unit`, on either backend, so errors are handled in one
    /// place.
    fn waits(&self) -> bool {
        true
    }

    async fn advance(&mut self, deadline_ms: f64, quota: Option<usize>) -> Result<(), String> {
        let (start, t0, tokens0) = (now_ms(), self.t(), self.tokens());
        let target = quota.map(|q| t0 + q);
        while !self.experiment().is_done() && now_ms() < deadline_ms {
            if target.is_some_and(|t| self.t() >= t) {
                break;
            }
            self.unit().await?;
        }
        self.pace.steps += self.t() - t0;
        self.pace.tokens += self.tokens() - tokens0;
        self.pace.ms += now_ms() - start;
        if self.pace.steps > 0 && (self.pace.ms >= PACE_MS || self.pace.soon) {
            let seconds = self.pace.ms.max(1.0) / 1000.0;
            self.steps_per_s = self.pace.steps as f64 / seconds;
            self.tokens_per_s = self.pace.tokens as f64 / seconds;
            self.pace = Pace {
                soon: false,
                ..Pace::default()
            };
        }
        Ok(())
    }

    async fn step(&mut self) -> Result<(), String> {
        let t = self.t();
        while self.t() == t && !self.experiment().is_done() {
            self.unit().await?;
        }
        Ok(())
    }

    /// Checks of a final state mean little mid-run: they show when the run pauses or ends.
    fn checks_while_running(&self) -> bool {
        false
    }
}
