//! A tabular policy π_θ = softmax(θ) fitted to weighted preference pairs by gradient
//! descent on the mean pairwise loss, starting from π_ref.
//!
//! With one prompt, ln π_θ(y) = θ_y − ln Z(θ), so the margin of a pair is
//! h = (θ_w − θ_l) − (ln π_ref(y_w) − ln π_ref(y_l)): Z cancels, and ∂h/∂θ = e_w − e_l.
//! The gradient of Σ_k w_k ℓ(h_k) / Σ_k w_k is therefore Σ_k w_k ℓ'(h_k)(e_w − e_l) / Σ w.

use crate::loss::PairLoss;
use crate::toy::{Pair, Toy, softmax};

/// Where a fit ended: the logits and the policy they give.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub theta: Vec<f64>,
    pub probs: Vec<f64>,
}

/// The margin h of a pair under logits θ.
pub fn margin(toy: &Toy, theta: &[f64], p: &Pair) -> f64 {
    (theta[p.chosen] - theta[p.rejected]) - (toy.ref_logp[p.chosen] - toy.ref_logp[p.rejected])
}

/// The mean loss over the pairs, weighted.
pub fn mean_loss(toy: &Toy, loss: &PairLoss, pairs: &[Pair], theta: &[f64]) -> f64 {
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    pairs
        .iter()
        .map(|p| p.weight * loss.value(margin(toy, theta, p)))
        .sum::<f64>()
        / total
}

/// ∇θ of [`mean_loss`].
pub fn gradient(toy: &Toy, loss: &PairLoss, pairs: &[Pair], theta: &[f64]) -> Vec<f64> {
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    let mut g = vec![0.0; theta.len()];
    for p in pairs {
        let d = p.weight * loss.slope(margin(toy, theta, p)) / total;
        g[p.chosen] += d;
        g[p.rejected] -= d;
    }
    g
}

/// `steps` steps of gradient descent with step size `learning_rate`, from θ = ln π_ref.
pub fn fit(toy: &Toy, loss: &PairLoss, pairs: &[Pair], learning_rate: f64, steps: usize) -> Fit {
    let mut theta = toy.ref_logp.clone();
    for _ in 0..steps {
        let g = gradient(toy, loss, pairs, &theta);
        for (t, d) in theta.iter_mut().zip(g) {
            *t -= learning_rate * d;
        }
    }
    let probs = softmax(&theta);
    Fit { theta, probs }
}
