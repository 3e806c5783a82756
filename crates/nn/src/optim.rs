//! Optimisers: SGD with momentum, Adam and AdamW, with optional gradient clipping by
//! global norm. Each update is one fused backend primitive per parameter tensor, and the
//! clipping factor is computed on the device, so a step needs no readback.
//!
//! The state (moments, step count) can be exported to the host and imported on another
//! backend, so training continues exactly where it was when the web page switches
//! between CPU and WebGPU.

use serde::{Deserialize, Serialize};

use crate::autodiff::Grads;
use crate::backend::{AdamStep, Backend, SgdStep};
use crate::error::{NnError, Result};
use crate::params::{HostTensor, Module, VisitorMut, parameters, read_all};
use crate::tensor::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// Stochastic gradient descent with (heavy-ball) momentum and L2 weight decay.
    Sgd,
    /// Adam (Kingma & Ba, 2015) with L2 weight decay added to the gradient.
    Adam,
    /// AdamW (Loshchilov & Hutter, 2019): weight decay decoupled from the gradient.
    AdamW,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    pub lr: f32,
    /// SGD only.
    pub momentum: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
    /// Rescale all gradients together so their global L2 norm is at most this.
    pub clip: Option<f32>,
}

impl OptimizerConfig {
    pub fn sgd(lr: f32, momentum: f32) -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Sgd,
            momentum,
            ..Self::adam(lr)
        }
    }

    /// Adam with the usual β1 = 0.9, β2 = 0.999, ε = 1e-8.
    pub fn adam(lr: f32) -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Adam,
            lr,
            momentum: 0.0,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            clip: None,
        }
    }

    pub fn adamw(lr: f32, weight_decay: f32) -> Self {
        OptimizerConfig {
            kind: OptimizerKind::AdamW,
            weight_decay,
            ..Self::adam(lr)
        }
    }

    pub fn with_clip(self, max_norm: f32) -> Self {
        OptimizerConfig {
            clip: Some(max_norm),
            ..self
        }
    }
}

/// The optimiser's state on the host: the step count and, per parameter, its moment
/// buffers named `<param>.m`, `<param>.v` (Adam) or `<param>.momentum` (SGD).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerState {
    pub step: u64,
    pub tensors: Vec<HostTensor>,
}

#[derive(Debug)]
pub struct Optimizer<B: Backend> {
    pub config: OptimizerConfig,
    step: u64,
    /// Per parameter, in module order: SGD [momentum], Adam [m, v]; empty until the
    /// parameter's first update.
    slots: Vec<Vec<Tensor<B>>>,
}

impl<B: Backend> Optimizer<B> {
    pub fn new(config: OptimizerConfig) -> Self {
        Optimizer {
            config,
            step: 0,
            slots: Vec::new(),
        }
    }

    /// Updates done so far.
    pub fn steps(&self) -> u64 {
        self.step
    }

