//! Losses that see a set of one prompt's responses at once: KTO's unpaired thumbs up and
//! down, Plackett–Luce and LiPO-λ on a ranked list, GVPO on a scored group.
//!
//! Each returns a [`GroupGrad`]: the value and ∂L/∂ln π(y) for every response y of the
//! prompt (zero for those it does not look at). [`logit_gradient`] finishes the chain
//! rule for π = softmax(logits). Throughout, `logp` and `ref_logp` hold ln π(y) and
//! ln π_ref(y) for every response, and h(y) = ln π(y) − ln π_ref(y) is the implicit
//! reward.

use playground_core::math;

/// A loss's value and its partials ∂L/∂ln π(y), one per response of the prompt.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupGrad {
    pub value: f64,
    pub d_logp: Vec<f64>,
}

/// The gradient in the logits of π = softmax(logits), from the partials d in ln π:
/// ∂ln π(y)/∂logit_k = [k = y] − π_k, so g_k = d_k − π_k Σ_j d_j.
pub fn logit_gradient(d_logp: &[f64], probs: &[f64]) -> Vec<f64> {
    let total: f64 = d_logp.iter().sum();
    d_logp
        .iter()
        .zip(probs)
        .map(|(d, p)| d - p * total)
        .collect()
}

/// One response with a binary label, for KTO: desirable (thumbs up) or not, counted
/// `weight` times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unpaired {
    pub response: usize,
    pub desirable: bool,
    pub weight: f64,
}

/// KTO (*KTO: Model Alignment as Prospect Theoretic Optimization*), with TRL's names.
/// With r_θ(y) = h(y) and the reference point z₀ = max(0, `kl_ref`), each item costs
/// λ_D(1 − σ(β(r_θ − z₀))) if desirable and λ_U(1 − σ(β(z₀ − r_θ))) if not; the loss is
/// their mean weighted by `Unpaired::weight`. `kl_ref` should be KL(π_θ ‖ π_ref) (the paper
/// estimates it from mismatched pairs; the caller passes the exact one); like the paper
/// and TRL it is held constant: no gradient flows through z₀.
///
/// The loss saturates (a sigmoid, not a log-sigmoid): an item far on the right side of z₀
/// stops pulling. At π = π_ref every item costs λ/2.
pub fn kto(
    beta: f64,
    desirable_weight: f64,
    undesirable_weight: f64,
    items: &[Unpaired],
    logp: &[f64],
    ref_logp: &[f64],
    kl_ref: f64,
) -> GroupGrad {
    let z0 = kl_ref.max(0.0);
    let total: f64 = items.iter().map(|u| u.weight).sum();
    let mut value = 0.0;
    let mut d_logp = vec![0.0; logp.len()];
    for u in items {
        let r = logp[u.response] - ref_logp[u.response];
        // λ(1 − σ(x)) with x = ±β(r − z₀); its slope in r is ∓λβσ(x)σ(−x).
        let (lambda, sign) = if u.desirable {
            (desirable_weight, 1.0)
        } else {
            (undesirable_weight, -1.0)
        };
        let x = sign * beta * (r - z0);
        let w = u.weight / total;
        value += w * lambda * math::sigmoid(-x);
        d_logp[u.response] -= w * lambda * sign * beta * math::sigmoid(x) * math::sigmoid(-x);
    }
    GroupGrad { value, d_logp }
}

/// The Plackett–Luce list likelihood (list MLE, DPO's generalisation from pairs to
/// rankings): with s = βh and `ranking` best first,
/// L = −Σ_k ln(e^{s_(k)} / Σ_{j≥k} e^{s_(j)}). Two items give DPO on that pair.
pub fn plackett_luce(beta: f64, ranking: &[usize], logp: &[f64], ref_logp: &[f64]) -> GroupGrad {
    let s: Vec<f64> = ranking
        .iter()
        .map(|&y| beta * (logp[y] - ref_logp[y]))
        .collect();
    let mut value = 0.0;
    // ∂L/∂s_(m) = −1 + Σ_{k≤m} softmax over the tail {k, …}, at m.
    let mut d_s = vec![-1.0; s.len()];
    for k in 0..s.len() {
        let tail = &s[k..];
        value -= s[k] - math::log_sum_exp(tail);
        for (d, p) in d_s[k..].iter_mut().zip(math::softmax(tail)) {
            *d += p;
        }
    }
    let mut d_logp = vec![0.0; logp.len()];
    for (&y, d) in ranking.iter().zip(d_s) {
        d_logp[y] += beta * d;
    }
    GroupGrad { value, d_logp }
}

