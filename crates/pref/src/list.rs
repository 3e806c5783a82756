//! Losses over a whole group of responses at once.
//!
//! GVPO (*GVPO: Group Variance Policy Optimization for Large Language Model
//! Post-Training*): L = (1/n) Σ_i [(r_i − r̄) − β(h_i − h̄)]², h_i = ln π(y_i) − ln π_ref(y_i).
//! It is zero exactly where β(h_i − h̄) = r_i − r̄ for every i, that is at
//! π = π_ref·e^{r/β}/Z: its optimum is the KL-regularised one, unique.

use crate::fit::log_probs;
use crate::toy::Toy;

/// GVPO's loss over all the toy's responses (the group), scored by the gold reward, and
/// its gradient in the logits θ.
pub fn gvpo(toy: &Toy, beta: f64, theta: &[f64]) -> (f64, Vec<f64>) {
    let n = theta.len() as f64;
    let h: Vec<f64> = log_probs(theta)
        .iter()
        .zip(&toy.ref_logp)
        .map(|(l, r)| l - r)
        .collect();
    let (r_bar, h_bar) = (mean(&toy.gold), mean(&h));
    let residual: Vec<f64> = toy
        .gold
        .iter()
        .zip(&h)
        .map(|(r, h)| (r - r_bar) - beta * (h - h_bar))
        .collect();
    let value = residual.iter().map(|e| e * e).sum::<f64>() / n;
    // ∂L/∂h_i = −(2β/n)·e_i (the centring terms vanish: Σ e = 0), and ∂h_i/∂θ = e_i − π,
    // whose π part is multiplied by Σ ∂L/∂h_i = 0.
    let grad = residual.iter().map(|e| -2.0 * beta * e / n).collect();
    (value, grad)
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}
