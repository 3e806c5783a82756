//! The DPO family against exact answers: loss values at π_ref, finite-difference
//! gradients, and the closed-form optima of DPO, IPO and cDPO.

use playground_core::math;
use playground_pref::bradley_terry;
use playground_pref::fit::{gradient, margin, mean_loss};
use playground_pref::list::gvpo;
use playground_pref::{Pair, PairLoss, Toy, fit};

/// The issue's example: eight responses to one prompt.
fn issue_toy() -> Toy {
    Toy::new(
        &[0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03],
        &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
    )
    .unwrap()
}

const LOSSES: [PairLoss; 3] = [
    PairLoss::Dpo { beta: 0.5 },
    PairLoss::Cdpo {
        beta: 0.5,
        label_smoothing: 0.1,
    },
    PairLoss::Ipo { beta: 0.5 },
];

/// Every loss, for the gradient check.
const ALL: [PairLoss; 8] = [
    PairLoss::Dpo { beta: 0.5 },
    PairLoss::Cdpo {
        beta: 0.5,
        label_smoothing: 0.1,
    },
    PairLoss::RobustDpo {
        beta: 0.5,
        label_smoothing: 0.2,
    },
    PairLoss::Ipo { beta: 0.5 },
    PairLoss::DpoShift {
        beta: 0.5,
        shift: 0.9,
    },
    PairLoss::Rpo {
        beta: 0.5,
        alpha: 0.3,
    },
    PairLoss::SimPo {
        beta: 2.0,
        gamma: 0.5,
    },
    PairLoss::Orpo { lambda: 0.7 },
];

#[test]
fn at_the_reference_each_loss_takes_its_known_value() {
    let toy = issue_toy();
    let pairs = toy.population();
    let at_ref = |l: &PairLoss| mean_loss(&toy, l, &pairs, &toy.ref_logp);
    let ln2 = std::f64::consts::LN_2;
    assert!((at_ref(&LOSSES[0]) - ln2).abs() < 1e-15);
    assert!((at_ref(&LOSSES[1]) - ln2).abs() < 1e-15);
    // (0 − 1/(2β))² with β = 0.5.
    assert!((at_ref(&LOSSES[2]) - 1.0).abs() < 1e-15);
}

#[test]
fn gradients_match_central_finite_differences() {
    let lengths = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    let toy = issue_toy().with_lengths(&lengths).unwrap();
    let pairs = toy.population();
    let theta: Vec<f64> = (0..8).map(|i| math::cos(i as f64) * 0.7).collect();
    for loss in ALL {
        let g = gradient(&toy, &loss, &pairs, &theta);
        for k in 0..theta.len() {
            let h = 1e-5;
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[k] += h;
            down[k] -= h;
            let fd = (mean_loss(&toy, &loss, &pairs, &up) - mean_loss(&toy, &loss, &pairs, &down))
                / (2.0 * h);
            assert!(
                (g[k] - fd).abs() < 1e-8,
                "{loss:?} θ[{k}]: {} vs {fd}",
                g[k]
            );
        }
    }
}

#[test]
fn dpo_on_population_data_reaches_the_kl_regularised_optimum() {
    let toy = issue_toy();
    for beta in [0.5, 1.0, 2.0] {
        let f = fit(
            &toy,
            &PairLoss::Dpo { beta },
            &toy.population(),
            2.0,
            20_000,
        );
        let star = toy.optimum(beta);
        for (p, q) in f.probs.iter().zip(&star) {
            assert!(
                (p - q).abs() < 1e-6,
                "β = {beta}: {:?} vs {star:?}",
                f.probs
            );
        }
    }
}

/// IPO on population data: per unordered pair the expected loss
/// p(h − c)² + (1 − p)(−h − c)² (c = 1/(2β)) wants h = c(2p − 1); h_ij = u_i − u_j for the
/// potentials u = θ − ln π_ref, and least squares over a complete graph gives
/// u_i = (1/n) Σ_j c(2p_ij − 1), up to a constant.
#[test]
fn ipo_on_population_data_reaches_its_least_squares_fixed_point() {
    let toy = issue_toy();
    let beta = 0.5;
    let n = toy.responses();
    let c = 1.0 / (2.0 * beta);
    let u: Vec<f64> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| c * (2.0 * toy.preference(i, j) - 1.0))
                .sum::<f64>()
                / n as f64
        })
        .collect();
    let logits: Vec<f64> = u.iter().zip(&toy.ref_logp).map(|(u, r)| u + r).collect();
    let expected = playground_core::math::softmax(&logits);
    let f = fit(
        &toy,
        &PairLoss::Ipo { beta },
        &toy.population(),
        0.5,
        20_000,
    );
    for (p, q) in f.probs.iter().zip(&expected) {
        assert!((p - q).abs() < 1e-9, "{:?} vs {expected:?}", f.probs);
    }
}

