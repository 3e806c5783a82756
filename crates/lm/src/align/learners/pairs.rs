//! The preference learners: DPO, IPO and SimPO on the offline pairs, online DPO on pairs
//! drawn from the current policy, and KTO on the pairs split into thumbs up and down. The
//! losses are the Preference Lab's (`playground_pref::loss`, `group::kto`).

use playground_core::scenario::AlignLearner;
use playground_nn::{Backend, Result};
use playground_pref::group::{Unpaired, kto};
use playground_pref::loss::{PairLoss, Sides};
use playground_pref::metrics::{REWARDS_CHOSEN, REWARDS_REJECTED, named, pair_terms};

use super::{KTO_KL, LOSS, Learner, Report, Shared, finite, mean, row_sums};
use crate::align::world::{LabelledPair, label};

/// The Preference Lab's loss for a pairwise learner.
pub fn pair_loss(spec: &AlignLearner) -> PairLoss {
    match *spec {
        AlignLearner::Ipo { beta, .. } => PairLoss::Ipo { beta },
        AlignLearner::Simpo {
            beta, simpo_gamma, ..
        } => PairLoss::SimPo {
            beta,
            gamma: simpo_gamma,
        },
        ref other => PairLoss::Dpo { beta: other.beta() },
    }
}

impl<B: Backend> Learner<B> {
    /// This step's pairs: `batch` of the offline data (with replacement), or for online
    /// DPO fresh pairs from the current policy labelled by Bradley–Terry on its reward.
    /// XPO (as in TRL) pairs one draw from the policy with one from π_ref; those draws
    /// from π_ref are returned too, for its exploration term.
    fn pairs(&mut self, shared: &Shared) -> (Vec<LabelledPair>, Vec<usize>) {
        let n = self.spec.batch();
        let Some(source) = self.spec.reward() else {
            let offline = (0..n)
                .map(|_| shared.pairs[self.rng.below(shared.pairs.len())])
                .collect();
            return (offline, Vec::new());
        };
        let r = shared.reward(source);
        if matches!(self.spec, AlignLearner::Xpo { .. }) {
            let own = self.sample(n);
            let from_ref: Vec<usize> = (0..n)
                .map(|_| shared.reference.sample(&mut self.rng))
                .collect();
            let pairs = own
                .iter()
                .zip(&from_ref)
                .map(|(&a, &b)| label(a, b, r, &mut self.rng))
                .collect();
            return (pairs, from_ref);
        }
        let drawn = self.sample(2 * n);
        let pairs = drawn
            .chunks(2)
            .map(|ab| label(ab[0], ab[1], r, &mut self.rng))
            .collect();
        (pairs, Vec::new())
    }

    pub(super) async fn pair_step(&mut self, shared: &Shared) -> Result<Report> {
        let (pairs, from_ref) = self.pairs(shared);
        let mut responses = pair_responses(&pairs);
        // XPO's exploration term: α·ln π(ỹ) for its draws ỹ from π_ref, minimised: it
        // pushes the policy's mass off the reference's typical responses.
        let explore = match self.spec {
            AlignLearner::Xpo { alpha, .. } => {
                responses.extend(&from_ref);
                Some(alpha)
            }
            _ => None,
        };
        let pass = self.pass(&responses, shared.length).await?;
        self.audit_tree(&responses, &pass.host_logp);
        let logp = row_sums(&pass.host_logp, shared.length);
        let mut step = pair_gradient(
            &pair_loss(&self.spec),
            self.spec.beta(),
            &pairs,
            &logp,
            shared,
        );
        if let Some(alpha) = explore {
            let n = pairs.len() as f64;
            step.value += alpha * logp[2 * pairs.len()..].iter().sum::<f64>() / n;
            step.d_logp
                .extend(std::iter::repeat_n(alpha / n, pairs.len() * shared.length));
        }
        finite(step.value, self.spec.type_name())?;
        self.descend(pass, &step.d_logp, None)?;
        let mut report = vec![(LOSS, step.value)];
        report.extend(named(step.means));
        Ok(report)
    }

