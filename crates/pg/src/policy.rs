//! Policies: softmax tables (one row of logits per state, or one row shared by every
//! state) and a small MLP, with their action probabilities and log-probability gradients.
//!
//! Every learner in this crate needs a single primitive from a policy: the gradient of a
//! weighted sum of log-probabilities, ∇θ Σ_i w_i ln π(a_i|s_i) ([`Policy::grad`]). The
//! score-function estimator is such a sum; so are PPO's clipped surrogate (weight Â·ρ on
//! the unclipped samples, 0 on the clipped ones), the entropy bonus (weight
//! −π(a|s) ln π(a|s) on every action of a visited state) and KL penalties (weight
//! π_old(a|s) on every action). A new kind of policy only has to provide probabilities
//! and that gradient.

use playground_core::math;
use playground_nn::{Cpu, Mlp, Module, Tape, Tensor};

/// One term w · ln π(a|s) of a weighted sum of log-probabilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Term {
    pub state: usize,
    pub action: usize,
    pub weight: f64,
}

impl Term {
    pub fn new(state: usize, action: usize, weight: f64) -> Self {
        Term {
            state,
            action,
            weight,
        }
    }
}

/// Action probabilities of every state: row s is π(·|s).
#[derive(Clone, Debug, PartialEq)]
pub struct ProbTable {
    actions: usize,
    p: Vec<f64>,
}

impl ProbTable {
    /// The uniform random policy.
    pub fn uniform(states: usize, actions: usize) -> Self {
        ProbTable {
            actions,
            p: vec![1.0 / actions as f64; states * actions],
        }
    }

    /// From rows of probabilities, states × actions, row-major.
    pub fn from_rows(actions: usize, p: Vec<f64>) -> Self {
        debug_assert!(actions > 0 && p.len().is_multiple_of(actions));
        ProbTable { actions, p }
    }

    pub fn states(&self) -> usize {
        self.p.len() / self.actions
    }

    pub fn actions(&self) -> usize {
        self.actions
    }

    /// π(·|s).
    pub fn row(&self, s: usize) -> &[f64] {
        &self.p[s * self.actions..(s + 1) * self.actions]
    }

    pub fn prob(&self, s: usize, a: usize) -> f64 {
        self.p[s * self.actions + a]
    }

    /// Every probability, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.p
    }
}

/// KL(p ‖ q) of two distributions over the same actions (0·ln 0 = 0).
pub fn kl(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(pi, _)| **pi > 0.0)
        .map(|(pi, qi)| pi * (math::ln(*pi) - math::ln(*qi)))
        .sum()
}

/// Mean over `states` (repeats count) of KL(old(·|s) ‖ new(·|s)): how far an update
/// moved the policy where the batch went. 0 for no states.
pub fn mean_kl(old: &ProbTable, new: &ProbTable, states: &[usize]) -> f64 {
    if states.is_empty() {
        return 0.0;
    }
    let total: f64 = states.iter().map(|&s| kl(old.row(s), new.row(s))).sum();
    total / states.len() as f64
}

/// Entropy −Σ p ln p (0·ln 0 = 0).
pub fn entropy(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|pi| **pi > 0.0)
        .map(|pi| pi * math::ln(*pi))
        .sum::<f64>()
}

/// A softmax over rows of logits, π(a|s) = e^θ[r(s), a] / Σ_b e^θ[r(s), b], where r(s)
/// is the row state s reads: its own (tabular) or row 0 for every state (blind).
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxTable {
    row_of: Vec<usize>,
    rows: usize,
    actions: usize,
    logits: Vec<f64>,
}

impl SoftmaxTable {
    /// All logits 0: the uniform policy. `row_of[s]` is the row state s reads.
    pub fn new(row_of: Vec<usize>, actions: usize) -> Self {
        let rows = row_of.iter().max().map_or(0, |&m| m + 1);
        SoftmaxTable {
            row_of,
            rows,
            actions,
            logits: vec![0.0; rows * actions],
        }
    }

    /// One row per state.
    pub fn tabular(states: usize, actions: usize) -> Self {
        Self::new((0..states).collect(), actions)
    }

    /// One row for every state.
    pub fn blind(states: usize, actions: usize) -> Self {
        Self::new(vec![0; states], actions)
    }

