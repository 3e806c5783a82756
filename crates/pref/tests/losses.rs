//! The rest of the DPO family (ODPO, AlphaPO, EXO-pair), the group losses (KTO,
//! Plackett–Luce, LiPO-λ, GVPO) and f-DPG's divergences: each value against a separate,
//! direct implementation of its formula at random points, each gradient in the logits
//! against central finite differences, and the closed forms they should reach.
//!
//! The direct implementations use `f64`'s own functions, not `playground_core::math`,
//! so they share no code with the library.

use playground_core::rng::Rng;
use playground_pref::divergence::{Divergence, f_divergence};
use playground_pref::fit::{gradient, log_probs, margin, mean_loss};
use playground_pref::group::{
    GroupGrad, Unpaired, gvpo_group, kto, lipo_lambda, logit_gradient, plackett_luce,
};
use playground_pref::list::gvpo;
use playground_pref::loss::Sides;
use playground_pref::{Pair, PairLoss, PolicyForm, Toy, fit};

// ---------------------------------------------------------------- direct formulas

fn sigma(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn neg_log_sigma(z: f64) -> f64 {
    (1.0 + (-z).exp()).ln()
}

/// CoPG as a least-squares fit of β·(implicit reward gap) to the gold reward gap.
fn direct_copg(beta: f64, s: &Sides) -> f64 {
    let implicit_gap = beta * ((s.logp_w - s.ref_w) - (s.logp_l - s.ref_l));
    let gold_gap = s.gold_w - s.gold_l;
    (implicit_gap - gold_gap).powi(2) / (2.0 * beta)
}

fn direct_odpo(beta: f64, alpha: f64, s: &Sides) -> f64 {
    let h = (s.logp_w - s.ref_w) - (s.logp_l - s.ref_l);
    let gap = s.gold_w - s.gold_l;
    let offset = if gap > 0.0 {
        alpha * (1.0 + gap).ln()
    } else {
        0.0
    };
    neg_log_sigma(beta * h - offset)
}

fn direct_alphapo(beta: f64, alpha: f64, gamma: f64, s: &Sides) -> f64 {
    let reward = |logp: f64, len: f64| {
        let mean_prob = (logp / len).exp();
        beta / alpha * (1.0 - mean_prob.powf(-alpha))
    };
    neg_log_sigma(reward(s.logp_w, s.len_w) - reward(s.logp_l, s.len_l) - gamma)
}

fn direct_exo(beta: f64, eps: f64, s: &Sides) -> f64 {
    let h = (s.logp_w - s.ref_w) - (s.logp_l - s.ref_l);
    // KL(Bern(p) ‖ Bern(1 − ε)), p = σ(βh).
    let p = sigma(beta * h);
    p * (p / (1.0 - eps)).ln() + (1.0 - p) * ((1.0 - p) / eps).ln()
}

fn direct_kto(
    beta: f64,
    lambda_d: f64,
    lambda_u: f64,
    items: &[Unpaired],
    logp: &[f64],
    ref_logp: &[f64],
    kl: f64,
) -> f64 {
    let z0 = if kl > 0.0 { kl } else { 0.0 };
    let mut num = 0.0;
    let mut den = 0.0;
    for u in items {
        let r = logp[u.response] - ref_logp[u.response];
        let cost = if u.desirable {
            lambda_d * (1.0 - sigma(beta * (r - z0)))
        } else {
            lambda_u * (1.0 - sigma(beta * (z0 - r)))
        };
        num += u.weight * cost;
        den += u.weight;
    }
    num / den
}

fn direct_plackett_luce(beta: f64, ranking: &[usize], logp: &[f64], ref_logp: &[f64]) -> f64 {
    let s: Vec<f64> = ranking
        .iter()
        .map(|&y| beta * (logp[y] - ref_logp[y]))
        .collect();
    let mut total = 0.0;
    for k in 0..s.len() {
        let denom: f64 = s[k..].iter().map(|x| x.exp()).sum();
        total -= (s[k].exp() / denom).ln();
    }
    total
}

fn direct_lipo(beta: f64, items: &[usize], labels: &[f64], logp: &[f64], ref_logp: &[f64]) -> f64 {
    let s: Vec<f64> = items
        .iter()
        .map(|&y| beta * (logp[y] - ref_logp[y]))
        .collect();
    // τ_i = 1 + the number of items scored above i (the test points have no ties).
    let tau: Vec<f64> = s
        .iter()
        .map(|si| 1.0 + s.iter().filter(|sj| *sj > si).count() as f64)
        .collect();
    let mut total = 0.0;
    for i in 0..s.len() {
        for j in 0..s.len() {
            if labels[i] > labels[j] {
                let gain = (2f64.powf(labels[i]) - 2f64.powf(labels[j])).abs();
                let disc = (1.0 / (1.0 + tau[i]).log2() - 1.0 / (1.0 + tau[j]).log2()).abs();
                total += gain * disc * neg_log_sigma(s[i] - s[j]);
            }
        }
    }
    total
}

fn direct_divergence(d: Divergence, p: &[f64], pi: &[f64]) -> f64 {
    let kl = |a: &[f64], b: &[f64]| -> f64 {
        a.iter()
            .zip(b)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * (x / y).ln())
            .sum()
    };
    match d {
        Divergence::ReverseKl => kl(pi, p),
        Divergence::ForwardKl => kl(p, pi),
        Divergence::JensenShannon => {
            let m: Vec<f64> = p.iter().zip(pi).map(|(a, b)| 0.5 * (a + b)).collect();
            0.5 * kl(pi, &m) + 0.5 * kl(p, &m)
        }
    }
}