    fn slot_names(&self) -> &'static [&'static str] {
        match self.config.kind {
            OptimizerKind::Sgd => &["momentum"],
            OptimizerKind::Adam | OptimizerKind::AdamW => &["m", "v"],
        }
    }

    /// One update of every parameter of `model` that has a gradient in `grads`.
    pub fn step(&mut self, model: &mut impl Module<B>, grads: &Grads<B>) -> Result<()> {
        let params = parameters(model);
        let Some((_, first)) = params.first() else {
            return Ok(());
        };
        let backend = first.backend().clone();
        let scale = self.grad_scale(&backend, &params, grads)?;
        self.step += 1;
        self.slots.resize(params.len(), Vec::new());
        let adam = self.adam_step();
        let sgd = SgdStep {
            lr: self.config.lr,
            momentum: self.config.momentum,
            weight_decay: self.config.weight_decay,
        };
        let kind = self.config.kind;
        let mut i = 0;
        let slots = &mut self.slots;
        model.visit_mut(&mut VisitorMut::new(&mut |_, p| {
            let slot = &mut slots[i];
            i += 1;
            let Some(g) = grads.get(p) else {
                return;
            };
            let zeros = || Tensor::from_storage(&backend, backend.fill(p.numel(), 0.0), p.shape());
            match kind {
                OptimizerKind::Sgd => {
                    if slot.is_empty() {
                        slot.push(zeros());
                    }
                    let (np, nb) = backend.sgd_step(&p.data, &g.data, &slot[0].data, &scale, &sgd);
                    p.replace_storage(np);
                    slot[0].replace_storage(nb);
                }
                OptimizerKind::Adam | OptimizerKind::AdamW => {
                    if slot.is_empty() {
                        slot.extend([zeros(), zeros()]);
                    }
                    let (np, nm, nv) = backend.adam_step(
                        &p.data,
                        &g.data,
                        &slot[0].data,
                        &slot[1].data,
                        &scale,
                        &adam,
                    );
                    p.replace_storage(np);
                    slot[0].replace_storage(nm);
                    slot[1].replace_storage(nv);
                }
            }
        }));
        Ok(())
    }

    /// The hyperparameters of the current step (after `self.step` was incremented).
    fn adam_step(&self) -> AdamStep {
        let c = &self.config;
        let t = self.step as f64;
        AdamStep {
            lr: c.lr,
            beta1: c.beta1,
            beta2: c.beta2,
            eps: c.eps,
            weight_decay: c.weight_decay,
            decoupled: c.kind == OptimizerKind::AdamW,
            bias1: (1.0 - libm::pow(c.beta1 as f64, t)) as f32,
            bias2: (1.0 - libm::pow(c.beta2 as f64, t)) as f32,
        }
    }

    /// The 1-element gradient scale: min(1, clip / ‖g‖) on the device, or 1.
    fn grad_scale(
        &self,
        backend: &B,
        params: &[(String, Tensor<B>)],
        grads: &Grads<B>,
    ) -> Result<B::Storage> {
        let Some(max_norm) = self.config.clip else {
            return Ok(backend.fill(1, 1.0));
        };
        let mut total: Option<Tensor<B>> = None;
        for (_, p) in params {
            if let Some(g) = grads.get(p) {
                let s = g.detach().sum_squares();
                total = Some(match total {
                    None => s,
                    Some(t) => t.add(&s)?,
                });
            }
        }
        Ok(match total {
            None => backend.fill(1, 1.0),
            Some(t) => backend.clip_scale(t.storage(), max_norm),
        })
    }

    /// Copy the state to the host, naming buffers after `model`'s parameters.
    pub async fn export_state_async(&self, model: &impl Module<B>) -> Result<OptimizerState> {
        let mut named = Vec::new();
        for ((name, _), slot) in parameters(model).iter().zip(&self.slots) {
            for (buf, suffix) in slot.iter().zip(self.slot_names()) {
                named.push((format!("{name}.{suffix}"), buf.clone()));
            }
        }
        Ok(OptimizerState {
            step: self.step,
            tensors: read_all(&named).await?,
        })
    }

    pub fn export_state(&self, model: &impl Module<B>) -> Result<OptimizerState> {
        crate::block_on(self.export_state_async(model))
    }

    /// Replace the state with `state` (from any backend), matched by parameter name.
    /// Parameters without saved buffers start fresh.
    pub fn import_state(&mut self, model: &impl Module<B>, state: &OptimizerState) -> Result<()> {
        let mut slots = Vec::new();
        for (name, p) in parameters(model) {
            let mut slot = Vec::new();
            for suffix in self.slot_names() {
                let full = format!("{name}.{suffix}");
                let Some(h) = state.tensors.iter().find(|h| h.name == full) else {
                    continue;
                };
                if h.shape != p.shape() {
                    return Err(NnError::Format(format!(
                        "optimiser buffer {full} has shape {:?}, parameter has {:?}",
                        h.shape,
                        p.shape()
                    )));
                }
                slot.push(Tensor::from_slice(p.backend(), &h.data, &h.shape)?);
            }
            if !slot.is_empty() && slot.len() != self.slot_names().len() {
                return Err(NnError::Format(format!(
                    "optimiser state of {name} is incomplete"
                )));
            }
            slots.push(slot);
        }
        self.slots = slots;
        self.step = state.step;
        Ok(())
    }
}
