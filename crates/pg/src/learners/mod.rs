//! The learners. One update samples a batch of episodes with the current policy, turns
//! them into per-step weights ψ_i (the policy-gradient estimate is (1/N) Σ_i ψ_i ∇ln
//! π(a_i|s_i) over the N episodes' steps), and changes the policy:
//!
//! | type | ψ_i | how the policy moves |
//! | --- | --- | --- |
//! | reinforce | γ^t (G_t − b) | one gradient step ([`score`]) |
//! | rloo | R_e − mean of the other episodes' R | one gradient step |
//! | actor-critic, gae | γ^t GAE(λ) | one gradient step |
//! | trpo | γ^t GAE(λ) | natural-gradient step in a KL trust region ([`crate::trpo`]) |
//! | ppo, ppo-kl, spo | GAE(λ) | epochs of minibatch ascent on a surrogate ([`surrogate`]) |
//! | grpo | group-standardised R_e ÷ episode length (process supervision: the sum of the group-standardised turn rewards from t on, ÷ episode length) | epochs of ascent on the clipped surrogate − β·k3 ([`grpo`]) |
//!
//! The vanilla estimators (REINFORCE to GAE, and TRPO's gradient) are per-episode sums
//! that weight step t by γ^t, so that their mean is exactly the ∇J of the policy-gradient
//! theorem, which the Verify panel checks (with γ = 1 the factor is 1; libraries usually
//! drop it, which biases the gradient when γ < 1: Thomas, 2014, "Bias in natural
//! actor-critic algorithms"). PPO, PPO-KL and SPO ascend their papers' objectives, means
//! over the batch's steps Ê_t without γ^t, and GRPO its paper's mean over each episode's
//! steps and then over episodes; ψ above is what their first gradient (at ρ = 1) weights
//! each step by, which the `grad_variance` and `grad_cosine` metrics use.
//!
//! An episode cut off by the cap is not over: learners with a critic bootstrap its return
//! from V of the state it reached ([`advantage`]). Learners without one (REINFORCE with no
//! or a constant baseline, RLOO, GRPO) have nothing to bootstrap from, and its return
//! simply stops at the cut.

pub mod estimator;
pub mod grpo;
pub mod score;
pub mod surrogate;

use playground_core::mdp::Mdp;
use playground_core::rng::Rng;
use playground_core::scenario::{Baseline, PgLearner, PolicyKind, Supervision};

use crate::advantage;
use crate::critic::Critic;
use crate::exact;
use crate::experiment::EXACT_SERIES_MAX_STATES;
use crate::linalg::dot;
use crate::policy::{MlpPolicy, Policy, ProbTable, SoftmaxTable, Term, entropy, mean_kl};
use crate::rollout::{self, Episode, Steps};
use crate::streams;
use crate::task::Task;
use crate::trpo::{self, TrpoOutcome};

/// One sample of the last update's ratio histogram: ρ = π_new(a|s)/π_old(a|s) after the
/// update, with the advantage Â the sample was pushed by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatioSample {
    pub ratio: f64,
    pub advantage: f64,
}

/// One step of the last batch as a surrogate objective sees it: the full-batch objective
/// is Σ_i coef_i · f(π_θ(a_i|s_i)/old_prob_i, advantage_i).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurrogateSample {
    pub state: usize,
    pub action: usize,
    pub old_prob: f64,
    pub advantage: f64,
    pub coef: f64,
}

/// What the last update left behind, for the page's histograms and the Verify panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LastUpdate {
    /// Ratio samples of the learners that use ratios (PPO, PPO-KL, SPO, GRPO, TRPO).
    pub ratios: Vec<RatioSample>,
    /// The batch as the surrogate saw it (PPO, PPO-KL, SPO, GRPO).
    pub samples: Vec<SurrogateSample>,
    pub trpo: Option<TrpoOutcome>,
    /// TRPO: the probabilities the batch was sampled with and the states it visited, so
    /// the Verify panel can recompute the step's KL.
    pub old: Option<ProbTable>,
    pub visited: Vec<usize>,
}

