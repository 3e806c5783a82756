//! A block of runs' agents, as the engine steps them: each arm's statistics across the
//! runs side by side (see [`playground_core::lanes`]), so that a step of a block is a few
//! loops over arrays which compile to SIMD instructions.
//!
//! [`Agent`] defines each agent, one run at a time. The kinds written here for lanes —
//! ε-greedy, UCB and Thompson sampling with known noise, the benchmark's agents and most
//! presets' — choose and learn exactly as it does (the tests below step both side by
//! side and compare every bit). The other kinds run [`Agent`]'s own code lane by lane:
//! their steps are dominated by work of their own (KL-UCB's Newton iterations, Beta and
//! Gamma draws, softmaxes), not by the loop around them.

// Lane loops index several arrays by lane: `for l in 0..LANES` says so more plainly
// than an iterator over one of them zipped with the others.
#![allow(clippy::needless_range_loop)]

use playground_core::lanes::{
    self, CHUNK, CHUNKS, LANES, Lanes, RngLanes, chunk, chunk_mut, set_bits,
};
use playground_core::scenario::AgentSpec;

use super::agent::{Agent, GaussianTs, ValueTable};

/// One learner's state in every run of a block.
#[derive(Clone, Debug)]
pub(crate) enum AgentLanes {
    Values(ValueLanes),
    Gaussian(GaussianLanes),
    /// Every other kind: one [`Agent`] per lane.
    Each(Vec<Agent>),
}

/// How a [`ValueLanes`] agent chooses.
#[derive(Clone, Copy, Debug)]
enum Rule {
    Greedy { epsilon: f64 },
    Ucb { c: f64 },
}

/// ε-greedy and UCB: [`ValueTable`]s, arm by arm across the lanes.
#[derive(Clone, Debug)]
pub(crate) struct ValueLanes {
    rule: Rule,
    q: Vec<Lanes<f64>>,
    /// Pulls per arm, as floats (exact below 2⁵³): the updates use them so.
    n: Vec<Lanes<f64>>,
    /// UCB's 1/√N(a); empty for ε-greedy.
    inv_sqrt_n: Vec<Lanes<f64>>,
    step_size: Option<f64>,
    /// Pulls so far: the same in every run of a block.
    t: u64,
}

/// Thompson sampling with known noise: [`GaussianTs`], arm by arm across the lanes.
#[derive(Clone, Debug)]
pub(crate) struct GaussianLanes {
    prior_mean: f64,
    prior_sd: f64,
    noise_sd: f64,
    precisions: (f64, f64),
    n: Vec<Lanes<f64>>,
    sum: Vec<Lanes<f64>>,
    /// Each arm's posterior mean and sd, refreshed when it is pulled.
    mean: Vec<Lanes<f64>>,
    sd: Vec<Lanes<f64>>,
}

/// Each arm's value of one run's per-arm vector, in every lane.
fn spread(per_arm: impl Iterator<Item = f64>) -> Vec<Lanes<f64>> {
    per_arm.map(|x| [x; LANES]).collect()
}

impl AgentLanes {
    /// Every lane starts as [`Agent::new`] does.
    pub fn new(spec: &AgentSpec, arms: usize) -> Self {
        match Agent::new(spec, arms) {
            Agent::EpsilonGreedy(v, epsilon) => {
                AgentLanes::Values(ValueLanes::new(&v, Rule::Greedy { epsilon }))
            }
            Agent::Ucb(v, c) => AgentLanes::Values(ValueLanes::new(&v, Rule::Ucb { c })),
            Agent::ThompsonGaussian(g) => AgentLanes::Gaussian(GaussianLanes::new(&g)),
            other => AgentLanes::Each(vec![other; LANES]),
        }
    }

    /// Lane `l`'s agent as [`Agent`] holds it (for the views and checks).
    pub fn agent(&self, l: usize) -> Agent {
        match self {
            AgentLanes::Values(v) => v.agent(l),
            AgentLanes::Gaussian(g) => Agent::ThompsonGaussian(g.agent(l)),
            AgentLanes::Each(agents) => agents[l].clone(),
        }
    }
}

/// One kind of agent stepping a block's lanes. The engine compiles its step once per
/// kind, so that each kind's loops are optimised on their own (all kinds in one function,
/// the compiler vectorised some loops in one build and not in the next).
pub(crate) trait LaneAgent {
    /// Each lane's choice ([`Agent::choose`]) with its own generator.
    fn choose(&self, rng: &mut RngLanes, sqrt_ln_t: f64, arms: &mut Lanes<u64>);
    /// Each lane learns from its reward ([`Agent::learn`]).
    fn learn(&mut self, arms: &Lanes<u64>, rewards: &Lanes<f64>);
}