// ---------------------------------------------------------------- helpers

/// Equal to a relative tolerance (and finite, or identical).
fn close(a: f64, b: f64, tol: f64) -> bool {
    if !(a.is_finite() && b.is_finite()) {
        return a == b;
    }
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn random_sides(rng: &mut Rng) -> Sides {
    let lp = |rng: &mut Rng| -0.05 - 6.0 * rng.uniform();
    Sides {
        logp_w: lp(rng),
        logp_l: lp(rng),
        ref_w: lp(rng),
        ref_l: lp(rng),
        len_w: 1.0 + (rng.below(20) as f64),
        len_l: 1.0 + (rng.below(20) as f64),
        gold_w: 2.0 * rng.normal(),
        gold_l: 2.0 * rng.normal(),
    }
}

fn random_logits(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| 1.5 * rng.normal()).collect()
}

fn random_probs(rng: &mut Rng, n: usize) -> Vec<f64> {
    let l = random_logits(rng, n);
    let z: f64 = l.iter().map(|x| x.exp()).sum();
    l.iter().map(|x| x.exp() / z).collect()
}

/// The new pairwise losses, with parameters drawn at random.
fn random_pair_losses(rng: &mut Rng) -> [PairLoss; 4] {
    [
        PairLoss::Odpo {
            beta: 0.1 + rng.uniform(),
            alpha: 2.0 * rng.uniform(),
        },
        PairLoss::AlphaPo {
            beta: 0.5 + 3.0 * rng.uniform(),
            alpha: if rng.bernoulli(0.5) { 1.0 } else { -0.5 } * (0.05 + rng.uniform()),
            gamma: rng.uniform(),
        },
        PairLoss::ExoPair {
            beta: 0.1 + rng.uniform(),
            label_smoothing: 0.01 + 0.4 * rng.uniform(),
        },
        PairLoss::Copg {
            beta: 0.1 + rng.uniform(),
        },
    ]
}

fn direct_pair(loss: &PairLoss, s: &Sides) -> f64 {
    match *loss {
        PairLoss::Odpo { beta, alpha } => direct_odpo(beta, alpha, s),
        PairLoss::AlphaPo { beta, alpha, gamma } => direct_alphapo(beta, alpha, gamma, s),
        PairLoss::ExoPair {
            beta,
            label_smoothing,
        } => direct_exo(beta, label_smoothing, s),
        PairLoss::Copg { beta } => direct_copg(beta, s),
        _ => unreachable!(),
    }
}

/// Checks a group loss's partials `d_logp` against central differences in each ln π(y)
/// on its own (the losses are defined for any vector of log-probabilities), at `logp`;
/// returns the largest relative error.
fn partials_fd_error(logp: &[f64], loss: impl Fn(&[f64]) -> GroupGrad) -> f64 {
    let d = loss(logp).d_logp;
    assert_eq!(d.len(), logp.len(), "one partial per response");
    let mut worst = 0.0f64;
    for y in 0..logp.len() {
        let h = 1e-6;
        let (mut up, mut down) = (logp.to_vec(), logp.to_vec());
        up[y] += h;
        down[y] -= h;
        let fd = (loss(&up).value - loss(&down).value) / (2.0 * h);
        worst = worst.max((d[y] - fd).abs() / (1.0 + fd.abs()));
    }
    worst
}

