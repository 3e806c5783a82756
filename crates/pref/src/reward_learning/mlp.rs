//! An MLP reward model on `playground-nn` (its CPU backend in f64, so the numbers are the
//! same natively and in wasm): r̂(u) = MLP(x_u), x_u what the unit looks like
//! ([`World::unit_inputs`](super::world::World::unit_inputs)).
//!
//! The Bradley–Terry loss depends on θ only through the table of unit rewards, so its
//! gradient is the table's gradient (the tabular model's, [`Problem::gradient`]) pulled
//! back through the network: ∇θ L = Jᵀ ∂L/∂r̂, computed as the gradient of Σ_u g_u·r̂(u)
//! with g = ∂L/∂r̂ held constant. Adam then steps on it with weight decay λθ
//! (λ/2·‖θ‖² in the loss).

use playground_core::rng::Rng;
use playground_nn::params::{Visitor, VisitorMut, count};
use playground_nn::{Cpu, Grads, Mlp, Module, Optimizer, OptimizerConfig, Tape, Tensor};

use super::model::Problem;

/// Adam's step size: the reward's scale is a few units, reached in a few hundred steps.
const LEARNING_RATE: f32 = 0.05;

pub struct MlpReward {
    cpu: Cpu<f64>,
    net: Mlp<Cpu<f64>>,
    inputs: Tensor<Cpu<f64>>,
    units: usize,
    optimizer: Optimizer<Cpu<f64>>,
}

impl std::fmt::Debug for MlpReward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MlpReward")
            .field("units", &self.units)
            .field("parameters", &count(&self.net))
            .finish_non_exhaustive()
    }
}

/// The shapes are fixed at construction, so an error from `playground-nn` here is a bug
/// in this module, never a user mistake.
fn nn<T>(r: playground_nn::Result<T>) -> T {
    r.expect("the MLP reward model builds every tensor with consistent shapes")
}

impl MlpReward {
    /// One row of `inputs` per unit; a hidden ReLU layer of `hidden` units; weights drawn
    /// from `rng`.
    pub fn new(inputs: &[Vec<f64>], hidden: usize, l2: f64, rng: &mut Rng) -> MlpReward {
        let cpu = Cpu::<f64>::new();
        let width = inputs.first().map_or(1, Vec::len);
        let net = nn(Mlp::new(&cpu, &[width, hidden, 1], rng.next_u64()));
        let data = inputs.iter().flatten().copied().collect();
        let inputs_t = Tensor::from_storage(&cpu, cpu.from_elements(data), &[inputs.len(), width]);
        let config = OptimizerConfig {
            weight_decay: l2 as f32,
            ..OptimizerConfig::adam(LEARNING_RATE)
        };
        MlpReward {
            cpu,
            net,
            inputs: inputs_t,
            units: inputs.len(),
            optimizer: Optimizer::new(config),
        }
    }

    /// r̂ of every unit.
    pub fn table(&self) -> Vec<f64> {
        let r = nn(self.net.forward(&Tape::no_grad(), &self.inputs));
        self.cpu.elements(r.storage()).to_vec()
    }

    /// The gradients in θ of Σ_u upstream_u · r̂(u), with `r` the network's outputs on a
    /// recording tape: the table's gradient pulled back through the network.
    fn backward(&self, r: &Tensor<Cpu<f64>>, upstream: Vec<f64>) -> Grads<Cpu<f64>> {
        let g = Tensor::from_storage(
            &self.cpu,
            self.cpu.from_elements(upstream),
            &[self.units, 1],
        );
        nn(nn(r.mul(&g)).sum().backward())
    }

    /// ∇θ of Σ_u upstream_u · r̂(u), flattened in the network's parameter order.
    pub fn pull_back(&self, upstream: &[f64]) -> Vec<f64> {
        let tape = Tape::new();
        let r = nn(self.net.forward(&tape, &self.inputs));
        let grads = self.backward(&r, upstream.to_vec());
        let mut out = Vec::with_capacity(count(&self.net));
        self.net
            .visit(&mut Visitor::new(&mut |_, p| match grads.get(p) {
                Some(g) => out.extend_from_slice(self.cpu.elements(g.storage())),
                None => out.extend(std::iter::repeat_n(0.0, p.numel())),
            }));
        out
    }

    /// `steps` Adam steps on the Bradley–Terry loss of `problem` (its λ is ignored: the
    /// penalty is on θ); returns the largest |∂L/∂θ| of the data term at the end.
    pub fn fit(&mut self, problem: &Problem<'_>, steps: usize) -> f64 {
        let data = Problem {
            l2: 0.0,
            ..*problem
        };
        for _ in 0..steps {
            let tape = Tape::new();
            let r = nn(self.net.forward(&tape, &self.inputs));
            let (g, _) = data.gradient(self.cpu.elements(r.storage()));
            let grads = self.backward(&r, g);
            nn(self.optimizer.step(&mut self.net, &grads));
        }
        let (g, _) = data.gradient(&self.table());
        self.pull_back(&g).iter().fold(0.0, |m, x| m.max(x.abs()))
    }

    /// The network's parameters, flattened.
    pub fn parameters(&self) -> Vec<f64> {
        let mut out = Vec::new();
        self.net.visit(&mut Visitor::new(&mut |_, t| {
            out.extend_from_slice(self.cpu.elements(t.storage()))
        }));
        out
    }

    /// Replace the parameters (flattened as [`parameters`](Self::parameters) gives them).
    pub fn set_parameters(&mut self, flat: &[f64]) {
        let cpu = self.cpu;
        let mut at = 0;
        self.net.visit_mut(&mut VisitorMut::new(&mut |_, t| {
            let n = t.numel();
            let shape = t.shape().to_vec();
            *t = Tensor::from_storage(&cpu, cpu.from_elements(flat[at..at + n].to_vec()), &shape);
            at += n;
        }));
    }
}
