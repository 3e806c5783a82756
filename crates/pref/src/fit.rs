//! A policy π_θ = softmax(logits(θ)) over one prompt's responses (tabular or log-linear,
//! see [`PolicyForm`]), fitted to weighted preference pairs by gradient descent on the
//! mean loss, starting from π_ref. Losses and gradients here are in the logits; the form
//! carries them back to θ.
//!
//! ∂ ln π_θ(y)/∂θ_k = [k = y] − π_θ(k), so a pair whose loss has partials d_w, d_l in
//! ln π(y_w), ln π(y_l) adds d_w(e_w − π) + d_l(e_l − π) to the gradient. For a loss of the
//! margin alone d_l = −d_w and the π terms cancel: ∂h/∂θ = e_w − e_l.

use playground_core::math;

use crate::loss::{PairLoss, Sides};
use crate::policy::PolicyForm;
use crate::toy::{Pair, Toy};

/// Where a fit ended: the parameters and the policy they give.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub theta: Vec<f64>,
    pub probs: Vec<f64>,
}

/// ln π_θ of every response.
pub fn log_probs(theta: &[f64]) -> Vec<f64> {
    let z = math::log_sum_exp(theta);
    theta.iter().map(|t| t - z).collect()
}

/// A pair as the losses see it, under logits θ.
pub fn sides(toy: &Toy, logp: &[f64], p: &Pair) -> Sides {
    Sides {
        logp_w: logp[p.chosen],
        logp_l: logp[p.rejected],
        ref_w: toy.ref_logp[p.chosen],
        ref_l: toy.ref_logp[p.rejected],
        len_w: toy.lengths[p.chosen],
        len_l: toy.lengths[p.rejected],
        gold_w: toy.gold[p.chosen],
        gold_l: toy.gold[p.rejected],
    }
}

/// The margin h of a pair under logits θ.
pub fn margin(toy: &Toy, theta: &[f64], p: &Pair) -> f64 {
    sides(toy, &log_probs(theta), p).margin()
}

/// The mean loss over the pairs, weighted.
pub fn mean_loss(toy: &Toy, loss: &PairLoss, pairs: &[Pair], theta: &[f64]) -> f64 {
    let logp = log_probs(theta);
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    pairs
        .iter()
        .map(|p| p.weight * loss.value(&sides(toy, &logp, p)))
        .sum::<f64>()
        / total
}

/// ∇θ of [`mean_loss`].
pub fn gradient(toy: &Toy, loss: &PairLoss, pairs: &[Pair], theta: &[f64]) -> Vec<f64> {
    let logp = log_probs(theta);
    let probs: Vec<f64> = logp.iter().map(|l| math::exp(*l)).collect();
    let total: f64 = pairs.iter().map(|p| p.weight).sum();
    let mut g = vec![0.0; theta.len()];
    // Σ over pairs of (d_w + d_l)·π, subtracted from every logit at the end.
    let mut spread = 0.0;
    for p in pairs {
        let d = loss.eval(&sides(toy, &logp, p));
        let w = p.weight / total;
        g[p.chosen] += w * d.d_w;
        g[p.rejected] += w * d.d_l;
        spread += w * (d.d_w + d.d_l);
    }
    for (gk, pk) in g.iter_mut().zip(&probs) {
        *gk -= spread * pk;
    }
    g
}

/// `steps` steps of gradient descent on a tabular policy with step size `learning_rate`,
/// from θ = ln π_ref.
pub fn fit(toy: &Toy, loss: &PairLoss, pairs: &[Pair], learning_rate: f64, steps: usize) -> Fit {
    fit_form(toy, &PolicyForm::Tabular, loss, pairs, learning_rate, steps)
}

/// The same for any policy form, from its θ at π_ref; `Fit::theta` is then the form's
/// parameters.
pub fn fit_form(
    toy: &Toy,
    form: &PolicyForm,
    loss: &PairLoss,
    pairs: &[Pair],
    learning_rate: f64,
    steps: usize,
) -> Fit {
    let mut theta = form.initial(toy);
    for _ in 0..steps {
        let g = form.pull_back(&gradient(toy, loss, pairs, &form.logits(toy, &theta)));
        for (t, d) in theta.iter_mut().zip(g) {
            *t -= learning_rate * d;
        }
    }
    let probs = math::softmax(&form.logits(toy, &theta));
    Fit { theta, probs }
}
