//! One learner of the lab: a copy of π_ref, an Adam optimiser, its own random stream, and
//! the exact token tree of its current policy (refreshed after every step, which gives the
//! exact KL and rewards, and the distribution the online learners sample from).
//!
//! Every method computes, on the host, how much each sampled token's log-probability
//! should move (∂loss/∂ln π(y_t)), from the Preference Lab's losses (`playground_pref`)
//! and the policy-gradient lab's advantages and surrogates (`playground_pg`); the
//! transformer then takes the gradient of Σ weight·ln π(y_t), which is the loss's gradient.
//! One differentiable expression serves every method, on both backends.

pub mod pairs;
mod rl;

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{AlignLearner, AlignRewardSource};
use playground_nn::optim::{Optimizer, OptimizerConfig};
use playground_nn::transformer::Transformer;
use playground_nn::{Backend, NnError, Result, Tape, Tensor, params};
use playground_pref::metrics::{
    LOGPS_CHOSEN, LOGPS_REJECTED, REWARDS_ACCURACIES, REWARDS_CHOSEN, REWARDS_MARGINS,
    REWARDS_REJECTED,
};

use super::exact::{TokenTree, expectation, kl};
use super::model::{ValueHead, forward_responses, token_tree, weights};
use super::world::LabelledPair;

pub const LOSS: &str = "loss";
pub const KL_EXACT: &str = "kl_exact";
pub const GOLD_EXACT: &str = "gold_reward_exact";
pub const PROXY_EXACT: &str = "proxy_reward_exact";
/// Monte Carlo estimates from the learner's own samples: mean ln(π/π_ref), mean reward.
pub const KL_ESTIMATE: &str = "kl_estimate";
pub const REWARD_ESTIMATE: &str = "reward_estimate";
/// TRL's name for the share of GRPO groups whose rewards were all equal.
pub const FRAC_ZERO_STD: &str = "frac_reward_zero_std";
/// KTO's reference point z₀ (TRL logs it as `kl`).
pub const KTO_KL: &str = "kl";
/// Stop when a policy is this far (nats) from π_ref: it has run away.
pub const KL_LIMIT: f64 = 30.0;
/// Largest global gradient norm.
const CLIP_NORM: f32 = 1.0;

/// What every learner reads: the responses' rewards, π_ref exactly and the pairs.
#[derive(Clone, Debug)]
pub struct Shared {
    pub length: usize,
    pub gold: Vec<f64>,
    pub proxy: Vec<f64>,
    pub reference: TokenTree,
    pub ref_logp: Vec<f64>,
    pub pairs: Vec<LabelledPair>,
}

impl Shared {
    pub fn reward(&self, source: AlignRewardSource) -> &[f64] {
        match source {
            AlignRewardSource::Gold => &self.gold,
            AlignRewardSource::Proxy => &self.proxy,
        }
    }
}

/// What one step reports: the loss and the method's own metrics.
pub type Report = Vec<(&'static str, f64)>;

#[derive(Debug)]
pub struct Learner<B: Backend> {
    pub spec: AlignLearner,
    pub policy: Transformer<B>,
    optimizer: Optimizer<B>,
    /// PPO's value head and its optimiser.
    value: Option<(ValueHead<B>, Optimizer<B>)>,
    rng: Rng,
    /// The current policy, exactly.
    pub tree: TokenTree,
    pub logp: Vec<f64>,
    /// What Verify compares the learner's own numbers with.
    pub audit: Audit,
}

/// Running tallies of the learner's own Monte Carlo numbers against exact ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Audit {
    /// Largest |ln π(y_t) of the training forward pass − the tree's|: the tree is the
    /// model's distribution (up to f32 rounding).
    pub tree_gap: f64,
    /// Σ over steps of (estimate − exact at sampling time) and of the estimate's variance,
    /// for the KL and the reward (RL learners).
    pub kl: Tally,
    pub reward: Tally,
    /// GRPO: the share of groups whose rewards were all equal, against its exact
    /// expectation (Σ_g P_π(all equal)) when the reward takes two values.
    pub flat: Tally,
}

/// Σ (observed − expected) and Σ Var over steps: z = Σ dev / √(Σ var) is ≈ N(0, 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub deviation: f64,
    pub variance: f64,
    pub steps: usize,
}

impl Tally {
    pub fn add(&mut self, observed: f64, expected: f64, variance: f64) {
        self.deviation += observed - expected;
        self.variance += variance;
        self.steps += 1;
    }

    /// The z-score of the summed deviations (0 when nothing was tallied).
    pub fn z(&self) -> f64 {
        if self.variance > 0.0 {
            self.deviation / self.variance.sqrt()
        } else {
            0.0
        }
    }
}