/// LiPO-λ (*LiPO: Listwise Preference Optimization through Learning-to-Rank*): with
/// s = βh and labels ψ (e.g. gold rewards), one per entry of `items`,
/// L = −Σ_{ψ_i > ψ_j} Δ_ij ln σ(s_i − s_j), the LambdaLoss weight
/// Δ_ij = |2^{ψ_i} − 2^{ψ_j}|·|1/log₂(1 + τ_i) − 1/log₂(1 + τ_j)| with τ the 1-based rank
/// of each item under the current s (ties to the earlier entry of `items`).
///
/// As in the paper, Δ is held constant when differentiating. The loss is therefore only
/// piecewise smooth: when two scores cross, the ranks and the weights jump. The partials
/// returned are exact away from such ties (a finite-difference check must stay away
/// from them).
pub fn lipo_lambda(
    beta: f64,
    items: &[usize],
    labels: &[f64],
    logp: &[f64],
    ref_logp: &[f64],
) -> GroupGrad {
    let n = items.len();
    let s: Vec<f64> = items
        .iter()
        .map(|&y| beta * (logp[y] - ref_logp[y]))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
    let mut discount = vec![0.0; n];
    for (rank, &i) in order.iter().enumerate() {
        // 1/log₂(1 + τ) with τ = rank + 1.
        discount[i] = std::f64::consts::LN_2 / math::ln(2.0 + rank as f64);
    }
    let mut value = 0.0;
    let mut d_s = vec![0.0; n];
    for i in 0..n {
        for j in 0..n {
            if labels[i] <= labels[j] {
                continue;
            }
            let weight = (math::pow(2.0, labels[i]) - math::pow(2.0, labels[j])).abs()
                * (discount[i] - discount[j]).abs();
            let z = s[i] - s[j];
            value -= weight * math::log_sigmoid(z);
            let slope = weight * math::sigmoid(-z);
            d_s[i] -= slope;
            d_s[j] += slope;
        }
    }
    let mut d_logp = vec![0.0; logp.len()];
    for (&y, d) in items.iter().zip(d_s) {
        d_logp[y] += beta * d;
    }
    GroupGrad { value, d_logp }
}

/// GVPO (*GVPO: Group Variance Policy Optimization for Large Language Model
/// Post-Training*) over all the prompt's responses, scored by `reward`:
/// L = (1/n) Σ_i [(r_i − r̄) − β(h_i − h̄)]². Its residuals e_i sum to zero, so
/// ∂L/∂h_k = −(2β/n) e_k. Zero exactly at π = π_ref·e^{r/β}/Z. The same loss as
/// [`crate::list::gvpo`], in this module's form.
pub fn gvpo_group(beta: f64, reward: &[f64], logp: &[f64], ref_logp: &[f64]) -> GroupGrad {
    let n = logp.len() as f64;
    let h: Vec<f64> = logp.iter().zip(ref_logp).map(|(l, r)| l - r).collect();
    let r_bar = reward.iter().sum::<f64>() / n;
    let h_bar = h.iter().sum::<f64>() / n;
    let residual: Vec<f64> = reward
        .iter()
        .zip(&h)
        .map(|(r, h)| (r - r_bar) - beta * (h - h_bar))
        .collect();
    GroupGrad {
        value: residual.iter().map(|e| e * e).sum::<f64>() / n,
        d_logp: residual.iter().map(|e| -2.0 * beta * e / n).collect(),
    }
}