    /// The row of logits state s reads.
    pub fn row_of(&self, s: usize) -> usize {
        self.row_of[s]
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Probabilities of every row, rows × actions.
    pub fn row_probs(&self) -> Vec<f64> {
        let mut p = vec![0.0; self.logits.len()];
        for (l, out) in self
            .logits
            .chunks(self.actions)
            .zip(p.chunks_mut(self.actions))
        {
            math::softmax_into(l, out);
        }
        p
    }

    fn probs(&self) -> ProbTable {
        let rp = self.row_probs();
        let a = self.actions;
        let p = self
            .row_of
            .iter()
            .flat_map(|&r| rp[r * a..(r + 1) * a].iter().copied())
            .collect();
        ProbTable::from_rows(a, p)
    }

    /// ∂/∂θ[r, b] ln π(a|s) = [r = r(s)]·([b = a] − π(b|s)), summed over the terms: the
    /// dense vector of [`SoftmaxTable::grad_rows`].
    fn grad(&self, terms: &[Term]) -> Vec<f64> {
        let a = self.actions;
        let mut g = vec![0.0; self.logits.len()];
        for (r, row) in self.grad_rows(terms) {
            g[r * a..(r + 1) * a].copy_from_slice(&row);
        }
        g
    }

    /// The gradient's rows that the terms read, in the order first read, each with its
    /// `actions` partials (every other row is zero): one episode touches a few rows of a
    /// table that may have thousands, and only those go through the softmax.
    pub fn grad_rows(&self, terms: &[Term]) -> Vec<(usize, Vec<f64>)> {
        let a = self.actions;
        // slot[r]: where row r sits in `rows` (the exact gradient reads every row, so a
        // direct index rather than a map).
        let mut slot = vec![usize::MAX; self.rows];
        let mut rows: Vec<(usize, Vec<f64>, Vec<f64>)> = Vec::new();
        for t in terms {
            let r = self.row_of[t.state];
            if slot[r] == usize::MAX {
                slot[r] = rows.len();
                let mut p = vec![0.0; a];
                math::softmax_into(&self.logits[r * a..(r + 1) * a], &mut p);
                rows.push((r, p, vec![0.0; a]));
            }
            let (_, probs, g) = &mut rows[slot[r]];
            for b in 0..a {
                let indicator = if b == t.action { 1.0 } else { 0.0 };
                g[b] += t.weight * (indicator - probs[b]);
            }
        }
        rows.into_iter().map(|(r, _, g)| (r, g)).collect()
    }
}

/// A one-hidden-layer ReLU network from a state's features to logits, through
/// `playground-nn` on its CPU backend in f64 (so the same numbers natively and in wasm).
#[derive(Clone, Debug)]
pub struct MlpPolicy {
    cpu: Cpu<f64>,
    net: Mlp<Cpu<f64>>,
    features: Vec<Vec<f64>>,
    actions: usize,
}

/// The network's shapes are fixed at construction, so an error from `playground-nn` here
/// is a bug in this module, never a user mistake.
fn nn<T>(r: playground_nn::Result<T>) -> T {
    r.expect("the MLP policy builds every tensor with consistent shapes")
}

impl MlpPolicy {
    /// He-initialised weights from `seed`, except the output layer, scaled by 0.01 as in
    /// most PPO implementations: the initial policy is then nearly uniform, where the
    /// tabular learners start.
    pub fn new(features: Vec<Vec<f64>>, actions: usize, hidden: usize, seed: u64) -> Self {
        let cpu = Cpu::<f64>::new();
        let inputs = features.first().map_or(1, Vec::len);
        let mut net = nn(Mlp::new(&cpu, &[inputs, hidden, actions], seed));
        if let Some(out) = net.layers.last_mut() {
            let w: Vec<f64> = cpu.elements(out.weight.storage()).to_vec();
            let scaled = w.iter().map(|x| 0.01 * x).collect();
            out.weight = Tensor::from_storage(&cpu, cpu.from_elements(scaled), out.weight.shape());
        }
        MlpPolicy {
            cpu,
            net,
            features,
            actions,
        }
    }

    fn params(&self) -> Vec<f64> {
        let mut out = Vec::new();
        self.net
            .visit(&mut playground_nn::params::Visitor::new(&mut |_, t| {
                out.extend_from_slice(self.cpu.elements(t.storage()))
            }));
        out
    }

    fn set_params(&mut self, flat: &[f64]) {
        let cpu = self.cpu;
        let mut at = 0;
        self.net
            .visit_mut(&mut playground_nn::params::VisitorMut::new(&mut |_, t| {
                let n = t.numel();
                let data = flat[at..at + n].to_vec();
                at += n;
                let shape = t.shape().to_vec();
                *t = Tensor::from_storage(&cpu, cpu.from_elements(data), &shape);
            }));
    }

    /// The inputs of `states`, one row each.
    fn inputs(&self, states: &[usize]) -> Tensor<Cpu<f64>> {
        let width = self.features[0].len();
        let data: Vec<f64> = states
            .iter()
            .flat_map(|&s| self.features[s].iter().copied())
            .collect();
        Tensor::from_storage(
            &self.cpu,
            self.cpu.from_elements(data),
            &[states.len(), width],
        )
    }

    /// Log-probabilities of every action in `states` (one row each).
    fn log_probs(&self, states: &[usize]) -> Vec<f64> {
        let tape = Tape::no_grad();
        let logp = nn(self.net.forward(&tape, &self.inputs(states))).log_softmax();
        self.cpu.elements(logp.storage()).to_vec()
    }

    fn probs(&self) -> ProbTable {
        let all: Vec<usize> = (0..self.features.len()).collect();
        let p = self.log_probs(&all).into_iter().map(math::exp).collect();
        ProbTable::from_rows(self.actions, p)
    }