/// The metrics a learner of this type reports, in display order.
pub fn metric_names(spec: &AlignLearner) -> Vec<&'static str> {
    let mut names = vec![KL_EXACT, GOLD_EXACT, PROXY_EXACT, LOSS];
    match spec {
        AlignLearner::Kto { .. } => names.extend([REWARDS_CHOSEN, REWARDS_REJECTED, KTO_KL]),
        AlignLearner::Rloo { .. }
        | AlignLearner::Ppo { .. }
        | AlignLearner::P3o { .. }
        | AlignLearner::Apa { .. } => {
            names.extend([KL_ESTIMATE, REWARD_ESTIMATE]);
        }
        AlignLearner::Grpo { .. } => names.extend([KL_ESTIMATE, REWARD_ESTIMATE, FRAC_ZERO_STD]),
        _ => names.extend([
            REWARDS_CHOSEN,
            REWARDS_REJECTED,
            REWARDS_MARGINS,
            REWARDS_ACCURACIES,
            LOGPS_CHOSEN,
            LOGPS_REJECTED,
        ]),
    }
    names
}

impl<B: Backend> Learner<B> {
    /// A learner starting at π_ref (`reference`, copied through the host).
    pub async fn new(
        spec: AlignLearner,
        reference: &Transformer<B>,
        shared: &Shared,
        seed: u64,
    ) -> Result<Self> {
        let b = reference.pos.backend();
        let weights = params::export_async(reference).await?;
        let policy = super::model::with_weights(b, &weights)?;
        let config = OptimizerConfig::adam(spec.learning_rate() as f32).with_clip(CLIP_NORM);
        let value = match spec {
            AlignLearner::Ppo { .. } | AlignLearner::Apa { .. } => {
                Some((ValueHead::new(b, seed)?, Optimizer::new(config)))
            }
            _ => None,
        };
        Ok(Learner {
            spec,
            policy,
            optimizer: Optimizer::new(config),
            value,
            rng: Rng::new(seed),
            tree: shared.reference.clone(),
            logp: shared.ref_logp.clone(),
            audit: Audit::default(),
        })
    }

    /// The same learner on another backend: weights, optimiser moments (and PPO's value
    /// head), random stream and exact tree carry over.
    pub async fn to_backend_async<B2: Backend>(&self, b: &B2) -> Result<Learner<B2>> {
        let (policy, optimizer) = crate::moved(&self.policy, &self.optimizer, b, |b| {
            Transformer::new(b, super::model::REFERENCE, 0)
        })
        .await?;
        let value = match &self.value {
            Some((head, opt)) => Some(crate::moved(head, opt, b, |b| ValueHead::new(b, 0)).await?),
            None => None,
        };
        Ok(Learner {
            spec: self.spec.clone(),
            policy,
            optimizer,
            value,
            rng: self.rng.clone(),
            tree: self.tree.clone(),
            logp: self.logp.clone(),
            audit: self.audit.clone(),
        })
    }

    /// Tokens one step of this learner runs through the model with gradients.
    pub fn tokens_per_step(&self, length: usize) -> u64 {
        let batch = self.spec.batch();
        let per_pass = match self.spec {
            AlignLearner::Rloo { .. }
            | AlignLearner::Grpo { .. }
            | AlignLearner::Ppo { .. }
            | AlignLearner::Apa { .. } => batch,
            AlignLearner::Xpo { .. } => 3 * batch,
            _ => 2 * batch,
        };
        let passes = match self.spec {
            AlignLearner::Grpo { epochs, .. } | AlignLearner::Ppo { epochs, .. } => epochs,
            _ => 1,
        };
        (per_pass * passes * length) as u64
    }

    /// One optimisation step, then the exact refresh. A non-finite loss or a runaway KL is
    /// an error naming the cause; the learner keeps its last good state only for the
    /// former (the step is not applied).
    pub async fn step(&mut self, shared: &Shared) -> Result<Report> {
        let mut report = match self.spec {
            AlignLearner::Dpo { .. }
            | AlignLearner::Ipo { .. }
            | AlignLearner::Simpo { .. }
            | AlignLearner::OnlineDpo { .. }
            | AlignLearner::Xpo { .. } => self.pair_step(shared).await?,
            AlignLearner::Kto { .. } => self.kto_step(shared).await?,
            AlignLearner::Rloo { .. } => self.rloo_step(shared).await?,
            AlignLearner::Grpo { .. } => self.grpo_step(shared).await?,
            AlignLearner::Ppo { .. } | AlignLearner::Apa { .. } => {
                self.actor_critic_step(shared).await?
            }
            AlignLearner::P3o { .. } => self.p3o_step(shared).await?,
        };
        self.refresh(shared).await?;
        let exact = self.exact(shared);
        if exact[0].1 > KL_LIMIT {
            return Err(NnError::NonFinite {
                what: format!(
                    "KL(π‖π_ref) = {:.1} nats, past {KL_LIMIT}: the policy ran away from π_ref \
                     (raise β or lower the learning rate)",
                    exact[0].1
                ),
            });
        }
        report.splice(0..0, exact);
        Ok(report)
    }