/// cDPO on two responses: the label becomes p' = (1 − ε)p + ε(1 − p), and the loss is
/// minimised where σ(βh) = p', h = logit(p')/β.
#[test]
fn cdpo_on_one_pair_reaches_the_smoothed_label() {
    let toy = Toy::new(&[0.7, 0.3], &[1.0, 0.0]).unwrap();
    let (beta, e) = (0.8, 0.2);
    let p = toy.preference(0, 1);
    let smoothed = (1.0 - e) * p + e * (1.0 - p);
    let h_star = math::ln(smoothed / (1.0 - smoothed)) / beta;
    let loss = PairLoss::Cdpo {
        beta,
        label_smoothing: e,
    };
    let f = fit(&toy, &loss, &toy.population(), 1.0, 20_000);
    let pair = Pair {
        chosen: 0,
        rejected: 1,
        weight: 1.0,
    };
    let h = margin(&toy, &f.theta, &pair);
    assert!((h - h_star).abs() < 1e-9, "{h} vs {h_star}");
}

#[test]
fn a_bad_toy_is_refused_with_its_reason() {
    assert!(
        Toy::new(&[0.5, 0.5], &[1.0])
            .unwrap_err()
            .contains("one entry per response")
    );
    assert!(
        Toy::new(&[0.5, 0.0], &[1.0, 0.0])
            .unwrap_err()
            .contains("positive")
    );
    let toy = Toy::new(&[0.5, 0.5], &[1.0, 0.0]).unwrap();
    assert!(toy.clone().with_lengths(&[1.0]).is_err());
    assert!(toy.with_lengths(&[1.0, f64::NAN]).is_err());
}

#[test]
fn robust_dpo_on_noisy_labels_reaches_the_clean_optimum() {
    let toy = issue_toy();
    let (beta, flip) = (1.0, 0.2);
    let loss = PairLoss::RobustDpo {
        beta,
        label_smoothing: flip,
    };
    let f = fit(&toy, &loss, &toy.noisy_population(flip), 2.0, 20_000);
    let star = toy.optimum(beta);
    for (p, q) in f.probs.iter().zip(&star) {
        assert!((p - q).abs() < 1e-6, "{:?} vs {star:?}", f.probs);
    }
    // Plain DPO on the same noisy labels lands elsewhere: the flips flatten it.
    let plain = fit(
        &toy,
        &PairLoss::Dpo { beta },
        &toy.noisy_population(flip),
        2.0,
        20_000,
    );
    assert!(plain.probs[7] < star[7] - 0.05, "{:?}", plain.probs);
}

#[test]
fn dpo_shift_with_no_shift_is_dpo() {
    let toy = issue_toy();
    let pairs = toy.population();
    let theta: Vec<f64> = (0..8).map(|i| 0.3 * i as f64).collect();
    let dpo = PairLoss::Dpo { beta: 0.7 };
    let shift = PairLoss::DpoShift {
        beta: 0.7,
        shift: 1.0,
    };
    let (a, b) = (
        gradient(&toy, &dpo, &pairs, &theta),
        gradient(&toy, &shift, &pairs, &theta),
    );
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() < 1e-15);
    }
}

