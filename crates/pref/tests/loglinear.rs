//! Log-linear policies anchored at π_ref: their gradient, and the likelihood
//! displacement that shared features cause.

use playground_core::math;
use playground_pref::fit::{gradient, log_probs, mean_loss};
use playground_pref::{Pair, PairLoss, PolicyForm, Toy, fit_form};

/// Three responses: the chosen and rejected ones share their first feature and differ a
/// little in the second; the third, never compared, has only the second.
fn displaced() -> (Toy, PolicyForm, [Pair; 1]) {
    let toy = Toy::new(&[0.45, 0.45, 0.10], &[1.0, 0.0, 0.0]).unwrap();
    let form = PolicyForm::LogLinear {
        features: vec![vec![1.0, 0.1], vec![1.0, 0.0], vec![0.0, 1.0]],
    };
    let pair = [Pair {
        chosen: 0,
        rejected: 1,
        weight: 1.0,
    }];
    (toy, form, pair)
}

#[test]
fn the_log_linear_gradient_matches_finite_differences() {
    let (toy, form, _) = displaced();
    let pairs = toy.population();
    let loss = PairLoss::Dpo { beta: 0.5 };
    let theta = vec![0.3, -0.7];
    let objective = |t: &[f64]| mean_loss(&toy, &loss, &pairs, &form.logits(&toy, t));
    let g = form.pull_back(&gradient(&toy, &loss, &pairs, &form.logits(&toy, &theta)));
    for k in 0..2 {
        let h = 1e-6;
        let (mut up, mut down) = (theta.clone(), theta.clone());
        up[k] += h;
        down[k] -= h;
        let fd = (objective(&up) - objective(&down)) / (2.0 * h);
        assert!((g[k] - fd).abs() < 1e-8, "θ[{k}]: {} vs {fd}", g[k]);
    }
    assert_eq!(form.initial(&toy), vec![0.0, 0.0]);
    let at_start = log_probs(&form.logits(&toy, &[0.0, 0.0]));
    for (a, b) in at_start.iter().zip(&toy.ref_logp) {
        assert!((a - b).abs() < 1e-15, "θ = 0 is π_ref");
    }
}

/// DPO raises the margin but lowers both the chosen and the rejected likelihood: the
/// mass goes to the response neither pair mentions (*DPO-Shift*, *AlphaPO*).
#[test]
fn shared_features_make_dpo_lower_both_likelihoods() {
    let (toy, form, pair) = displaced();
    let f = fit_form(&toy, &form, &PairLoss::Dpo { beta: 0.5 }, &pair, 1.0, 2_000);
    let logp: Vec<f64> = f.probs.iter().map(|p| math::ln(*p)).collect();
    let h = (logp[0] - toy.ref_logp[0]) - (logp[1] - toy.ref_logp[1]);
    assert!(h > 1.0, "the margin rises: {h}");
    assert!(
        logp[0] < toy.ref_logp[0] && logp[1] < toy.ref_logp[1],
        "{:?}",
        f.probs
    );
    assert!(
        f.probs[2] > 0.5,
        "the unseen response takes the mass: {:?}",
        f.probs
    );
    assert!(form.check(&toy).is_ok());
    let bad = PolicyForm::LogLinear {
        features: vec![vec![1.0], vec![1.0, 0.0], vec![0.0]],
    };
    assert!(bad.check(&toy).is_err());
}