    /// KL, gold and proxy reward of the current policy, exactly.
    pub fn exact(&self, shared: &Shared) -> Report {
        vec![
            (KL_EXACT, kl(&self.logp, &shared.ref_logp)),
            (GOLD_EXACT, expectation(&self.logp, &shared.gold)),
            (PROXY_EXACT, expectation(&self.logp, &shared.proxy)),
        ]
    }

    /// Re-read the policy's whole token tree from the transformer.
    pub async fn refresh(&mut self, shared: &Shared) -> Result<()> {
        self.tree =
            token_tree(&self.policy, shared.length)
                .await
                .map_err(|e| NnError::NonFinite {
                    what: format!("the policy's probabilities ({e})"),
                })?;
        self.logp = self.tree.sequence_log_probs();
        Ok(())
    }

    /// Record how far the training pass's per-token ln π is from the tree's.
    fn audit_tree(&mut self, responses: &[usize], per_token: &[f64]) {
        let length = self.tree.length;
        for (i, &y) in responses.iter().enumerate() {
            for (a, b) in per_token[i * length..(i + 1) * length]
                .iter()
                .zip(self.tree.token_log_probs(y))
            {
                // Relative beyond 1 nat: f32 holds a collapsed policy's ln π ≈ −700 only
                // to a few 1e-5.
                let gap = (a - b).abs() / b.abs().max(1.0);
                self.audit.tree_gap = self.audit.tree_gap.max(gap);
            }
        }
    }

    /// `n` responses from the current policy, exactly (from its tree).
    fn sample(&mut self, n: usize) -> Vec<usize> {
        (0..n).map(|_| self.tree.sample(&mut self.rng)).collect()
    }

    /// A forward pass over `responses` with gradients recorded: per-token ln π (and PPO's
    /// values), also read to the host as `[n, length]` rows.
    async fn pass(&self, responses: &[usize], length: usize) -> Result<Pass<B>> {
        let tape = Tape::new();
        let head = self.value.as_ref().map(|(h, _)| h);
        let (logp, values) = forward_responses(&self.policy, head, &tape, responses, length)?;
        let host_logp = to_host(&logp).await?;
        let host_values = match &values {
            Some(v) => Some(to_host(v).await?),
            None => None,
        };
        Ok(Pass {
            logp,
            values,
            host_logp,
            host_values,
            n: responses.len(),
            length,
        })
    }

    /// Descend the loss whose gradient in each token's ln π is `d_logp` (`[n, length]`)
    /// and, for PPO, in each value `d_value`: the gradient of Σ d·ln π + Σ d_v·V.
    fn descend(&mut self, pass: Pass<B>, d_logp: &[f64], d_value: Option<&[f64]>) -> Result<()> {
        let b = self.policy.pos.backend().clone();
        let (n, length) = (pass.n, pass.length);
        let mut surrogate = pass.logp.mul(&weights(&b, d_logp, n, length)?)?.sum();
        if let (Some(v), Some(d)) = (pass.values, d_value) {
            surrogate = surrogate.add(&v.mul(&weights(&b, d, n, length)?)?.sum())?;
        }
        let grads = surrogate.backward()?;
        self.optimizer.step(&mut self.policy, &grads)?;
        if let Some((head, opt)) = &mut self.value {
            opt.step(head, &grads)?;
        }
        Ok(())
    }
}

/// One recorded forward pass.
struct Pass<B: Backend> {
    logp: Tensor<B>,
    values: Option<Tensor<B>>,
    host_logp: Vec<f64>,
    host_values: Option<Vec<f64>>,
    n: usize,
    length: usize,
}

async fn to_host<B: Backend>(t: &Tensor<B>) -> Result<Vec<f64>> {
    Ok(t.read().await?.into_iter().map(f64::from).collect())
}

/// Sequence sums of per-token rows.
fn row_sums(per_token: &[f64], length: usize) -> Vec<f64> {
    per_token.chunks(length).map(|r| r.iter().sum()).collect()
}

/// The loss value must be finite for the step to count.
fn finite(loss: f64, what: &str) -> Result<f64> {
    if loss.is_finite() {
        Ok(loss)
    } else {
        Err(NnError::NonFinite {
            what: format!("the {what} loss"),
        })
    }
}

/// The mean of `xs` (0 when empty).
fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (s, n) = xs
        .into_iter()
        .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { 0.0 } else { s / n as f64 }
}

/// e^x through the portable maths.
fn exp(x: f64) -> f64 {
    math::exp(x)
}