/// Checks a group loss's logit gradient (through [`logit_gradient`]) against central
/// differences in the logits, at `theta`; returns the largest relative error.
fn group_fd_error(theta: &[f64], loss: impl Fn(&[f64]) -> GroupGrad) -> f64 {
    let logp = log_probs(theta);
    let probs: Vec<f64> = logp.iter().map(|l| l.exp()).collect();
    let g = logit_gradient(&loss(&logp).d_logp, &probs);
    let mut worst = 0.0f64;
    for k in 0..theta.len() {
        let h = 1e-5;
        let (mut up, mut down) = (theta.to_vec(), theta.to_vec());
        up[k] += h;
        down[k] -= h;
        let fd = (loss(&log_probs(&up)).value - loss(&log_probs(&down)).value) / (2.0 * h);
        worst = worst.max((g[k] - fd).abs() / (1.0 + fd.abs()));
    }
    worst
}

// ---------------------------------------------------------------- pairwise losses

#[test]
fn new_pair_losses_match_their_formulas_at_random_points() {
    let mut rng = Rng::new(19);
    for _ in 0..500 {
        let s = random_sides(&mut rng);
        for loss in random_pair_losses(&mut rng) {
            let (got, want) = (loss.value(&s), direct_pair(&loss, &s));
            assert!(
                close(got, want, 1e-11),
                "{loss:?} at {s:?}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn new_pair_partials_match_finite_differences() {
    let mut rng = Rng::new(23);
    let mut worst = 0.0f64;
    for _ in 0..300 {
        let s = random_sides(&mut rng);
        for loss in random_pair_losses(&mut rng) {
            let d = loss.eval(&s);
            let h = 1e-6;
            let fd_w = (loss.value(&Sides {
                logp_w: s.logp_w + h,
                ..s
            }) - loss.value(&Sides {
                logp_w: s.logp_w - h,
                ..s
            })) / (2.0 * h);
            let fd_l = (loss.value(&Sides {
                logp_l: s.logp_l + h,
                ..s
            }) - loss.value(&Sides {
                logp_l: s.logp_l - h,
                ..s
            })) / (2.0 * h);
            worst = worst
                .max((d.d_w - fd_w).abs() / (1.0 + fd_w.abs()))
                .max((d.d_l - fd_l).abs() / (1.0 + fd_l.abs()));
        }
    }
    assert!(worst < 1e-7, "largest relative error {worst:e}");
}

/// Through fit.rs: the mean loss over a random toy's population of pairs (both orders,
/// so ODPO sees mislabelled pairs too), and its gradient in the logits.
#[test]
fn new_pair_losses_logit_gradients_match_finite_differences() {
    let mut rng = Rng::new(29);
    for _ in 0..20 {
        let n = 3 + rng.below(4);
        let ref_probs = random_probs(&mut rng, n);
        let gold: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let lengths: Vec<f64> = (0..n).map(|_| 1.0 + rng.below(15) as f64).collect();
        let toy = Toy::new(&ref_probs, &gold)
            .unwrap()
            .with_lengths(&lengths)
            .unwrap();
        let pairs = toy.population();
        let theta = random_logits(&mut rng, n);
        for loss in random_pair_losses(&mut rng) {
            let g = gradient(&toy, &loss, &pairs, &theta);
            for k in 0..n {
                let h = 1e-5;
                let (mut up, mut down) = (theta.clone(), theta.clone());
                up[k] += h;
                down[k] -= h;
                let fd = (mean_loss(&toy, &loss, &pairs, &up)
                    - mean_loss(&toy, &loss, &pairs, &down))
                    / (2.0 * h);
                assert!(
                    (g[k] - fd).abs() < 1e-8 * (1.0 + fd.abs()),
                    "{loss:?}, θ[{k}]: {} vs {fd}",
                    g[k]
                );
            }
        }
    }
}

#[test]
fn odpo_with_zero_alpha_is_dpo_and_its_offset_only_counts_for_correct_labels() {
    let mut rng = Rng::new(31);
    for _ in 0..200 {
        let s = random_sides(&mut rng);
        let beta = 0.1 + rng.uniform();
        let dpo = PairLoss::Dpo { beta }.eval(&s);
        assert_eq!(PairLoss::Odpo { beta, alpha: 0.0 }.eval(&s), dpo);
        // A mislabelled pair (the rejected response has the higher gold reward): no offset.
        let flipped = Sides {
            gold_w: s.gold_w.min(s.gold_l),
            gold_l: s.gold_w.max(s.gold_l),
            ..s
        };
        assert_eq!(PairLoss::Odpo { beta, alpha: 1.5 }.eval(&flipped), dpo);
        // A correctly labelled one with a real gap: the offset makes the loss larger.
        let right = Sides {
            gold_w: s.gold_w.max(s.gold_l) + 0.1,
            gold_l: s.gold_w.min(s.gold_l),
            ..s
        };
        assert!(PairLoss::Odpo { beta, alpha: 1.5 }.value(&right) > dpo.value);
    }
}

#[test]
fn alphapo_tends_to_simpo_as_alpha_goes_to_zero() {
    let mut rng = Rng::new(37);
    for _ in 0..100 {
        let s = random_sides(&mut rng);
        let (beta, gamma) = (0.5 + 2.0 * rng.uniform(), rng.uniform());
        let simpo = PairLoss::SimPo { beta, gamma }.eval(&s);
        let alpha_po = |alpha: f64| PairLoss::AlphaPo { beta, alpha, gamma }.eval(&s);
        // α = 0 is SimPO itself.
        let at_zero = alpha_po(0.0);
        for (a, b) in [
            (at_zero.value, simpo.value),
            (at_zero.d_w, simpo.d_w),
            (at_zero.d_l, simpo.d_l),
        ] {
            assert!(close(a, b, 1e-14), "{a} vs {b}");
        }
        // To first order r_α ≈ β m − αβm²/2 (m = ln π/|y|), so the gap to SimPO is
        // α·σ(−z)·β(m_w² − m_l²)/2 + O(α²), z SimPO's argument: check the slope, from
        // both sides and down to α = 1e-9 (where 1 − π̄^(−α) computed naively would
        // have lost most of its digits).
        let (m_w, m_l) = (s.logp_w / s.len_w, s.logp_l / s.len_l);
        let z = beta * (m_w - m_l) - gamma;
        let slope = sigma(-z) * beta * (m_w * m_w - m_l * m_l) / 2.0;
        for sign in [1.0, -1.0] {
            for k in 3..=9 {
                let alpha = sign * 10f64.powi(-k);
                let ratio = (alpha_po(alpha).value - simpo.value) / alpha;
                assert!(
                    (ratio - slope).abs() <= 1e3 * alpha.abs() * (1.0 + slope.abs()) + 1e-6,
                    "α = {alpha}: gap/α = {ratio}, want {slope}"
                );
            }
        }
    }
}

/// EXO's pair loss is a KL between Bernoullis: zero where σ(βh) = 1 − ε, which gradient
/// descent on one pair reaches: h* = ln((1 − ε)/ε)/β.
#[test]
fn exo_pair_margin_converges_to_its_closed_form() {
    let toy = Toy::new(&[0.5, 0.5], &[1.0, 0.0]).unwrap();
    let pair = [Pair {
        chosen: 0,
        rejected: 1,
        weight: 1.0,
    }];
    let mut margins = Vec::new();
    for (beta, eps, lr) in [(0.1, 0.1, 200.0), (0.5, 0.3, 5.0), (1.0, 0.02, 1.0)] {
        let loss = PairLoss::ExoPair {
            beta,
            label_smoothing: eps,
        };
        let f = fit(&toy, &loss, &pair, lr, 20_000);
        let h = margin(&toy, &f.theta, &pair[0]);
        let want = ((1.0 - eps) / eps).ln() / beta;
        assert!((h - want).abs() < 1e-6, "β={beta} ε={eps}: {h} vs {want}");
        let at_min = mean_loss(&toy, &loss, &pair, &f.theta);
        assert!(at_min.abs() < 1e-12, "the KL there is 0: {at_min}");
        margins.push(h);
    }
    assert!((margins[0] - 21.97).abs() < 0.005, "{}", margins[0]);
    // ε = 0 would make the loss infinite; like TRL it is read as ε = 10⁻³.
    let mut rng = Rng::new(79);
    for _ in 0..20 {
        let s = random_sides(&mut rng);
        let exo = |eps: f64| {
            PairLoss::ExoPair {
                beta: 0.3,
                label_smoothing: eps,
            }
            .eval(&s)
        };
        assert_eq!(exo(0.0), exo(1e-3));
        assert!(close(exo(0.0).value, direct_exo(0.3, 1e-3, &s), 1e-11));
    }
}

// ---------------------------------------------------------------- group losses

#[test]
fn logit_gradient_is_the_softmax_chain_rule() {
    // L = Σ c_y ln π(y) has ∂L/∂ln π = c; its logit gradient is c − π Σ c.
    let mut rng = Rng::new(41);
    let theta = random_logits(&mut rng, 6);
    let c: Vec<f64> = (0..6).map(|_| rng.normal()).collect();
    let linear = |logp: &[f64]| GroupGrad {
        value: logp.iter().zip(&c).map(|(l, c)| l * c).sum(),
        d_logp: c.clone(),
    };
    assert!(group_fd_error(&theta, linear) < 1e-9);
}

fn random_items(rng: &mut Rng, n: usize) -> Vec<Unpaired> {
    (0..2 * n)
        .map(|_| Unpaired {
            response: rng.below(n),
            desirable: rng.bernoulli(0.5),
            weight: 0.2 + rng.uniform(),
        })
        .collect()
}

#[test]
fn kto_matches_its_formula_and_finite_differences() {
    let mut rng = Rng::new(43);
    for _ in 0..50 {
        let n = 2 + rng.below(6);
        let ref_logp = log_probs(&random_logits(&mut rng, n));
        let theta = random_logits(&mut rng, n);
        let logp = log_probs(&theta);
        let items = random_items(&mut rng, n);
        let (beta, ld, lu) = (
            0.1 + rng.uniform(),
            0.5 + rng.uniform(),
            0.5 + rng.uniform(),
        );
        // The exact KL(π‖π_ref) here, held fixed while differentiating; and a negative
        // one, which z₀ = max(0, ·) clamps.
        let kl: f64 = logp
            .iter()
            .zip(&ref_logp)
            .map(|(l, r)| l.exp() * (l - r))
            .sum();
        for kl_ref in [kl, -0.3] {
            let got = kto(beta, ld, lu, &items, &logp, &ref_logp, kl_ref).value;
            let want = direct_kto(beta, ld, lu, &items, &logp, &ref_logp, kl_ref);
            assert!(close(got, want, 1e-13), "{got} vs {want}");
            let kto_at = |lp: &[f64]| kto(beta, ld, lu, &items, lp, &ref_logp, kl_ref);
            let err = group_fd_error(&theta, kto_at).max(partials_fd_error(&logp, kto_at));
            assert!(err < 1e-8, "relative error {err:e}");
        }
        assert_eq!(
            kto(beta, ld, lu, &items, &logp, &ref_logp, -0.3),
            kto(beta, ld, lu, &items, &logp, &ref_logp, 0.0)
        );
    }
}

#[test]
fn kto_at_the_reference_is_the_weighted_mean_of_half_lambdas() {
    let mut rng = Rng::new(47);
    let n = 5;
    let ref_logp = log_probs(&random_logits(&mut rng, n));
    let items = random_items(&mut rng, n);
    let (ld, lu) = (1.0, 4.0 / 3.0);
    let total: f64 = items.iter().map(|u| u.weight).sum();
    let want: f64 = items
        .iter()
        .map(|u| u.weight * if u.desirable { ld } else { lu } / 2.0)
        .sum::<f64>()
        / total;
    // π = π_ref: every r_θ = 0 and KL = 0.
    let got = kto(0.1, ld, lu, &items, &ref_logp, &ref_logp, 0.0);
    assert!((got.value - want).abs() < 1e-15, "{} vs {want}", got.value);
    // Desirable items pull their response up, undesirable ones down.
    for u in &items {
        let alone = kto(0.1, ld, lu, &[*u], &ref_logp, &ref_logp, 0.0);
        assert_eq!(alone.d_logp[u.response] < 0.0, u.desirable);
    }
}

#[test]
fn plackett_luce_matches_its_formula_and_finite_differences() {
    let mut rng = Rng::new(53);
    for _ in 0..50 {
        let n = 2 + rng.below(6);
        let ref_logp = log_probs(&random_logits(&mut rng, n));
        let theta = random_logits(&mut rng, n);
        let logp = log_probs(&theta);
        // A random ranking of a random subset (at least two) of the responses.
        let mut ranking: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            ranking.swap(i, rng.below(i + 1));
        }
        ranking.truncate(2 + rng.below(n - 1));
        let beta = 0.1 + rng.uniform();
        let got = plackett_luce(beta, &ranking, &logp, &ref_logp);
        let want = direct_plackett_luce(beta, &ranking, &logp, &ref_logp);
        assert!(close(got.value, want, 1e-12), "{} vs {want}", got.value);
        for y in (0..n).filter(|y| !ranking.contains(y)) {
            assert_eq!(got.d_logp[y], 0.0, "an unranked response has no partial");
        }
        let pl_at = |lp: &[f64]| plackett_luce(beta, &ranking, lp, &ref_logp);
        let err = group_fd_error(&theta, pl_at).max(partials_fd_error(&logp, pl_at));
        assert!(err < 1e-8, "relative error {err:e}");
    }
}

#[test]
fn plackett_luce_on_two_items_is_dpo() {
    let mut rng = Rng::new(59);
    for _ in 0..100 {
        let n = 2 + rng.below(5);
        let ref_logp = log_probs(&random_logits(&mut rng, n));
        let logp = log_probs(&random_logits(&mut rng, n));
        let w = rng.below(n);
        let l = (w + 1 + rng.below(n - 1)) % n;
        let beta = 0.1 + rng.uniform();
        let pl = plackett_luce(beta, &[w, l], &logp, &ref_logp);
        let dpo = PairLoss::Dpo { beta }.eval(&Sides {
            logp_w: logp[w],
            logp_l: logp[l],
            ref_w: ref_logp[w],
            ref_l: ref_logp[l],
            len_w: 1.0,
            len_l: 1.0,
            gold_w: 0.0,
            gold_l: 0.0,
        });
        assert!(
            close(pl.value, dpo.value, 1e-13),
            "{} vs {}",
            pl.value,
            dpo.value
        );
        assert!(close(pl.d_logp[w], dpo.d_w, 1e-13));
        assert!(close(pl.d_logp[l], dpo.d_l, 1e-13));
    }
}

/// LiPO-λ's weights hold the ranks under the current scores: the loss is smooth only
/// between rank changes, so the points are drawn with every pair of scores at least
/// 1e-3 apart (the finite-difference step moves a score by about 1e-5).
#[test]
fn lipo_lambda_matches_its_formula_and_finite_differences_away_from_ties() {
    let mut rng = Rng::new(61);
    let mut done = 0;
    while done < 50 {
        let n = 2 + rng.below(6);
        let ref_logp = log_probs(&random_logits(&mut rng, n));
        let theta = random_logits(&mut rng, n);
        let logp = log_probs(&theta);
        let beta = 0.2 + rng.uniform();
        let items: Vec<usize> = (0..n).collect();
        let s: Vec<f64> = (0..n).map(|y| beta * (logp[y] - ref_logp[y])).collect();
        let tied = (0..n).any(|i| (0..i).any(|j| (s[i] - s[j]).abs() < 1e-3));
        if tied {
            continue;
        }
        done += 1;
        // Labels with ties, which contribute no pair.
        let labels: Vec<f64> = (0..n).map(|_| rng.below(4) as f64).collect();
        let got = lipo_lambda(beta, &items, &labels, &logp, &ref_logp);
        let want = direct_lipo(beta, &items, &labels, &logp, &ref_logp);
        assert!(close(got.value, want, 1e-12), "{} vs {want}", got.value);
        let lipo_at = |lp: &[f64]| lipo_lambda(beta, &items, &labels, lp, &ref_logp);
        let err = group_fd_error(&theta, lipo_at).max(partials_fd_error(&logp, lipo_at));
        assert!(err < 1e-8, "relative error {err:e}");
    }
}

#[test]
fn lipo_lambda_weights_jump_where_two_scores_cross() {
    // Three items, labels 2 > 1 > 0. Moving the worst item's score across the middle
    // one's swaps their ranks and so changes every weight: the loss jumps.
    let ref_logp = vec![0.0; 3];
    let labels = [2.0, 1.0, 0.0];
    let at = |x: f64| lipo_lambda(1.0, &[0, 1, 2], &labels, &[1.0, 0.0, x], &ref_logp).value;
    let (below, above) = (at(-1e-9), at(1e-9));
    assert!((above - below).abs() > 0.01, "{below} vs {above}");
}

#[test]
fn gvpo_group_is_list_gvpo() {
    let mut rng = Rng::new(67);
    let toy = Toy::new(
        &[0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03],
        &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
    )
    .unwrap();
    for _ in 0..20 {
        let theta = random_logits(&mut rng, 8);
        let beta = 0.1 + rng.uniform();
        let (value, grad) = gvpo(&toy, beta, &theta);
        let logp = log_probs(&theta);
        let group = gvpo_group(beta, &toy.gold, &logp, &toy.ref_logp);
        assert!(close(group.value, value, 1e-13));
        let probs: Vec<f64> = logp.iter().map(|l| l.exp()).collect();
        for (a, b) in logit_gradient(&group.d_logp, &probs).iter().zip(&grad) {
            assert!(close(*a, *b, 1e-13), "{a} vs {b}");
        }
        let gvpo_at = |lp: &[f64]| gvpo_group(beta, &toy.gold, lp, &toy.ref_logp);
        let err = group_fd_error(&theta, gvpo_at).max(partials_fd_error(&logp, gvpo_at));
        assert!(err < 1e-8, "relative error {err:e}");
    }
    // Zero exactly at π*_β.
    let star: Vec<f64> = toy.optimum(0.7).iter().map(|p| p.ln()).collect();
    assert!(gvpo_group(0.7, &toy.gold, &star, &toy.ref_logp).value < 1e-20);
}

// ---------------------------------------------------------------- f-divergences

const DIVERGENCES: [Divergence; 3] = [
    Divergence::ReverseKl,
    Divergence::ForwardKl,
    Divergence::JensenShannon,
];

#[test]
fn f_divergences_match_their_formulas_and_finite_differences() {
    let mut rng = Rng::new(71);
    for _ in 0..50 {
        let n = 2 + rng.below(7);
        let target = random_probs(&mut rng, n);
        let theta = random_logits(&mut rng, n);
        let logp = log_probs(&theta);
        let pi: Vec<f64> = logp.iter().map(|l| l.exp()).collect();
        for d in DIVERGENCES {
            let got = f_divergence(d, &target, &logp).value;
            let want = direct_divergence(d, &target, &pi);
            assert!(close(got, want, 1e-12), "{d:?}: {got} vs {want}");
            assert!(got > 0.0, "{d:?} is positive away from p: {got}");
            if d == Divergence::JensenShannon {
                assert!(got < std::f64::consts::LN_2);
            }
            let div_at = |lp: &[f64]| f_divergence(d, &target, lp);
            let err = group_fd_error(&theta, div_at).max(partials_fd_error(&logp, div_at));
            assert!(err < 1e-8, "{d:?}: relative error {err:e}");
        }
    }
}

#[test]
fn f_divergences_vanish_with_their_gradient_at_the_target() {
    let mut rng = Rng::new(73);
    for _ in 0..20 {
        let n = 2 + rng.below(7);
        let target = random_probs(&mut rng, n);
        let logp: Vec<f64> = target.iter().map(|p| p.ln()).collect();
        for d in DIVERGENCES {
            let at = f_divergence(d, &target, &logp);
            assert!(at.value.abs() < 1e-15, "{d:?}: {}", at.value);
            let g = logit_gradient(&at.d_logp, &target);
            assert!(g.iter().all(|x| x.abs() < 1e-15), "{d:?}: {g:?}");
        }
    }
}

#[test]
fn forward_kl_and_jensen_shannon_accept_a_target_with_zeros() {
    let target = [0.0, 0.6, 0.4];
    let logp: Vec<f64> = [0.2f64, 0.5, 0.3].iter().map(|p| p.ln()).collect();
    let pi = [0.2, 0.5, 0.3];
    for d in [Divergence::ForwardKl, Divergence::JensenShannon] {
        let got = f_divergence(d, &target, &logp);
        let want = direct_divergence(d, &target, &pi);
        assert!(
            close(got.value, want, 1e-14),
            "{d:?}: {} vs {want}",
            got.value
        );
        assert!(got.d_logp.iter().all(|x| x.is_finite()));
        let div_at = |lp: &[f64]| f_divergence(d, &target, lp);
        let err = group_fd_error(&logp, div_at).max(partials_fd_error(&logp, div_at));
        assert!(err < 1e-8, "{d:?}: relative error {err:e}");
    }
    assert_eq!(
        f_divergence(Divergence::ReverseKl, &target, &logp).value,
        f64::INFINITY
    );
}

/// Seventeen responses on a line, x = −8…8, uniform π_ref, a gold reward with two bumps
/// at x = ±3 (the right one 0.2 higher), so p = π*_β (β = 1) ∝ e^{−(|x|−3)²} is bimodal.
/// The policy is log-linear in (x/8, (x/8)²): a discretised Gaussian, which can sit on
/// one mode but not on both.
fn bimodal() -> (Toy, PolicyForm, Vec<f64>, Vec<f64>) {
    let xs: Vec<f64> = (-8..=8).map(f64::from).collect();
    let gold: Vec<f64> = xs
        .iter()
        .map(|x| -(x.abs() - 3.0).powi(2) + if *x > 0.0 { 0.2 } else { 0.0 })
        .collect();
    let toy = Toy::new(&[1.0; 17], &gold).unwrap();
    let form = PolicyForm::LogLinear {
        features: xs
            .iter()
            .map(|x| vec![x / 8.0, (x / 8.0).powi(2)])
            .collect(),
    };
    let target = toy.optimum(1.0);
    (toy, form, target, xs)
}

fn fit_divergence(d: Divergence, toy: &Toy, form: &PolicyForm, target: &[f64]) -> Vec<f64> {
    let mut theta = form.initial(toy);
    for _ in 0..20_000 {
        let logp = log_probs(&form.logits(toy, &theta));
        let probs: Vec<f64> = logp.iter().map(|l| l.exp()).collect();
        let g = form.pull_back(&logit_gradient(
            &f_divergence(d, target, &logp).d_logp,
            &probs,
        ));
        for (t, gk) in theta.iter_mut().zip(g) {
            *t -= 5.0 * gk;
        }
    }
    theta
}

#[test]
fn reverse_kl_commits_to_one_mode_while_forward_kl_covers_both() {
    let (toy, form, target, xs) = bimodal();
    let mass = |probs: &[f64], keep: &dyn Fn(f64) -> bool| -> f64 {
        probs
            .iter()
            .zip(&xs)
            .filter(|(_, x)| keep(**x))
            .map(|(p, _)| p)
            .sum()
    };
    // The target itself: 0.55 on the right, 0.45 on the left, ~3e-5 at x = 0.
    let (t_right, t_left) = (mass(&target, &|x| x > 0.0), mass(&target, &|x| x < 0.0));
    assert!(t_right > 0.5 && t_left > 0.4 && target[8] < 1e-3);

    let reverse = fit_divergence(Divergence::ReverseKl, &toy, &form, &target);
    let pi_r = playground_core::math::softmax(&form.logits(&toy, &reverse));
    let (right, left) = (mass(&pi_r, &|x| x > 0.0), mass(&pi_r, &|x| x < 0.0));
    let mode = mass(&pi_r, &|x| (2.0..=4.0).contains(&x));
    assert!(
        right > 0.99 && left < 1e-3,
        "reverse KL: {right} right, {left} left"
    );
    assert!(mode > 0.95, "reverse KL: {mode} on x ∈ [2, 4]");
    // It sits on the right bump, e^{−(x−3)²} = e^{6x − x²}·const, i.e. θ ≈ (48, −64).
    assert!(
        (reverse[0] - 48.0).abs() < 0.1 && (reverse[1] + 64.0).abs() < 0.1,
        "{reverse:?}"
    );

    let forward = fit_divergence(Divergence::ForwardKl, &toy, &form, &target);
    let pi_f = playground_core::math::softmax(&form.logits(&toy, &forward));
    let (right, left) = (mass(&pi_f, &|x| x > 0.0), mass(&pi_f, &|x| x < 0.0));
    assert!(
        right > 0.4 && left > 0.35,
        "forward KL: {right} right, {left} left"
    );
    // Mass-covering: it puts mass where the target has almost none, between the modes.
    assert!(pi_f[8] > 100.0 * target[8], "{} at x = 0", pi_f[8]);
    // A log-linear forward-KL fit from a uniform reference matches the target's feature
    // moments: E_π[x] = E_p[x], E_π[x²] = E_p[x²].
    for power in [1, 2] {
        let moment = |p: &[f64]| -> f64 { p.iter().zip(&xs).map(|(p, x)| p * x.powi(power)).sum() };
        assert!(
            (moment(&pi_f) - moment(&target)).abs() < 1e-6,
            "moment {power}: {} vs {}",
            moment(&pi_f),
            moment(&target)
        );
    }
}