    /// KTO: the chosen responses of a batch of pairs are desirable, the rejected ones
    /// not. Its reference point z₀ is TRL's estimate, the batch's mean ln(π/π_ref) held
    /// constant (clamped at 0).
    pub(super) async fn kto_step(&mut self, shared: &Shared) -> Result<Report> {
        let AlignLearner::Kto {
            beta,
            desirable_weight,
            undesirable_weight,
            ..
        } = self.spec
        else {
            unreachable!("kto_step runs KTO learners")
        };
        let (pairs, _) = self.pairs(shared);
        let (n, length) = (pairs.len(), shared.length);
        let responses = pair_responses(&pairs);
        let pass = self.pass(&responses, length).await?;
        self.audit_tree(&responses, &pass.host_logp);
        let logp = row_sums(&pass.host_logp, length);
        let ref_logp: Vec<f64> = responses.iter().map(|&y| shared.ref_logp[y]).collect();
        let z0 = mean(logp.iter().zip(&ref_logp).map(|(a, b)| a - b)).max(0.0);
        let items: Vec<Unpaired> = (0..2 * n)
            .map(|i| Unpaired {
                response: i,
                desirable: i < n,
                weight: 1.0,
            })
            .collect();
        let g = kto(
            beta,
            desirable_weight,
            undesirable_weight,
            &items,
            &logp,
            &ref_logp,
            z0,
        );
        finite(g.value, "KTO")?;
        let d: Vec<f64> = g
            .d_logp
            .iter()
            .flat_map(|&x| std::iter::repeat_n(x, length))
            .collect();
        self.descend(pass, &d, None)?;
        let implicit =
            |range: std::ops::Range<usize>| mean(range.map(|i| beta * (logp[i] - ref_logp[i])));
        Ok(vec![
            (LOSS, g.value),
            (REWARDS_CHOSEN, implicit(0..n)),
            (REWARDS_REJECTED, implicit(n..2 * n)),
            (KTO_KL, z0),
        ])
    }
}

/// The chosen responses, then the rejected ones.
pub fn pair_responses(pairs: &[LabelledPair]) -> Vec<usize> {
    pairs
        .iter()
        .map(|p| p.chosen)
        .chain(pairs.iter().map(|p| p.rejected))
        .collect()
}

/// A pairwise loss on a batch: its mean value, ∂loss/∂ln π(y_t) for every token of
/// [`pair_responses`] (`[2n, length]`), and the batch means of TRL's chosen and rejected
/// implicit rewards, accuracy and log-probabilities.
#[derive(Clone, Debug, PartialEq)]
pub struct PairStep {
    pub value: f64,
    pub d_logp: Vec<f64>,
    pub means: [f64; 5],
}

/// [`PairStep`] from the sequences' ln π under the policy (`logp`, in
/// [`pair_responses`] order); every token of a sequence gets its sequence's partial.
pub fn pair_gradient(
    loss: &PairLoss,
    beta: f64,
    pairs: &[LabelledPair],
    logp: &[f64],
    shared: &Shared,
) -> PairStep {
    let (n, length) = (pairs.len(), shared.length);
    let mut d_logp = vec![0.0; 2 * n * length];
    let (mut value, mut means) = (0.0, [0.0; 5]);
    for (i, p) in pairs.iter().enumerate() {
        let s = Sides {
            logp_w: logp[i],
            logp_l: logp[n + i],
            ref_w: shared.ref_logp[p.chosen],
            ref_l: shared.ref_logp[p.rejected],
            len_w: length as f64,
            len_l: length as f64,
            gold_w: shared.gold[p.chosen],
            gold_l: shared.gold[p.rejected],
        };
        let g = loss.eval(&s);
        value += g.value / n as f64;
        d_logp[i * length..(i + 1) * length].fill(g.d_w / n as f64);
        d_logp[(n + i) * length..(n + i + 1) * length].fill(g.d_l / n as f64);
        for (sum, t) in means.iter_mut().zip(pair_terms(beta, &s)) {
            *sum += t / n as f64;
        }
    }
    PairStep {
        value,
        d_logp,
        means,
    }
}
