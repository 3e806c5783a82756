//! The reinforcement learners, on responses sampled from the current policy: RLOO
//! (leave-one-out baselines, the KL folded into the reward), GRPO (group-standardised
//! advantages, PPO's clipped ratio per token, the k3 KL estimator) and PPO (a value head,
//! GAE over the response's tokens, a per-token KL penalty in the reward). Advantages,
//! surrogates and GAE are the policy-gradient lab's (`playground_pg`).

use playground_core::scenario::AlignLearner;
use playground_nn::{Backend, Result};
use playground_pg::advantage::gae;
use playground_pg::learners::grpo::group_advantages;
use playground_pg::learners::score::leave_one_out;
use playground_pg::learners::surrogate::Objective;

use super::{
    FRAC_ZERO_STD, KL_ESTIMATE, LOSS, Learner, REWARD_ESTIMATE, Report, Shared, exp, expectation,
    finite, kl, mean, row_sums,
};

/// A batch of sampled responses with what the policy and π_ref said of each token when
/// they were drawn.
struct Rollout {
    responses: Vec<usize>,
    reward: Vec<f64>,
    /// ln π_old(y_t | y_<t) and ln π_ref(y_t | y_<t), `[n, length]`.
    old: Vec<f64>,
    reference: Vec<f64>,
}

impl<B: Backend> Learner<B> {
    fn rollout(&mut self, shared: &Shared, n: usize) -> Rollout {
        let responses = self.sample(n);
        let source = self.spec.reward().expect("RL learners have a reward");
        let r = shared.reward(source);
        Rollout {
            reward: responses.iter().map(|&y| r[y]).collect(),
            old: responses
                .iter()
                .flat_map(|&y| self.tree.token_log_probs(y))
                .collect(),
            reference: responses
                .iter()
                .flat_map(|&y| shared.reference.token_log_probs(y))
                .collect(),
            responses,
        }
    }

    /// The Monte Carlo estimates of KL(π‖π_ref) and E r from the rollout, tallied
    /// against their exact values for the policy that drew it.
    fn estimates(&mut self, roll: &Rollout, shared: &Shared) -> Report {
        let length = shared.length;
        let ratio: Vec<f64> = row_sums(&roll.old, length)
            .iter()
            .zip(row_sums(&roll.reference, length))
            .map(|(a, b)| a - b)
            .collect();
        let source = self.spec.reward().expect("RL learners have a reward");
        // The tree is refreshed only after the step: `self.logp` is still the policy that
        // drew the rollout.
        let exact_kl = kl(&self.logp, &shared.ref_logp);
        let exact_reward = expectation(&self.logp, shared.reward(source));
        let (kl_hat, kl_var) = mean_and_variance(&ratio);
        let (r_hat, r_var) = mean_and_variance(&roll.reward);
        self.audit.kl.add(kl_hat, exact_kl, kl_var);
        self.audit.reward.add(r_hat, exact_reward, r_var);
        vec![(KL_ESTIMATE, kl_hat), (REWARD_ESTIMATE, r_hat)]
    }

    pub(super) async fn rloo_step(&mut self, shared: &Shared) -> Result<Report> {
        let AlignLearner::Rloo { beta, group, .. } = self.spec else {
            unreachable!("rloo_step runs RLOO learners")
        };
        let length = shared.length;
        let roll = self.rollout(shared, self.spec.batch());
        let n = roll.responses.len();
        let log_ratio: Vec<f64> = row_sums(&roll.old, length)
            .iter()
            .zip(row_sums(&roll.reference, length))
            .map(|(a, b)| a - b)
            .collect();
        let score: Vec<f64> = roll
            .reward
            .iter()
            .zip(&log_ratio)
            .map(|(r, k)| r - beta * k)
            .collect();
        let adv: Vec<f64> = score.chunks(group).flat_map(leave_one_out).collect();
        let pass = self.pass(&roll.responses, length).await?;
        self.audit_tree(&roll.responses, &pass.host_logp);
        let logp = row_sums(&pass.host_logp, length);
        let loss = finite(-mean(adv.iter().zip(&logp).map(|(a, l)| a * l)), "RLOO")?;
        let d: Vec<f64> = adv
            .iter()
            .flat_map(|&a| std::iter::repeat_n(-a / n as f64, length))
            .collect();
        self.descend(pass, &d, None)?;
        let mut report = vec![(LOSS, loss)];
        report.extend(self.estimates(&roll, shared));
        Ok(report)
    }