/// The kinds that run [`Agent`]'s code lane by lane.
impl LaneAgent for Vec<Agent> {
    #[inline(always)]
    fn choose(&self, rng: &mut RngLanes, sqrt_ln_t: f64, arms: &mut Lanes<u64>) {
        for (l, (agent, arm)) in self.iter().zip(arms.iter_mut()).enumerate() {
            *arm = rng.with_lane(l, |r| agent.choose(r, sqrt_ln_t)) as u64;
        }
    }

    #[inline(always)]
    fn learn(&mut self, arms: &Lanes<u64>, rewards: &Lanes<f64>) {
        for (l, agent) in self.iter_mut().enumerate() {
            agent.learn(arms[l] as usize, rewards[l]);
        }
    }
}

impl LaneAgent for ValueLanes {
    #[inline(always)]
    fn choose(&self, rng: &mut RngLanes, sqrt_ln_t: f64, arms: &mut Lanes<u64>) {
        match self.rule {
            Rule::Greedy { epsilon } => self.greedy(epsilon, rng, arms),
            Rule::Ucb { c } => self.ucb(c * sqrt_ln_t, arms),
        }
    }

    /// Sample averages (or a constant step size) of the pulled arms' rewards.
    #[inline(always)]
    fn learn(&mut self, arms: &Lanes<u64>, rewards: &Lanes<f64>) {
        // Gather, work out, scatter. Worked out in loops of their own, before any scatter:
        // next to one, the compiler merged the arithmetic into it, lane by lane, and a
        // square root and division per lane cost UCB a tenth of its speed.
        let (mut n, mut q) = ([0.0; LANES], [0.0; LANES]);
        for (l, &arm) in arms.iter().enumerate() {
            let a = arm as usize;
            n[l] = self.n[a][l] + 1.0;
            q[l] = self.q[a][l];
        }
        let ucb = !self.inv_sqrt_n.is_empty();
        let inv_sqrt = if ucb {
            lanes::map(&n, |n| 1.0 / n.sqrt())
        } else {
            [0.0; LANES]
        };
        let step = match self.step_size {
            Some(s) => [s; LANES],
            None => lanes::map(&n, |n| 1.0 / n),
        };
        for l in 0..LANES {
            q[l] += step[l] * (rewards[l] - q[l]);
        }
        for (l, &arm) in arms.iter().enumerate() {
            let a = arm as usize;
            self.n[a][l] = n[l];
            self.q[a][l] = q[l];
        }
        if ucb {
            for (l, &arm) in arms.iter().enumerate() {
                self.inv_sqrt_n[arm as usize][l] = inv_sqrt[l];
            }
        }
        self.t += 1;
    }
}

impl LaneAgent for GaussianLanes {
    /// The arm whose posterior draw is largest (ties to the lowest index): one normal
    /// draw per arm, in arm order, in every lane. A whole block at once, not a
    /// [`CHUNK`] at a time as the value agents' argmaxes: the normals draw every lane's
    /// generator together (chunk by chunk, both builds ran slower; natively too when the
    /// draws were kept for a chunked argmax).
    #[inline(always)]
    fn choose(&self, rng: &mut RngLanes, _sqrt_ln_t: f64, arms: &mut Lanes<u64>) {
        let (mut z, mut draw, mut top) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
        *arms = [0; LANES];
        for (a, (mean, sd)) in self.mean.iter().zip(&self.sd).enumerate() {
            rng.normals(&mut z);
            for l in 0..LANES {
                draw[l] = mean[l] + sd[l] * z[l];
            }
            if a == 0 {
                top = draw;
            } else {
                lanes::keep_higher(a, &draw, &mut top, arms);
            }
        }
    }

    /// The conjugate update of the pulled arms' posteriors ([`GaussianTs::params`]).
    #[inline(always)]
    fn learn(&mut self, arms: &Lanes<u64>, rewards: &Lanes<f64>) {
        let (prior_prec, noise_prec) = self.precisions;
        let (mut n, mut sum) = ([0.0; LANES], [0.0; LANES]);
        for (l, &arm) in arms.iter().enumerate() {
            let a = arm as usize;
            n[l] = self.n[a][l] + 1.0;
            sum[l] = self.sum[a][l] + rewards[l];
        }
        // Worked out before any scatter, as in the value agents' `learn`.
        let prec = lanes::map(&n, |n| prior_prec + n * noise_prec);
        let mut mean = [0.0; LANES];
        for l in 0..LANES {
            mean[l] = (prior_prec * self.prior_mean + noise_prec * sum[l]) / prec[l];
        }
        let sd = lanes::map(&prec, |p| (1.0 / p).sqrt());
        for (l, &arm) in arms.iter().enumerate() {
            let a = arm as usize;
            self.n[a][l] = n[l];
            self.sum[a][l] = sum[l];
            self.mean[a][l] = mean[l];
            self.sd[a][l] = sd[l];
        }
    }
}