/// What one update reports to the experiment's series.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Report {
    /// Mean discounted return Σ_t γ^t r_t of the batch's episodes.
    pub mean_return: f64,
    /// Mean over the batch's visited states of KL(π_old(·|s) ‖ π_new(·|s)).
    pub kl: f64,
    /// Mean entropy of π_new at the batch's visited states.
    pub entropy: f64,
    /// Variance of the per-episode gradient estimates Σ_{t in e} ψ_t ∇ln π: the trace of
    /// their sample covariance.
    pub grad_variance: f64,
    /// Cosine between the batch's gradient estimate (1/N) Σ ψ_i ∇ln π and the exact ∇J,
    /// on maps small enough to solve after every update: 1 is the exact direction; noise
    /// and bias both pull it down.
    pub grad_cosine: Option<f64>,
    /// Share of the (sample, epoch) gradient evaluations whose gradient the clip zeroed.
    pub clip_fraction: Option<f64>,
    /// Share of the batch whose ratio ended outside [1 − ε, 1 + ε].
    pub outside_band: Option<f64>,
    /// PPO-KL's β after this update's adaptation.
    pub beta: Option<f64>,
    /// GRPO: share of groups whose rewards were all equal (zero advantage, no gradient):
    /// their returns (outcome supervision) or every step's turn reward (process).
    pub zero_groups: Option<f64>,
}

/// A batch turned into per-step weights.
#[derive(Clone, Debug, Default)]
struct Estimate {
    /// ψ_i: what the learner's first gradient weights ∇ln π(a_i|s_i) by (the vanilla
    /// estimate is (1/N) Σ_i ψ_i ∇ln π(a_i|s_i) over N episodes).
    psi: Vec<f64>,
    /// The advantage each step was pushed by (ψ without γ^t or per-episode scaling).
    advantages: Vec<f64>,
    /// Critic targets, for learners with a critic.
    targets: Vec<f64>,
    zero_groups: Option<f64>,
}

/// One learner in one run: its policy, critic and random streams.
#[derive(Clone, Debug)]
pub struct Learner {
    spec: PgLearner,
    policy: Policy,
    critic: Option<Critic>,
    /// GRPO's reference policy for its KL penalty: the initial policy.
    reference: Option<ProbTable>,
    /// The constant baseline: the mean episode return of all earlier updates.
    baseline_sum: f64,
    baseline_count: usize,
    /// PPO-KL's current penalty coefficient.
    beta: f64,
    /// Whether the task is solved exactly after every update (for `grad_cosine`).
    exact_series: bool,
    last: LastUpdate,
    rollouts: Rng,
    shuffles: Rng,
}

impl Learner {
    /// The learner `spec` in run `run`. Its streams do not depend on which learner it is
    /// (common random numbers): every learner of a run samples its first batch with the
    /// same numbers, so differences between curves are the algorithms', not luck's.
    /// A tabular policy and a critic have a row per observation (per state on a map).
    pub fn new(spec: &PgLearner, task: &Task, seed: u64, run: u64) -> Self {
        let (states, actions) = (task.states(), task.actions());
        let sampling = spec.sampling();
        let rows: Vec<usize> = match sampling.policy {
            PolicyKind::Blind => vec![0; states],
            PolicyKind::Tabular | PolicyKind::Mlp => task.observation.clone(),
        };
        let policy = match sampling.policy {
            PolicyKind::Tabular | PolicyKind::Blind => {
                Policy::Table(SoftmaxTable::new(rows.clone(), actions))
            }
            PolicyKind::Mlp => {
                let init = Rng::stream(seed, &[run, streams::INIT]).next_u64();
                Policy::Mlp(MlpPolicy::new(
                    task.features.clone(),
                    actions,
                    sampling.hidden,
                    init,
                ))
            }
        };
        let critic = spec.lambdas().map(|_| Critic::new(rows));
        let reference = matches!(spec, PgLearner::Grpo { .. }).then(|| policy.probs());
        let beta = match *spec {
            PgLearner::PpoKl { beta, .. } => beta,
            _ => 0.0,
        };
        Learner {
            spec: spec.clone(),
            policy,
            critic,
            reference,
            baseline_sum: 0.0,
            baseline_count: 0,
            beta,
            exact_series: exact::cheap_to_solve(&task.mdp, EXACT_SERIES_MAX_STATES),
            last: LastUpdate::default(),
            rollouts: Rng::stream(seed, &[run, streams::ROLLOUT]),
            shuffles: Rng::stream(seed, &[run, streams::SHUFFLE]),
        }
    }

