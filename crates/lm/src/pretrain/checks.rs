//! The Verify panel of "Watch a transformer learn": what the training run is checked
//! against. Every check uses exact quantities of the Markov chain.

use playground_core::{Check, Experiment};

use super::{FINAL_MARGIN, LmExperiment};
use playground_nn::Backend;

/// A model can beat the entropy rate only by noise; a clear win means it saw the future
/// (for example, a broken causal mask). Allowed shortfall, in nats.
pub const BELOW_FLOOR_TOLERANCE: f64 = 0.05;

/// At initialisation the logits are nearly equal, so the loss is close to ln(vocab).
pub const INITIAL_TOLERANCE: f64 = 0.15;

pub fn checks<B: Backend>(e: &LmExperiment<B>) -> Vec<Check> {
    let mut out = vec![stationary_check(e)];
    let losses = e.losses();
    let (Some(&first), Some(recent)) = (losses.first(), e.recent_loss()) else {
        out.push(Check::new("training", false, "no training step yet"));
        return out;
    };
    let ln_v = (e.scenario().model.vocab as f64).ln();
    out.push(Check::new(
        "first loss ≈ ln(vocab)",
        (first - ln_v).abs() <= INITIAL_TOLERANCE,
        format!(
            "first step {first:.4} nats vs ln {} = {ln_v:.4}, |Δ| ≤ {INITIAL_TOLERANCE} (an untrained model guesses uniformly)",
            e.scenario().model.vocab
        ),
    ));
    let h = e.entropy_rate();
    let (t, horizon) = (e.t(), e.horizon());
    out.push(Check::new(
        "final loss near the entropy rate",
        recent - h <= FINAL_MARGIN,
        format!(
            "loss over the last tenth of {t}/{horizon} steps {recent:.4} vs exact floor {h:.4} nats/token: \
             gap {:.4} ≤ {FINAL_MARGIN}",
            recent - h
        ),
    ));
    out.push(Check::new(
        "loss never beats the floor",
        recent >= h - BELOW_FLOOR_TOLERANCE,
        format!(
            "{recent:.4} ≥ {h:.4} − {BELOW_FLOOR_TOLERANCE} (only a model that sees the next token could do better)"
        ),
    ));
    if let Some(err) = e.halted() {
        out.push(Check::new("training ran", false, err.to_string()));
    }
    out
}

/// π = πP to 1e-12: the floor is exact, not estimated.
fn stationary_check<B: Backend>(e: &LmExperiment<B>) -> Check {
    let chain = e.chain();
    let pi = e.stationary();
    let v = chain.vocab();
    let residual = (0..v)
        .map(|j| ((0..v).map(|i| pi[i] * chain.prob(i, j)).sum::<f64>() - pi[j]).abs())
        .fold(0.0, f64::max);
    Check::new(
        "stationary distribution",
        residual <= 1e-12,
        format!(
            "max |πP − π| = {residual:.1e} ≤ 1e-12; entropy rate {:.6} nats/token",
            e.entropy_rate()
        ),
    )
}