impl ValueLanes {
    fn new(v: &ValueTable, rule: Rule) -> Self {
        ValueLanes {
            rule,
            q: spread(v.q.iter().copied()),
            n: spread(v.n.iter().map(|&n| n as f64)),
            inv_sqrt_n: spread(v.inv_sqrt_n.iter().copied()),
            step_size: v.step_size,
            t: v.t,
        }
    }

    fn agent(&self, l: usize) -> Agent {
        let table = ValueTable {
            q: lanes::column(&self.q, l),
            n: lanes::column(&self.n, l)
                .into_iter()
                .map(|n| n as u64)
                .collect(),
            inv_sqrt_n: lanes::column(&self.inv_sqrt_n, l),
            step_size: self.step_size,
            t: self.t,
        };
        match self.rule {
            Rule::Greedy { epsilon } => Agent::EpsilonGreedy(table, epsilon),
            Rule::Ucb { c } => Agent::Ucb(table, c),
        }
    }

    /// ε-greedy: explore with probability ε, else the greedy arm with ties broken at
    /// random. Every lane's greedy arm and its ties are found together; the lanes that
    /// explore or have ties (few, once the estimates settle) then draw one by one.
    #[inline(always)]
    fn greedy(&self, epsilon: f64, rng: &mut RngLanes, arms: &mut Lanes<u64>) {
        let k = self.q.len();
        // A lane explores when its uniform draw is below ε; with ε = 0 nothing is drawn.
        let mut u = [f64::INFINITY; LANES];
        if epsilon > 0.0 {
            rng.uniforms(&mut u);
        }
        let mut top = [0.0; LANES];
        lanes::argmax(&self.q, arms, &mut top);
        // Counted in floats: integer counts of float comparisons did not vectorise.
        let mut ties = [0.0; LANES];
        for c in 0..CHUNKS {
            let (top, mut n) = (chunk(&top, c), [0.0; CHUNK]);
            for q in &self.q {
                let q = chunk(q, c);
                for l in 0..CHUNK {
                    n[l] += if q[l] == top[l] { 1.0 } else { 0.0 };
                }
            }
            *chunk_mut(&mut ties, c) = n;
        }
        let mut odd = 0u64;
        for l in 0..LANES {
            odd |= u64::from((u[l] < epsilon) | (ties[l] > 1.0)) << l;
        }
        // Each such lane's generator taken out and put back by hand: through `with_lane`'s
        // closure, this loop ran a few per cent slower.
        for l in set_bits(odd) {
            let mut r = rng.lane(l);
            arms[l] = if u[l] < epsilon {
                r.below(k)
            } else {
                let pick = r.below(ties[l] as usize);
                (0..k)
                    .filter(|&a| self.q[a][l] == top[l])
                    .nth(pick)
                    .unwrap_or(0)
            } as u64;
            rng.set_lane(l, &r);
        }
    }

    /// UCB with exploration bonus `bonus` = c·√(ln t): an untried arm first (lowest
    /// index), else the largest Q(a) + bonus/√N(a), ties to the lowest index.
    #[inline(always)]
    fn ucb(&self, bonus: f64, arms: &mut Lanes<u64>) {
        let k = self.q.len();
        for c in 0..CHUNKS {
            let (mut top, mut best, mut index) = ([0.0; CHUNK], [0; CHUNK], [0.0; CHUNK]);
            for (a, (q, inv_sqrt_n)) in self.q.iter().zip(&self.inv_sqrt_n).enumerate() {
                let (q, inv_sqrt_n) = (chunk(q, c), chunk(inv_sqrt_n, c));
                for l in 0..CHUNK {
                    index[l] = q[l] + bonus * inv_sqrt_n[l];
                }
                if a == 0 {
                    top = index;
                } else {
                    lanes::keep_higher(a, &index, &mut top, &mut best);
                }
            }
            *chunk_mut(arms, c) = best;
        }
        // In the first k steps each run tries the next untried arm (no random draw).
        if (self.t as usize) < k {
            for (l, arm) in arms.iter_mut().enumerate() {
                if let Some(a) = self.n.iter().position(|n| n[l] == 0.0) {
                    *arm = a as u64;
                }
            }
        }
    }
}