    pub(super) async fn grpo_step(&mut self, shared: &Shared) -> Result<Report> {
        let AlignLearner::Grpo {
            beta,
            group,
            clip,
            epochs,
            ..
        } = self.spec
        else {
            unreachable!("grpo_step runs GRPO learners")
        };
        let length = shared.length;
        let roll = self.rollout(shared, self.spec.batch());
        let (adv, flat) = group_advantages(&roll.reward, group);
        self.tally_flat_groups(&roll, shared, group, flat);
        let objective = Objective::Clip { eps: clip };
        let scale = 1.0 / (roll.responses.len() * length) as f64;
        let mut first_loss = None;
        for _ in 0..epochs {
            let pass = self.pass(&roll.responses, length).await?;
            if first_loss.is_none() {
                self.audit_tree(&roll.responses, &pass.host_logp);
            }
            let mut loss = 0.0;
            let d: Vec<f64> = (0..pass.host_logp.len())
                .map(|k| {
                    let (lp, a) = (pass.host_logp[k], adv[k / length]);
                    let rho = exp(lp - roll.old[k]);
                    // k3 = e^(ref − lp) − (ref − lp) − 1, with ∂k3/∂lp = 1 − e^(ref − lp).
                    let x = roll.reference[k] - lp;
                    let k3 = exp(x) - x - 1.0;
                    loss += scale * (-objective.value(rho, a) + beta * k3);
                    scale * (-objective.slope(rho, a) * rho + beta * (1.0 - exp(x)))
                })
                .collect();
            first_loss.get_or_insert(finite(loss, "GRPO")?);
            self.descend(pass, &d, None)?;
        }
        let mut report = vec![(LOSS, first_loss.unwrap_or(0.0))];
        report.extend(self.estimates(&roll, shared));
        report.push((FRAC_ZERO_STD, flat));
        Ok(report)
    }

    /// PPO (clipped ratios, KL in the reward, whitened GAE advantages) and APA (a squared
    /// loss toward ln π_ref + Â/β, the raw GAE advantages of the reward alone), each with
    /// a value head fitted to the GAE returns.
    pub(super) async fn actor_critic_step(&mut self, shared: &Shared) -> Result<Report> {
        let (rule, epochs, lam, vf_coef) = match self.spec {
            AlignLearner::Ppo {
                beta,
                clip,
                epochs,
                lam,
                vf_coef,
                reward_shift,
                ..
            } => (
                Rule::Ppo {
                    clip: Objective::Clip { eps: clip },
                    beta,
                    shift: reward_shift,
                },
                epochs,
                lam,
                vf_coef,
            ),
            AlignLearner::Apa {
                beta, lam, vf_coef, ..
            } => (Rule::Apa { beta }, 1, lam, vf_coef),
            _ => unreachable!("actor_critic_step runs PPO and APA learners"),
        };
        let length = shared.length;
        let roll = self.rollout(shared, self.spec.batch());
        let scale = 1.0 / (roll.responses.len() * length) as f64;
        let mut targets: Option<(Vec<f64>, Vec<f64>)> = None;
        let mut first_loss = None;
        for _ in 0..epochs {
            let pass = self.pass(&roll.responses, length).await?;
            if first_loss.is_none() {
                self.audit_tree(&roll.responses, &pass.host_logp);
            }
            let values = pass.host_values.clone().expect("a value head");
            let (adv, returns) =
                targets.get_or_insert_with(|| advantages(&roll, &values, rule, lam, length));
            let mut loss = 0.0;
            let mut d = Vec::with_capacity(values.len());
            let mut d_value = Vec::with_capacity(values.len());
            for k in 0..values.len() {
                let lp = pass.host_logp[k];
                let err = values[k] - returns[k];
                loss += scale * 0.5 * vf_coef * err * err;
                d_value.push(scale * vf_coef * err);
                match rule {
                    Rule::Ppo { clip, .. } => {
                        let rho = exp(lp - roll.old[k]);
                        loss -= scale * clip.value(rho, adv[k]);
                        d.push(-scale * clip.slope(rho, adv[k]) * rho);
                    }
                    Rule::Apa { beta } => {
                        let x = lp - roll.reference[k] - adv[k] / beta;
                        loss += scale * x * x;
                        d.push(scale * 2.0 * x);
                    }
                }
            }
            first_loss.get_or_insert(finite(loss, self.spec.type_name())?);
            self.descend(pass, &d, Some(&d_value))?;
        }
        let mut report = vec![(LOSS, first_loss.unwrap_or(0.0))];
        report.extend(self.estimates(&roll, shared));
        Ok(report)
    }