    /// ∇θ Σ_{s,a} W[s, a] ln π(a|s), with the terms' weights gathered per distinct state
    /// first so each state goes through the network once.
    fn grad(&self, terms: &[Term]) -> Vec<f64> {
        let mut states: Vec<usize> = terms.iter().map(|t| t.state).collect();
        states.sort_unstable();
        states.dedup();
        let n_params = playground_nn::params::count(&self.net);
        if states.is_empty() {
            return vec![0.0; n_params];
        }
        let a = self.actions;
        let mut w = vec![0.0; states.len() * a];
        for t in terms {
            let row = states.binary_search(&t.state).expect("collected above");
            w[row * a + t.action] += t.weight;
        }
        let tape = Tape::new();
        let logp = nn(self.net.forward(&tape, &self.inputs(&states))).log_softmax();
        let weights =
            Tensor::from_storage(&self.cpu, self.cpu.from_elements(w), &[states.len(), a]);
        let objective = nn(logp.mul(&weights)).sum();
        let grads = nn(objective.backward());
        let mut out = Vec::with_capacity(n_params);
        self.net.visit(&mut playground_nn::params::Visitor::new(
            &mut |_, p| match grads.get(p) {
                Some(g) => out.extend_from_slice(self.cpu.elements(g.storage())),
                None => out.extend(std::iter::repeat_n(0.0, p.numel())),
            },
        ));
        out
    }
}

/// A policy: a softmax table or an MLP.
#[derive(Clone, Debug)]
pub enum Policy {
    Table(SoftmaxTable),
    Mlp(MlpPolicy),
}

impl Policy {
    pub fn actions(&self) -> usize {
        match self {
            Policy::Table(t) => t.actions,
            Policy::Mlp(m) => m.actions,
        }
    }

    /// The parameters θ, flattened (a table's logits row by row; the MLP's weights and
    /// biases layer by layer).
    pub fn params(&self) -> Vec<f64> {
        match self {
            Policy::Table(t) => t.logits.clone(),
            Policy::Mlp(m) => m.params(),
        }
    }

    /// Replace θ (same length as [`Policy::params`]).
    pub fn set_params(&mut self, theta: &[f64]) {
        match self {
            Policy::Table(t) => t.logits.copy_from_slice(theta),
            Policy::Mlp(m) => m.set_params(theta),
        }
    }

    pub fn n_params(&self) -> usize {
        match self {
            Policy::Table(t) => t.logits.len(),
            Policy::Mlp(m) => playground_nn::params::count(&m.net),
        }
    }

    /// θ ← θ + step · direction.
    pub fn ascend(&mut self, direction: &[f64], step: f64) {
        let mut theta = self.params();
        for (t, d) in theta.iter_mut().zip(direction) {
            *t += step * d;
        }
        self.set_params(&theta);
    }

    /// π(·|s) for every state.
    pub fn probs(&self) -> ProbTable {
        match self {
            Policy::Table(t) => t.probs(),
            Policy::Mlp(m) => m.probs(),
        }
    }

    /// π(·|s) for each of `states` (repeats allowed), rows in the same order. Cheaper
    /// than [`Policy::probs`] for an MLP: only these states go through the network.
    pub fn probs_at(&self, states: &[usize]) -> Vec<f64> {
        let a = self.actions();
        match self {
            Policy::Table(t) => {
                // Only the rows asked for go through the softmax (a batch reads a few of
                // twenty questions' 528).
                let mut out = vec![0.0; states.len() * a];
                for (&s, row) in states.iter().zip(out.chunks_mut(a)) {
                    let r = t.row_of[s];
                    math::softmax_into(&t.logits[r * a..(r + 1) * a], row);
                }
                out
            }
            Policy::Mlp(m) => {
                let mut distinct = states.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                if distinct.is_empty() {
                    return Vec::new();
                }
                let logp = m.log_probs(&distinct);
                states
                    .iter()
                    .flat_map(|s| {
                        let row = distinct.binary_search(s).expect("collected above");
                        logp[row * a..(row + 1) * a].iter().map(|&l| math::exp(l))
                    })
                    .collect()
            }
        }
    }

    /// ∇θ Σ_i w_i ln π(a_i|s_i): the one primitive every learner is built on.
    pub fn grad(&self, terms: &[Term]) -> Vec<f64> {
        match self {
            Policy::Table(t) => t.grad(terms),
            Policy::Mlp(m) => m.grad(terms),
        }
    }

    /// The same gradient in pieces, (offset, partials), zero elsewhere: a table's rows
    /// that the terms read, or a network's whole parameter vector. Per-episode gradients
    /// of a large table are sparse; summing only their pieces keeps them cheap.
    pub fn grad_parts(&self, terms: &[Term]) -> Vec<(usize, Vec<f64>)> {
        match self {
            Policy::Table(t) => t
                .grad_rows(terms)
                .into_iter()
                .map(|(r, g)| (r * t.actions, g))
                .collect(),
            Policy::Mlp(m) => vec![(0, m.grad(terms))],
        }
    }

    /// The softmax table, if this policy is one (TRPO's exact Fisher matrix needs it).
    pub fn table(&self) -> Option<&SoftmaxTable> {
        match self {
            Policy::Table(t) => Some(t),
            Policy::Mlp(_) => None,
        }
    }
}