    pub fn spec(&self) -> &PgLearner {
        &self.spec
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn critic(&self) -> Option<&Critic> {
        self.critic.as_ref()
    }

    pub fn last(&self) -> &LastUpdate {
        &self.last
    }

    /// Sample a batch, estimate, improve the policy (and critic). One unit of work.
    pub fn update(&mut self, task: &Task) -> Report {
        let mdp = &task.mdp;
        let old = self.policy.probs();
        let episodes = self.sample(mdp, &old);
        let steps = Steps::of(&episodes, mdp.gamma);
        let est = self.estimate(task, &episodes, &steps);
        let mut report = Report {
            mean_return: mean(episodes.iter().map(|e| e.discounted_return(mdp.gamma))),
            grad_variance: grad_variance(&self.policy, &steps, &est.psi, episodes.len()),
            grad_cosine: self
                .exact_series
                .then(|| self.grad_cosine(mdp, &steps, &est.psi, episodes.len())),
            zero_groups: est.zero_groups,
            ..Report::default()
        };
        self.last = LastUpdate::default();
        self.improve(&episodes, &steps, &old, &est, &mut report);
        if let PgLearner::Reinforce {
            baseline: Baseline::Constant,
            ..
        } = self.spec
        {
            // Updated after the step: a baseline that saw this batch's returns would
            // bias its gradient.
            self.baseline_sum += report.mean_return * episodes.len() as f64;
            self.baseline_count += episodes.len();
        }
        let new = self.policy.probs();
        report.kl = mean_kl(&old, &new, &steps.state);
        report.entropy = mean(steps.state.iter().map(|&s| entropy(new.row(s))));
        if let PgLearner::PpoKl { target_kl, .. } = self.spec {
            // The PPO paper's rule: halve β when the update moved too little, double it
            // when it moved too much.
            if report.kl < target_kl / 1.5 {
                self.beta /= 2.0;
            } else if report.kl > 1.5 * target_kl {
                self.beta *= 2.0;
            }
            report.beta = Some(self.beta);
        }
        if let Some(eps) = self.spec.clip() {
            let outside = self
                .last
                .ratios
                .iter()
                .filter(|r| (r.ratio - 1.0).abs() > eps)
                .count();
            report.outside_band = Some(outside as f64 / self.last.ratios.len().max(1) as f64);
        }
        report
    }

    /// cos(ĝ, ∇J) before the update; NaN when either is zero or J is undefined.
    fn grad_cosine(&self, mdp: &Mdp, steps: &Steps, psi: &[f64], episodes: usize) -> f64 {
        let Some(exact) = exact::policy_gradient(mdp, &self.policy) else {
            return f64::NAN;
        };
        let estimate = score::gradient(&self.policy, steps, psi, episodes);
        let norms = dot(&exact, &exact).sqrt() * dot(&estimate, &estimate).sqrt();
        dot(&exact, &estimate) / norms
    }

    fn sample(&mut self, mdp: &Mdp, pi: &ProbTable) -> Vec<Episode> {
        let batch = self.spec.sampling().batch;
        match self.spec {
            PgLearner::Grpo { group, .. } => {
                // Every episode of a group starts from the same state, like G answers to
                // one prompt.
                let mut out = Vec::with_capacity(batch);
                for _ in 0..batch / group {
                    let start = mdp.sample_start(&mut self.rollouts);
                    for _ in 0..group {
                        out.push(rollout::episode_from(
                            mdp,
                            pi,
                            start,
                            mdp.episode_cap,
                            &mut self.rollouts,
                        ));
                    }
                }
                out
            }
            _ => rollout::batch(mdp, pi, batch, &mut self.rollouts),
        }
    }

    fn estimate(&self, task: &Task, episodes: &[Episode], steps: &Steps) -> Estimate {
        let gamma = task.mdp.gamma;
        let returns = || -> Vec<f64> {
            episodes
                .iter()
                .flat_map(|ep| advantage::returns(&ep.rewards, gamma, 0.0))
                .collect()
        };
        let discounted = |adv: Vec<f64>, targets: Vec<f64>| Estimate {
            psi: adv
                .iter()
                .zip(&steps.discount)
                .map(|(a, d)| a * d)
                .collect(),
            advantages: adv,
            targets,
            zero_groups: None,
        };
        match self.spec {
            PgLearner::Reinforce {
                baseline: Baseline::None,
                ..
            } => discounted(returns(), Vec::new()),
            PgLearner::Reinforce {
                baseline: Baseline::Constant,
                ..
            } => {
                let b = self.constant_baseline();
                discounted(returns().iter().map(|g| g - b).collect(), Vec::new())
            }
            PgLearner::Rloo { .. } => {
                let r: Vec<f64> = episodes
                    .iter()
                    .map(|e| e.discounted_return(gamma))
                    .collect();
                let per_episode = score::leave_one_out(&r);
                let adv: Vec<f64> = steps.episode.iter().map(|&e| per_episode[e]).collect();
                Estimate {
                    psi: adv.clone(),
                    advantages: adv,
                    ..Estimate::default()
                }
            }
            PgLearner::Grpo {
                group,
                supervision: Supervision::Process,
                ..
            } => {
                let rewards: Vec<Vec<f64>> =
                    episodes.iter().map(|e| task.turn_rewards(e)).collect();
                let (per_step, zero) = grpo::process_advantages(&rewards, group, gamma);
                let psi = per_step
                    .iter()
                    .flat_map(|a| a.iter().map(move |x| x / a.len() as f64))
                    .collect();
                Estimate {
                    psi,
                    advantages: per_step.concat(),
                    targets: Vec::new(),
                    zero_groups: Some(zero),
                }
            }
            PgLearner::Grpo { group, .. } => {
                let r: Vec<f64> = episodes
                    .iter()
                    .map(|e| e.discounted_return(gamma))
                    .collect();
                let (per_episode, zero) = grpo::group_advantages(&r, group);
                let adv: Vec<f64> = steps.episode.iter().map(|&e| per_episode[e]).collect();
                let psi = steps
                    .episode
                    .iter()
                    .map(|&e| per_episode[e] / episodes[e].len() as f64)
                    .collect();
                Estimate {
                    psi,
                    advantages: adv,
                    targets: Vec::new(),
                    zero_groups: Some(zero),
                }
            }
            PgLearner::McEvaluation { .. } => Estimate::default(),
            _ => {
                let critic = self.critic.as_ref().expect("learners with λ have a critic");
                let l = self.spec.lambdas().expect("learners with a critic have λ");
                let e =
                    advantage::estimate(episodes, gamma, l.actor, l.critic, |s| critic.value(s));
                if self.objective().is_some() {
                    // PPO, PPO-KL, SPO: their papers' Ê_t has no γ^t.
                    Estimate {
                        psi: e.advantages.clone(),
                        advantages: e.advantages,
                        targets: e.targets,
                        zero_groups: None,
                    }
                } else {
                    discounted(e.advantages, e.targets)
                }
            }
        }
    }

    fn constant_baseline(&self) -> f64 {
        if self.baseline_count == 0 {
            0.0
        } else {
            self.baseline_sum / self.baseline_count as f64
        }
    }

    fn improve(
        &mut self,
        episodes: &[Episode],
        steps: &Steps,
        old: &ProbTable,
        est: &Estimate,
        report: &mut Report,
    ) {
        let n = episodes.len();
        let lr = self.spec.sampling().learning_rate.unwrap_or(0.0);
        match self.spec {
            PgLearner::Reinforce { critic_lr, .. }
            | PgLearner::ActorCritic { critic_lr, .. }
            | PgLearner::Gae { critic_lr, .. } => {
                score::ascend(&mut self.policy, steps, &est.psi, n, lr);
                if let Some(c) = &mut self.critic {
                    c.toward_means(&steps.state, &est.targets, critic_lr);
                }
            }
            PgLearner::Rloo { .. } => score::ascend(&mut self.policy, steps, &est.psi, n, lr),
            PgLearner::Trpo {
                delta,
                cg_iters,
                backtrack,
                critic_lr,
                ..
            } => {
                let outcome = trpo::update(
                    &mut self.policy,
                    steps,
                    &est.psi,
                    n,
                    old,
                    trpo::Settings {
                        delta,
                        cg_iters,
                        backtrack,
                    },
                );
                self.last.trpo = Some(outcome);
                self.last.old = Some(old.clone());
                self.last.visited = steps.state.clone();
                if let Some(c) = &mut self.critic {
                    c.toward_means(&steps.state, &est.targets, critic_lr);
                }
                self.record_ratios(steps, old, &est.advantages);
            }
            PgLearner::Ppo { .. } | PgLearner::PpoKl { .. } | PgLearner::Spo { .. } => {
                let settings = self.surrogate_settings(lr);
                let critic = self
                    .critic
                    .as_mut()
                    .expect("surrogate learners have a critic");
                let batch = surrogate::Batch {
                    steps,
                    advantages: &est.advantages,
                    targets: &est.targets,
                    old,
                };
                let (samples, clip_fraction) = surrogate::optimise(
                    &mut self.policy,
                    critic,
                    batch,
                    &settings,
                    &mut self.shuffles,
                );
                if matches!(settings.objective, surrogate::Objective::Clip { .. }) {
                    report.clip_fraction = Some(clip_fraction);
                }
                self.last.samples = samples;
                self.record_ratios(steps, old, &est.advantages);
            }
            PgLearner::Grpo {
                clip,
                kl_beta,
                epochs,
                ..
            } => {
                let lengths: Vec<usize> = episodes.iter().map(Episode::len).collect();
                let reference = self.reference.as_ref().expect("GRPO keeps its reference");
                let (samples, clip_fraction) = grpo::optimise(
                    &mut self.policy,
                    steps,
                    &est.advantages,
                    &lengths,
                    old,
                    reference,
                    &grpo::Settings {
                        clip,
                        kl_beta,
                        epochs,
                        learning_rate: lr,
                    },
                );
                report.clip_fraction = Some(clip_fraction);
                self.last.samples = samples;
                self.record_ratios(steps, old, &est.advantages);
            }
            PgLearner::McEvaluation { .. } => {}
        }
    }

    fn surrogate_settings(&self, learning_rate: f64) -> surrogate::Settings {
        let (objective, epochs, minibatches, value_coef, entropy_coef, kl_beta) = match self.spec {
            PgLearner::Ppo {
                clip,
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                ..
            } => (
                surrogate::Objective::Clip { eps: clip },
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                0.0,
            ),
            PgLearner::Spo {
                clip,
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                ..
            } => (
                surrogate::Objective::Spo { eps: clip },
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                0.0,
            ),
            PgLearner::PpoKl {
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                ..
            } => (
                surrogate::Objective::Plain,
                epochs,
                minibatches,
                value_coef,
                entropy_coef,
                self.beta,
            ),
            _ => unreachable!("called for surrogate learners only"),
        };
        surrogate::Settings {
            objective,
            epochs,
            minibatches,
            learning_rate,
            value_coef,
            entropy_coef,
            kl_beta,
        }
    }

    /// The surrogate objective this learner ascends, if it has one.
    pub fn objective(&self) -> Option<surrogate::Objective> {
        match self.spec {
            PgLearner::Ppo { clip, .. } | PgLearner::Grpo { clip, .. } => {
                Some(surrogate::Objective::Clip { eps: clip })
            }
            PgLearner::Spo { clip, .. } => Some(surrogate::Objective::Spo { eps: clip }),
            PgLearner::PpoKl { .. } => Some(surrogate::Objective::Plain),
            _ => None,
        }
    }

    /// Ratios π_new/π_old of the batch after the update, with their advantages.
    fn record_ratios(&mut self, steps: &Steps, old: &ProbTable, advantages: &[f64]) {
        let new = self.policy.probs_at(&steps.state);
        let a = old.actions();
        self.last.ratios = (0..steps.len())
            .map(|i| {
                let (s, act) = (steps.state[i], steps.action[i]);
                RatioSample {
                    ratio: new[i * a + act] / old.prob(s, act),
                    advantage: advantages[i],
                }
            })
            .collect();
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (mut n, mut total) = (0usize, 0.0);
    for x in xs {
        n += 1;
        total += x;
    }
    if n == 0 { 0.0 } else { total / n as f64 }
}

/// Trace of the sample covariance of the per-episode gradient estimates
/// g_e = Σ_{i in e} ψ_i ∇ln π(a_i|s_i) (the batch's estimate is their mean).
pub fn grad_variance(policy: &Policy, steps: &Steps, psi: &[f64], episodes: usize) -> f64 {
    if episodes < 2 {
        return 0.0;
    }
    let mut terms: Vec<Vec<Term>> = vec![Vec::new(); episodes];
    for i in 0..steps.len() {
        terms[steps.episode[i]].push(Term::new(steps.state[i], steps.action[i], psi[i]));
    }
    // Σ_k Σ_e (g_ek − m_k)² = Σ_k (Σ_e g_ek² − (Σ_e g_ek)²/n), summed over each
    // episode's non-zero pieces only (a tabular episode reads a few rows).
    let (mut sum, mut sum_sq) = (vec![0.0; policy.n_params()], 0.0);
    for t in &terms {
        for (offset, g) in policy.grad_parts(t) {
            for (k, x) in g.into_iter().enumerate() {
                sum[offset + k] += x;
                sum_sq += x * x;
            }
        }
    }
    let n = episodes as f64;
    let between = sum.iter().map(|s| s * s).sum::<f64>() / n;
    ((sum_sq - between) / (n - 1.0)).max(0.0)
}
