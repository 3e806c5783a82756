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
    FRAC_ZERO_STD, expectation, kl, KL_ESTIMATE, LOSS, Learner, REWARD_ESTIMATE, Report, Shared, exp, finite,
    mean, row_sums,
};

/// A batch of sampled responses with what the policy and π_ref said of each token when
/// they were drawn.
struct Rollout {
    responses: Vec<usize>,
    /// ln π of every response under the policy that drew them.
    policy_logp: Vec<f64>,
    reward: Vec<f64>,
    /// ln π_old(y_t | y_<t) and ln π_ref(y_t | y_<t), `[n, length]`.
    old: Vec<f64>,
    reference: Vec<f64>,
}

impl<B: Backend> Learner<B> {
    fn rollout(&mut self, shared: &Shared) -> Rollout {
        let responses = self.sample(self.spec.batch());
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
            policy_logp: self.logp.clone(),
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
        let exact_kl = kl(&roll.policy_logp, &shared.ref_logp);
        let exact_reward = expectation(&roll.policy_logp, shared.reward(source));
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
        let roll = self.rollout(shared);
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
        let roll = self.rollout(shared);
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

    pub(super) async fn ppo_step(&mut self, shared: &Shared) -> Result<Report> {
        let AlignLearner::Ppo {
            beta,
            clip,
            epochs,
            lam,
            vf_coef,
            ..
        } = self.spec
        else {
            unreachable!("ppo_step runs PPO learners")
        };
        let length = shared.length;
        let roll = self.rollout(shared);
        let objective = Objective::Clip { eps: clip };
        let scale = 1.0 / (roll.responses.len() * length) as f64;
        let mut targets: Option<(Vec<f64>, Vec<f64>)> = None;
        let mut first_loss = None;
        for _ in 0..epochs {
            let pass = self.pass(&roll.responses, length).await?;
            if first_loss.is_none() {
                self.audit_tree(&roll.responses, &pass.host_logp);
            }
            let values = pass.host_values.clone().expect("PPO has a value head");
            let (adv, returns) =
                targets.get_or_insert_with(|| advantages(&roll, &values, beta, lam, length));
            let mut loss = 0.0;
            let mut d = Vec::with_capacity(values.len());
            let mut d_value = Vec::with_capacity(values.len());
            for k in 0..values.len() {
                let rho = exp(pass.host_logp[k] - roll.old[k]);
                let err = values[k] - returns[k];
                loss += scale * (-objective.value(rho, adv[k]) + 0.5 * vf_coef * err * err);
                d.push(-scale * objective.slope(rho, adv[k]) * rho);
                d_value.push(scale * vf_coef * err);
            }
            first_loss.get_or_insert(finite(loss, "PPO")?);
            self.descend(pass, &d, Some(&d_value))?;
        }
        let mut report = vec![(LOSS, first_loss.unwrap_or(0.0))];
        report.extend(self.estimates(&roll, shared));
        Ok(report)
    }
}

impl<B: Backend> Learner<B> {
    /// With a two-valued reward (the verifiable one), a group of k is all equal with
    /// probability p^k + (1 − p)^k, p = P_π(reward = high): tally the observed share of
    /// such groups against it.
    fn tally_flat_groups(&mut self, roll: &Rollout, shared: &Shared, group: usize, flat: f64) {
        let r = shared.reward(self.spec.reward().expect("GRPO has a reward"));
        let (lo, hi) = r.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
        if r.iter().any(|&x| x != lo && x != hi) {
            return;
        }
        let p = roll
            .policy_logp
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

/// PPO's per-token advantages (GAE with γ = 1, whitened over the batch) and value targets.
/// The reward of token t is −β ln(π_old/π_ref) of that token, plus the response's reward
/// at its last token; the value after the last token is 0.
fn advantages(
    roll: &Rollout,
    values: &[f64],
    beta: f64,
    lam: f64,
    length: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut adv = Vec::with_capacity(values.len());
    for (i, v) in values.chunks(length).enumerate() {
        let deltas: Vec<f64> = (0..length)
            .map(|t| {
                let k = i * length + t;
                let mut r = -beta * (roll.old[k] - roll.reference[k]);
                if t + 1 == length {
                    r += roll.reward[i];
                }
                let next = if t + 1 < length { v[t + 1] } else { 0.0 };
                r + next - v[t]
            })
            .collect();
        adv.extend(gae(&deltas, 1.0, lam));
    }
    let returns: Vec<f64> = adv.iter().zip(values).map(|(a, v)| a + v).collect();
    let m = mean(adv.iter().copied());
    let sd = mean(adv.iter().map(|a| (a - m) * (a - m))).sqrt();
    let whitened = adv.iter().map(|a| (a - m) / (sd + 1e-8)).collect();
    (whitened, returns)
}