impl GaussianLanes {
    fn new(g: &GaussianTs) -> Self {
        GaussianLanes {
            prior_mean: g.prior_mean,
            prior_sd: g.prior_sd,
            noise_sd: g.noise_sd,
            precisions: g.precisions,
            n: spread(g.n.iter().map(|&n| n as f64)),
            sum: spread(g.sum.iter().copied()),
            mean: spread(g.posterior.iter().map(|p| p.0)),
            sd: spread(g.posterior.iter().map(|p| p.1)),
        }
    }

    fn agent(&self, l: usize) -> GaussianTs {
        GaussianTs {
            prior_mean: self.prior_mean,
            prior_sd: self.prior_sd,
            noise_sd: self.noise_sd,
            n: lanes::column(&self.n, l)
                .into_iter()
                .map(|n| n as u64)
                .collect(),
            sum: lanes::column(&self.sum, l),
            posterior: lanes::column(&self.mean, l)
                .into_iter()
                .zip(lanes::column(&self.sd, l))
                .collect(),
            precisions: self.precisions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::sqrt_ln;
    use playground_core::rng::Rng;

    fn kernel(lanes: &mut AgentLanes) -> &mut dyn LaneAgent {
        match lanes {
            AgentLanes::Values(v) => v,
            AgentLanes::Gaussian(g) => g,
            AgentLanes::Each(agents) => agents,
        }
    }

    /// Step an agent's lanes and one [`Agent`] per lane side by side, each lane with the
    /// same stream as its agent and the same rewards, and compare every choice and, every
    /// step, every lane's whole state.
    fn side_by_side(spec: AgentSpec) {
        const ARMS: usize = 5;
        let rngs: Vec<Rng> = (0..LANES as u64).map(|l| Rng::stream(3, &[l])).collect();
        let mut lanes_rng = RngLanes::new(rngs.clone());
        let mut one_rngs = rngs;
        let mut lanes = AgentLanes::new(&spec, ARMS);
        let mut agents = vec![Agent::new(&spec, ARMS); LANES];
        let mut rewards_rng = Rng::new(9);
        for t in 0..300 {
            let sqrt_ln_t = sqrt_ln(t + 1);
            let mut arms = [0; LANES];
            kernel(&mut lanes).choose(&mut lanes_rng, sqrt_ln_t, &mut arms);
            // Rewards on a coarse grid, so that estimates tie now and then.
            let mut rewards = [0.0; LANES];
            for (l, agent) in agents.iter_mut().enumerate() {
                let arm = agent.choose(&mut one_rngs[l], sqrt_ln_t);
                assert_eq!(arms[l], arm as u64, "{spec:?}: step {t}, lane {l}");
                rewards[l] = (arm as f64 + rewards_rng.normal()).round() / 2.0;
                agent.learn(arm, rewards[l]);
            }
            kernel(&mut lanes).learn(&arms, &rewards);
            for (l, agent) in agents.iter().enumerate() {
                assert_eq!(
                    format!("{:?}", lanes.agent(l)),
                    format!("{agent:?}"),
                    "step {t}"
                );
                assert_eq!(lanes_rng.lane(l), one_rngs[l]);
            }
        }
    }

    #[test]
    fn epsilon_greedy_lanes_step_as_one_run_does() {
        side_by_side(AgentSpec::EpsilonGreedy {
            epsilon: 0.1,
            step_size: None,
            initial: 0.0,
            label: None,
        });
        // Greedy from optimistic estimates with a constant step: no uniform draw, ties.
        side_by_side(AgentSpec::EpsilonGreedy {
            epsilon: 0.0,
            step_size: Some(0.1),
            initial: 5.0,
            label: None,
        });
    }

    #[test]
    fn ucb_lanes_step_as_one_run_does() {
        side_by_side(AgentSpec::Ucb {
            c: 2.0,
            label: None,
        });
    }

    #[test]
    fn thompson_lanes_step_as_one_run_does() {
        side_by_side(AgentSpec::ThompsonGaussian {
            prior_mean: 0.5,
            prior_sd: 2.0,
            noise_sd: 0.5,
            label: None,
        });
    }

    #[test]
    fn other_kinds_step_lane_by_lane_as_one_run_does() {
        side_by_side(AgentSpec::Gradient {
            alpha: 0.1,
            baseline: true,
            label: None,
        });
    }
}