/// *A General Theoretical Paradigm…*: with deterministic labels DPO's margin grows
/// without bound whatever β is, while IPO's stops at 1/(2τ); cDPO's stops at
/// ln((1 − ε)/ε)/β, 21.97 at β = 0.1, ε = 0.1.
#[test]
fn deterministic_labels_send_dpo_to_infinity_but_not_ipo_or_cdpo() {
    let toy = Toy::new(&[0.5, 0.5], &[1.0, 0.0]).unwrap();
    let always = [Pair {
        chosen: 0,
        rejected: 1,
        weight: 1.0,
    }];
    let margin_after = |loss: PairLoss, lr: f64, steps: usize| {
        let f = fit(&toy, &loss, &always, lr, steps);
        margin(&toy, &f.theta, &always[0])
    };
    let dpo = PairLoss::Dpo { beta: 0.5 };
    let (m1, m2) = (
        margin_after(dpo, 1.0, 1_000),
        margin_after(dpo, 1.0, 10_000),
    );
    assert!(m2 > m1 + 4.0 && m2 > 15.0, "DPO's margin {m1} then {m2}");
    let ipo = margin_after(PairLoss::Ipo { beta: 0.5 }, 0.1, 5_000);
    assert!((ipo - 1.0).abs() < 1e-9, "IPO's margin {ipo}");
    let cdpo = PairLoss::Cdpo {
        beta: 0.1,
        label_smoothing: 0.1,
    };
    let h = margin_after(cdpo, 20.0, 20_000);
    assert!((h - 9f64.ln() / 0.1).abs() < 1e-6, "cDPO's margin {h}");
    assert!((h - 21.97).abs() < 0.005);
}

#[test]
fn gvpo_gradient_matches_finite_differences_and_its_optimum_is_the_kl_one() {
    let toy = issue_toy();
    let beta = 0.8;
    let theta: Vec<f64> = (0..8).map(|i| math::cos(2.0 * i as f64)).collect();
    let (_, g) = gvpo(&toy, beta, &theta);
    for k in 0..theta.len() {
        let h = 1e-5;
        let (mut up, mut down) = (theta.clone(), theta.clone());
        up[k] += h;
        down[k] -= h;
        let fd = (gvpo(&toy, beta, &up).0 - gvpo(&toy, beta, &down).0) / (2.0 * h);
        assert!((g[k] - fd).abs() < 1e-8, "θ[{k}]: {} vs {fd}", g[k]);
    }
    let mut theta = toy.ref_logp.clone();
    for _ in 0..5_000 {
        let (_, g) = gvpo(&toy, beta, &theta);
        for (t, d) in theta.iter_mut().zip(g) {
            *t -= 2.0 * d;
        }
    }
    let probs = playground_core::math::softmax(&theta);
    let star = toy.optimum(beta);
    for (p, q) in probs.iter().zip(&star) {
        assert!((p - q).abs() < 1e-9, "{probs:?} vs {star:?}");
    }
}

/// On a finite dataset DPO fits the Bradley–Terry likelihood through its implicit reward
/// β(ln π − ln π_ref): its optimum is π_ref·e^{r̂/β}/Z with r̂ the maximum-likelihood
/// reward, which Hunter's MM algorithm computes independently.
#[test]
fn dpo_on_a_finite_dataset_reaches_the_bradley_terry_maximum_likelihood_policy() {
    let toy = Toy::new(&[0.4, 0.3, 0.2, 0.1], &[0.0; 4]).unwrap();
    let counts = [
        (0, 1, 3.0),
        (1, 0, 1.0),
        (1, 2, 2.0),
        (2, 1, 2.0),
        (2, 3, 1.0),
        (3, 2, 4.0),
        (0, 3, 1.0),
        (3, 0, 2.0),
    ];
    let pairs: Vec<Pair> = counts
        .iter()
        .map(|&(chosen, rejected, weight)| Pair {
            chosen,
            rejected,
            weight,
        })
        .collect();
    let r_hat = bradley_terry::mle(4, &pairs, 5_000).unwrap();
    let beta = 0.5;
    let logits: Vec<f64> = toy
        .ref_logp
        .iter()
        .zip(&r_hat)
        .map(|(l, r)| l + r / beta)
        .collect();
    let expected = playground_core::math::softmax(&logits);
    let f = fit(&toy, &PairLoss::Dpo { beta }, &pairs, 2.0, 50_000);
    for (p, q) in f.probs.iter().zip(&expected) {
        assert!((p - q).abs() < 1e-6, "{:?} vs {expected:?}", f.probs);
    }
    // A response that never loses has no finite maximum: refused, with its reason.
    let one_sided = [Pair {
        chosen: 0,
        rejected: 1,
        weight: 1.0,
    }];
    assert!(
        bradley_terry::mle(2, &one_sided, 10)
            .unwrap_err()
            .contains("never loses")
    );
}
