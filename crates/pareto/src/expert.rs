//! Rewarded soups' experts trained with the neural engine: each expert is a table of
//! logits over the outcomes, a `playground-nn` parameter on its CPU backend in f64 (so the
//! numbers are the same natively and in wasm), and Adam climbs
//!
//!   E_π r_k − β·KL(π ‖ π_ref)
//!
//! with the gradient taken by the engine's reverse-mode autodiff through log-softmax.
//! Verify compares that gradient with the closed form π_y·(h_y − E_π h),
//! h = r_k − β·ln(π/π_ref).

use playground_nn::params::{Visitor, VisitorMut};
use playground_nn::{Cpu, Grads, Module, Optimizer, OptimizerConfig, Tape, Tensor};

/// The shapes are fixed at construction, so an error from `playground-nn` here is a bug
/// in this module, never a user mistake.
fn nn<T>(r: playground_nn::Result<T>) -> T {
    r.expect("an expert builds every tensor with consistent shapes")
}

/// One parameter: the logits.
struct LogitTable {
    logits: Tensor<Cpu<f64>>,
}

impl Module<Cpu<f64>> for LogitTable {
    fn visit(&self, v: &mut Visitor<'_, Cpu<f64>>) {
        v.param("logits", &self.logits);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, Cpu<f64>>) {
        v.param("logits", &mut self.logits);
    }
}

pub struct AdamExpert {
    cpu: Cpu<f64>,
    table: LogitTable,
    optimizer: Optimizer<Cpu<f64>>,
    reward: Vec<f64>,
    ref_logp: Vec<f64>,
    beta: f64,
    learning_rate: f64,
}

impl std::fmt::Debug for AdamExpert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdamExpert")
            .field("logits", &self.logits())
            .field("steps", &self.optimizer.steps())
            .finish_non_exhaustive()
    }
}

impl Clone for AdamExpert {
    fn clone(&self) -> Self {
        let mut copy = AdamExpert::new(
            &self.logits(),
            &self.ref_logp,
            &self.reward,
            self.beta,
            self.learning_rate,
        );
        let state = nn(self.optimizer.export_state(&self.table));
        nn(copy.optimizer.import_state(&copy.table, &state));
        copy
    }
}

impl AdamExpert {
    /// An expert for `reward`, starting from `logits` (π_ref's, at first).
    pub fn new(
        logits: &[f64],
        ref_logp: &[f64],
        reward: &[f64],
        beta: f64,
        learning_rate: f64,
    ) -> Self {
        let cpu = Cpu::<f64>::new();
        let table = LogitTable {
            logits: Tensor::from_storage(
                &cpu,
                cpu.from_elements(logits.to_vec()),
                &[1, logits.len()],
            ),
        };
        AdamExpert {
            cpu,
            table,
            optimizer: Optimizer::new(OptimizerConfig::adam(learning_rate as f32)),
            reward: reward.to_vec(),
            ref_logp: ref_logp.to_vec(),
            beta,
            learning_rate,
        }
    }

    fn row(&self, values: &[f64]) -> Tensor<Cpu<f64>> {
        Tensor::from_storage(
            &self.cpu,
            self.cpu.from_elements(values.to_vec()),
            &[1, values.len()],
        )
    }

    /// The gradients of the loss −(E_π r − β·KL(π‖π_ref)) at the current logits.
    fn loss_grads(&self) -> Grads<Cpu<f64>> {
        let tape = Tape::new();
        let logp = tape.track(&self.table.logits).log_softmax();
        let p = logp.exp();
        let reward = self.row(&self.reward);
        // β as a row of f64s: `scale` takes an f32, which would round β.
        let betas = self.row(&vec![self.beta; self.reward.len()]);
        let log_ratio = nn(nn(logp.sub(&self.row(&self.ref_logp))).mul(&betas));
        let gain = nn(p.mul(&reward)).sum();
        let kl = nn(p.mul(&log_ratio)).sum();
        let objective = nn(gain.sub(&kl));
        nn(objective.neg().backward())
    }

    /// One Adam step up the objective.
    pub fn step(&mut self) {
        let grads = self.loss_grads();
        nn(self.optimizer.step(&mut self.table, &grads));
    }

    pub fn logits(&self) -> Vec<f64> {
        self.cpu.elements(self.table.logits.storage()).to_vec()
    }

    /// ∂/∂θ of E_π r − β·KL(π‖π_ref) by the engine's autodiff, at the current logits.
    pub fn gradient(&self) -> Vec<f64> {
        let grads = self.loss_grads();
        match grads.get(&self.table.logits) {
            Some(g) => self.cpu.elements(g.storage()).iter().map(|x| -x).collect(),
            None => vec![0.0; self.reward.len()],
        }
    }
}