    /// P3O: pairs drawn from the policy, each pushed along ∇ln π(y₁) − ∇ln π(y₂) by the
    /// difference of their scores s = (r + c) − β ln(π/π_ref). The shift c cancels in the
    /// difference (exactly, for rewards and shifts that add without rounding).
    pub(super) async fn p3o_step(&mut self, shared: &Shared) -> Result<Report> {
        let AlignLearner::P3o {
            beta, reward_shift, ..
        } = self.spec
        else {
            unreachable!("p3o_step runs P3O learners")
        };
        let length = shared.length;
        let pairs = self.spec.batch();
        let roll = self.rollout(shared, 2 * pairs);
        let ratio: Vec<f64> = row_sums(&roll.old, length)
            .iter()
            .zip(row_sums(&roll.reference, length))
            .map(|(a, b)| a - b)
            .collect();
        let pass = self.pass(&roll.responses, length).await?;
        self.audit_tree(&roll.responses, &pass.host_logp);
        let logp = row_sums(&pass.host_logp, length);
        let (mut loss, mut d) = (0.0, Vec::with_capacity(2 * pairs * length));
        for i in 0..pairs {
            let (a, b) = (2 * i, 2 * i + 1);
            let gap = ((roll.reward[a] + reward_shift) - (roll.reward[b] + reward_shift))
                - beta * (ratio[a] - ratio[b]);
            loss -= gap * (logp[a] - logp[b]) / (2 * pairs) as f64;
            let w = gap / (2 * pairs) as f64;
            d.extend(std::iter::repeat_n(-w, length));
            d.extend(std::iter::repeat_n(w, length));
        }
        finite(loss, "P3O")?;
        self.descend(pass, &d, None)?;
        let mut report = vec![(LOSS, loss)];
        report.extend(self.estimates(&roll, shared));
        Ok(report)
    }
}

/// What an actor-critic learner descends per token.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// PPO: the clipped surrogate, KL penalty β in the reward, the reward shifted by c.
    Ppo {
        clip: Objective,
        beta: f64,
        shift: f64,
    },
    /// APA: squared distance to ln π_ref + Â/β.
    Apa { beta: f64 },
}

impl<B: Backend> Learner<B> {
    /// With a two-valued reward (the verifiable one), a group of k is all equal with
    /// probability p^k + (1 − p)^k, p = P_π(reward = high): tally the observed share of
    /// such groups against it.
    fn tally_flat_groups(&mut self, roll: &Rollout, shared: &Shared, group: usize, flat: f64) {
        let r = shared.reward(self.spec.reward().expect("GRPO has a reward"));
        let (lo, hi) = r
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        if r.iter().any(|&x| x != lo && x != hi) {
            return;
        }
        let p = self
            .logp
            .iter()
            .zip(r)
            .filter(|(_, x)| **x == hi)
            .map(|(l, _)| exp(*l))
            .sum::<f64>();
        let q = p.powi(group as i32) + (1.0 - p).powi(group as i32);
        let groups = (roll.responses.len() / group) as f64;
        self.audit.flat.add(flat, q, q * (1.0 - q) / groups);
    }
}

/// The mean of `xs` and the variance of that mean (sample variance / n).
fn mean_and_variance(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = mean(xs.iter().copied());
    let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0).max(1.0);
    (m, var / n)
}

/// Per-token advantages (GAE with γ = 1) and value targets. PPO's token reward is
/// −β ln(π_old/π_ref) of that token, plus the response's reward (shifted by c) at its last
/// token, and its advantages are whitened over the batch; APA's is the reward alone, its
/// advantages raw (their scale sets its target). The value after the last token is 0.
fn advantages(
    roll: &Rollout,
    values: &[f64],
    rule: Rule,
    lam: f64,
    length: usize,
) -> (Vec<f64>, Vec<f64>) {
    let (beta, shift) = match rule {
        Rule::Ppo { beta, shift, .. } => (beta, shift),
        Rule::Apa { .. } => (0.0, 0.0),
    };
    let mut adv = Vec::with_capacity(values.len());
    for (i, v) in values.chunks(length).enumerate() {
        let deltas: Vec<f64> = (0..length)
            .map(|t| {
                let k = i * length + t;
                let mut r = -beta * (roll.old[k] - roll.reference[k]);
                if t + 1 == length {
                    r += roll.reward[i] + shift;
                }
                let next = if t + 1 < length { v[t + 1] } else { 0.0 };
                r + next - v[t]
            })
            .collect();
        adv.extend(gae(&deltas, 1.0, lam));
    }
    let returns: Vec<f64> = adv.iter().zip(values).map(|(a, v)| a + v).collect();
    if let Rule::Apa { .. } = rule {
        return (adv, returns);
    }
    let m = mean(adv.iter().copied());
    let sd = mean(adv.iter().map(|a| (a - m) * (a - m))).sqrt();
    let whitened = adv.iter().map(|a| (a - m) / (sd + 1e-8)).collect();
    (whitened, returns)
}
