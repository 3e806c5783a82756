//! The Verify panel: each check compares what the learners compute with an exact answer
//! computed independently (linear solves, closed forms, finite differences), and says
//! in words what was compared and with which tolerance.

use playground_core::check::Check;
use playground_core::math;
use playground_core::mdp::Mdp;
use playground_core::rng::Rng;
use playground_core::scenario::{PgLearner, PolicyKind};

use crate::advantage;
use crate::exact;
use crate::experiment::{ESTIMATE, EXACT_ALL_RUNS_MAX_STATES, PgExperiment};
use crate::learners::surrogate::{self, Objective};
use crate::policy::{Policy, ProbTable, SoftmaxTable, Term, mean_kl};
use crate::rollout::{self, Episode};
use crate::streams;
use crate::task::Task;

/// Episodes the sampled-gradient check draws.
pub const GRADIENT_EPISODES: usize = 2000;
/// Episodes it draws at the uniform policy when the first 2000 leave no logit to test
/// (a rare reward) and episodes are short: an episode cap of at most
/// [`RARE_REWARD_MAX_CAP`] steps.
pub const RARE_REWARD_EPISODES: usize = 20_000;
pub const RARE_REWARD_MAX_CAP: usize = 50;
/// Draws of an action below which its logit's sampled gradient is not tested; nor is it
/// when fewer of its draws were followed by a non-zero return.
pub const MIN_DRAWS: usize = 50;
/// Family-wise confidence of the sampled-gradient check's intervals.
pub const GRADIENT_CONFIDENCE: f64 = 0.99;

/// Every check that applies to the experiment. On maps of more than
/// [`EXACT_ALL_RUNS_MAX_STATES`] states the two that need dense linear solves of the
/// whole map (the exact gradient, and every learner's exact J against J*) are left out:
/// there, each solve would take seconds in a browser. Tasks whose transitions all go
/// forward (twenty questions) are solved in one pass and keep them at any size.
pub fn all(e: &PgExperiment) -> Vec<Check> {
    let small = exact::cheap_to_solve(&e.task().mdp, EXACT_ALL_RUNS_MAX_STATES);
    let mut out = Vec::new();
    out.extend(gae_identities(e));
    if small {
        out.extend(sampled_gradient(e));
    }
    out.extend(clipped_gradient(e));
    out.extend(spo_optimum(e));
    out.extend(trpo_trust_region(e));
    if small {
        out.extend(no_policy_beats_the_optimum(e));
    }
    out.extend(estimators(e));
    out
}

/// The check stream for purpose `k`: one per check, independent of every run's.
fn check_rng(e: &PgExperiment, k: u64) -> Rng {
    Rng::stream(e.plan().seed, &[streams::CHECK, k])
}

/// The first learner (index, run 0) that satisfies `pred`.
fn first_learner(
    e: &PgExperiment,
    pred: impl Fn(&PgLearner) -> bool,
) -> Option<(usize, &crate::learners::Learner)> {
    (0..e.plan().learners.len())
        .filter(|&l| pred(&e.plan().learners[l]))
        .find_map(|l| e.learner(l, 0).map(|x| (l, x)))
}

/// GAE(1) is the (bootstrapped) Monte Carlo return minus V and GAE(0) the TD error, on
/// the same trajectory, whatever V is; checked on one whole episode and on one cut off
/// by the cap, so the bootstrap at the cut is exercised too.
pub fn gae_identities(e: &PgExperiment) -> Vec<Check> {
    let mdp = &e.task().mdp;
    let critic_learner = first_learner(e, |s| s.lambdas().is_some());
    let (values, whose): (Vec<f64>, String) = match critic_learner {
        Some((l, x)) => (
            (0..mdp.states)
                .map(|s| x.critic().map_or(0.0, |c| c.value(s)))
                .collect(),
            format!("the critic of {} (run 1)", e.plan().labels[l]),
        ),
        None => match exact::optimum(mdp) {
            Some(o) => (o.v, "V* (no learner here has a critic)".into()),
            None => (vec![0.0; mdp.states], "V = 0".into()),
        },
    };
    let pi = critic_learner.map_or_else(
        || ProbTable::uniform(mdp.states, mdp.actions),
        |(_, x)| x.policy().probs(),
    );
    let mut rng = check_rng(e, 1);
    let Some(whole) = (0..100)
        .map(|_| rollout::episode(mdp, &pi, &mut rng))
        .find(|ep| !ep.is_empty())
    else {
        return Vec::new();
    };
    let start = whole.states[0];
    let cut = rollout::episode_from(mdp, &pi, start, whole.len().div_ceil(2), &mut rng);
    let v = |s: usize| values[s];
    let (mut err1, mut err0, mut scale) = (0.0f64, 0.0f64, 1.0f64);
    for ep in [&whole, &cut] {
        let deltas = advantage::td_errors(ep, mdp.gamma, v);
        let g = advantage::returns(&ep.rewards, mdp.gamma, advantage::tail_value(ep, v));
        let a1 = advantage::gae(&deltas, mdp.gamma, 1.0);
        let a0 = advantage::gae(&deltas, mdp.gamma, 0.0);
        for t in 0..ep.len() {
            scale = scale.max(g[t].abs());
            err1 = err1.max((a1[t] - (g[t] - v(ep.states[t]))).abs());
            err0 = err0.max((a0[t] - deltas[t]).abs());
        }
    }
    let tol1 = 1e-12 * scale;
    let cut_note = if cut.terminated {
        "the second episode ended before its cut"
    } else {
        "the second was cut off and bootstraps from V"
    };
    vec![
        Check::new(
            "GAE(λ = 1) = Monte Carlo return − V",
            err1 <= tol1,
            format!(
                "on episodes of {} and {} steps with V = {whose} ({cut_note}): largest |Δ| = \
                 {err1:.1e} ≤ {tol1:.0e} (10⁻¹² of the largest return)",
                whole.len(),
                cut.len()
            ),
        ),
        Check::new(
            "GAE(λ = 0) = TD error",
            err0 == 0.0,
            format!("on the same steps: largest |Δ| = {err0:.1e}, required exactly 0"),
        ),
    ]
}

/// The standard normal quantile, by bisection on Φ (60 halvings: far below f64's
/// resolution of z).
fn normal_quantile(p: f64) -> f64 {
    let (mut lo, mut hi) = (-40.0, 40.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if math::normal_cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Steps after which a sampled episode is cut for the gradient check: where what is cut
/// off is below 10⁻¹² of the largest reward's sum (γ < 1), or 100 × the episode cap.
fn check_cap(mdp: &Mdp) -> usize {
    let hard = 100 * mdp.episode_cap.max(100);
    if mdp.gamma < 1.0 && mdp.gamma > 0.0 {
        let needed = math::ln(1e-12 * (1.0 - mdp.gamma)) / math::ln(mdp.gamma);
        (needed.ceil() as usize).clamp(1, hard)
    } else if mdp.gamma == 0.0 {
        1
    } else {
        hard
    }
}

/// A softmax table with exactly the policy's probabilities: the policy itself if it is a
/// table, else one row of logits ln π(·|o) per observation (per state on a map; an MLP
/// reads the same inputs in every state of an observation). Its gradient is the gradient
/// with respect to each observation's logits, which every softmax policy (an MLP too)
/// backpropagates into its own parameters.
fn as_table(policy: &Policy, task: &Task) -> Policy {
    match policy {
        Policy::Table(_) => policy.clone(),
        Policy::Mlp(_) => {
            let pi = policy.probs();
            let table = SoftmaxTable::new(task.observation.clone(), pi.actions());
            let mut logits = vec![0.0; table.rows() * pi.actions()];
            for (s, &row) in task.observation.iter().enumerate() {
                for (l, &p) in logits[row * pi.actions()..].iter_mut().zip(pi.row(s)) {
                    *l = math::ln(p);
                }
            }
            let mut t = Policy::Table(table);
            t.set_params(&logits);
            t
        }
    }
}

/// REINFORCE's estimate from many episodes agrees with the exact gradient of the
/// policy-gradient theorem, logit by logit, within Bonferroni-corrected normal confidence
/// intervals. One check per kind of policy in the scenario, at the current policy of the
/// first learner of that kind, on the rows of logits whose every action was drawn at least
/// [`MIN_DRAWS`] times (a row with a rarely drawn action has an estimate made of a handful
/// of rare events, too skewed for a normal interval), and of those on the logits whose
/// action was followed by a non-zero return at least as often (the same holds of a rare
/// reward: twenty questions at first pays one game in sixteen); when no row qualifies (a
/// nearly deterministic policy), at the uniform policy every learner starts from, with
/// [`RARE_REWARD_EPISODES`] episodes if [`GRADIENT_EPISODES`] still leave none.
pub fn sampled_gradient(e: &PgExperiment) -> Vec<Check> {
    [PolicyKind::Tabular, PolicyKind::Blind, PolicyKind::Mlp]
        .into_iter()
        .filter_map(|kind| {
            let (l, learner) = first_learner(e, |s| {
                !matches!(s, PgLearner::McEvaluation { .. }) && s.sampling().policy == kind
            })?;
            Some(sampled_gradient_of(e, l, learner.policy(), kind))
        })
        .collect()
}

fn sampled_gradient_of(e: &PgExperiment, l: usize, policy: &Policy, kind: PolicyKind) -> Check {
    let mdp = &e.task().mdp;
    let name = format!(
        "sampled policy gradient = exact ∇J ({} policy)",
        kind.name()
    );
    let current = as_table(policy, e.task());
    let whose = format!("the policy of {} (run 1)", e.plan().labels[l]);
    let outcome = match gradient_test(e, &current, GRADIENT_EPISODES) {
        Ok(t) if t.tested > 0 => Ok((t, whose)),
        Ok(_) => {
            let uniform = Policy::Table(match kind {
                PolicyKind::Blind => SoftmaxTable::blind(mdp.states, mdp.actions),
                _ => SoftmaxTable::new(e.task().observation.clone(), mdp.actions),
            });
            let why = format!("the uniform policy ({whose} is too deterministic to test)");
            match gradient_test(e, &uniform, GRADIENT_EPISODES) {
                Ok(t) if t.tested == 0 && mdp.episode_cap <= RARE_REWARD_MAX_CAP => {
                    gradient_test(e, &uniform, RARE_REWARD_EPISODES)
                }
                other => other,
            }
            .map(|t| (t, why))
        }
        Err(why) => Err(why),
    };
    match outcome {
        Err(why) => Check::new(name, false, why),
        // A check that tested no logit has shown nothing: it fails and says so.
        Ok((t, whose)) => Check::new(
            name,
            t.passed && t.tested > 0,
            format!(
                "{whose}, gradient with respect to its logits: REINFORCE's mean over \
                 {} episodes vs the policy-gradient theorem's \
                 d(s) π(a|s) A(s,a); {} of {} logits tested (rows whose every action was drawn \
                 ≥ {MIN_DRAWS} times, actions followed by a non-zero return as often), each \
                 inside its normal {}% interval, \
                 Bonferroni-corrected (|z| ≤ {:.2}); largest |z| = {:.2}",
                t.episodes,
                t.tested,
                t.total,
                GRADIENT_CONFIDENCE * 100.0,
                t.z,
                t.worst
            ),
        ),
    }
}

/// The outcome of one sampled-gradient test.
struct GradientTest {
    episodes: usize,
    passed: bool,
    tested: usize,
    total: usize,
    z: f64,
    worst: f64,
}

fn gradient_test(
    e: &PgExperiment,
    policy: &Policy,
    episodes: usize,
) -> Result<GradientTest, String> {
    let mdp = &e.task().mdp;
    let table = policy.table().ok_or("not a softmax table")?;
    let exact_g = exact::policy_gradient(mdp, policy)
        .ok_or("J has no finite value for this policy (γ = 1 and it may never end an episode)")?;
    let pi = policy.probs();
    let cap = check_cap(mdp);
    let mut rng = check_rng(e, 2);
    let (k, a) = (exact_g.len(), mdp.actions);
    let (mut sum, mut sum_sq, mut draws) = (vec![0.0; k], vec![0.0; k], vec![0usize; k]);
    let mut paid = vec![0usize; k];
    for _ in 0..episodes {
        let start = mdp.sample_start(&mut rng);
        let ep = rollout::episode_from(mdp, &pi, start, cap, &mut rng);
        if !ep.terminated && mdp.gamma == 1.0 {
            return Err(format!("an episode did not finish in {cap} steps (γ = 1)"));
        }
        let returns = advantage::returns(&ep.rewards, mdp.gamma, 0.0);
        for ((&s, &act), g) in ep.states.iter().zip(&ep.actions).zip(returns) {
            let i = table.row_of(s) * a + act;
            draws[i] += 1;
            paid[i] += usize::from(g != 0.0);
        }
        // Only the rows the episode visited: the rest of its gradient is zero, and
        // twenty questions has 11 616 logits.
        for (r, g) in table.grad_rows(&episode_terms(&ep, mdp.gamma)) {
            for (b, x) in g.into_iter().enumerate() {
                sum[r * a + b] += x;
                sum_sq[r * a + b] += x * x;
            }
        }
    }
    let well_sampled = |i: usize| {
        let row = i / a;
        let row_drawn = draws[row * a..(row + 1) * a]
            .iter()
            .all(|&d| d >= MIN_DRAWS);
        row_drawn && paid[i] >= MIN_DRAWS
    };
    let tested = (0..k).filter(|&i| well_sampled(i)).count();
    let z = normal_quantile(1.0 - (1.0 - GRADIENT_CONFIDENCE) / (2.0 * tested.max(1) as f64));
    let n = episodes as f64;
    let missable = rarely_visited_rows(mdp, table, &pi, n);
    let (mut worst, mut passed) = (0.0f64, true);
    for i in 0..k {
        let mean = sum[i] / n;
        let var = ((sum_sq[i] - sum[i] * sum[i] / n) / (n - 1.0)).max(0.0);
        let se = (var / n).sqrt();
        let err = (mean - exact_g[i]).abs();
        if draws[(i / a) * a..(i / a + 1) * a].iter().all(|&d| d == 0) {
            // A row no episode visited: the exact gradient must vanish there too, unless
            // the exact visits say the episodes could well have missed it.
            passed &= exact_g[i].abs() <= 1e-9 || missable[i / a];
        } else if well_sampled(i) && se > 0.0 {
            worst = worst.max(err / se);
            passed &= err <= z * se;
        }
    }
    Ok(GradientTest {
        episodes,
        passed,
        tested,
        total: k,
        z,
        worst,
    })
}

/// Per row of logits: whether `episodes` episodes could plausibly all miss it,
/// e^(−N·d) ≥ 10⁻⁶ with d its exact expected visits per episode (with γ = 1, where d^π is
/// that; never otherwise). Twenty questions has hundreds of sets of answers that a
/// near-uniform policy reaches a few times in a thousand games, where the exact gradient
/// is small but not zero.
fn rarely_visited_rows(
    mdp: &Mdp,
    table: &SoftmaxTable,
    pi: &ProbTable,
    episodes: f64,
) -> Vec<bool> {
    let mut visits = vec![0.0; table.rows()];
    if mdp.gamma == 1.0
        && let Some(e) = exact::evaluate(mdp, pi)
    {
        for (s, d) in e.d.iter().enumerate() {
            visits[table.row_of(s)] += d;
        }
        return visits
            .iter()
            .map(|&d| math::exp(-episodes * d) >= 1e-6)
            .collect();
    }
    vec![false; table.rows()]
}

/// One episode's REINFORCE estimate Σ_t γ^t G_t ∇ln π(a_t|s_t), without cap effects.
/// REINFORCE's terms of one episode: each step's log-probability weighted by γ^t G_t.
fn episode_terms(ep: &Episode, gamma: f64) -> Vec<Term> {
    let g = advantage::returns(&ep.rewards, gamma, 0.0);
    let mut discount = 1.0;
    (0..ep.len())
        .map(|t| {
            let term = Term::new(ep.states[t], ep.actions[t], discount * g[t]);
            discount *= gamma;
            term
        })
        .collect()
}

/// A policy moved by h along u.
fn nudged(policy: &Policy, u: &[f64], h: f64) -> Policy {
    let mut p = policy.clone();
    p.ascend(u, h);
    p
}

/// PPO's clipped objective has exactly zero gradient on its clipped samples, and the
/// masked score-function gradient is the objective's gradient: both checked by central
/// finite differences of min(ρÂ, clip(ρ)Â) itself along random directions.
pub fn clipped_gradient(e: &PgExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    let mut rng = check_rng(e, 3);
    for (l, spec) in e.plan().learners.iter().enumerate() {
        let Some(eps) = spec
            .clip()
            .filter(|_| matches!(spec, PgLearner::Ppo { .. } | PgLearner::Grpo { .. }))
        else {
            continue;
        };
        let Some(learner) = e.learner(l, 0) else {
            continue;
        };
        let samples = &learner.last().samples;
        if samples.is_empty() {
            continue;
        }
        let policy = learner.policy();
        let objective = Objective::Clip { eps };
        let states: Vec<usize> = samples.iter().map(|x| x.state).collect();
        let probs = policy.probs_at(&states);
        let a = policy.actions();
        let clipped: Vec<_> = samples
            .iter()
            .enumerate()
            .filter(|(k, x)| objective.clipped(probs[k * a + x.action] / x.old_prob, x.advantage))
            .map(|(_, x)| *x)
            .collect();
        let g = surrogate::objective_gradient(policy, samples, objective);
        let g_clipped = surrogate::objective_gradient(policy, &clipped, objective);
        let masked_zero = g_clipped.iter().all(|&x| x == 0.0);
        let h = 1e-6;
        let (mut fd_clipped, mut fd_err, mut scale) = (0.0f64, 0.0f64, 1e-12f64);
        for _ in 0..3 {
            let u: Vec<f64> = (0..g.len()).map(|_| rng.normal()).collect();
            let (plus, minus) = (nudged(policy, &u, h), nudged(policy, &u, -h));
            let fd = |s: &[_]| {
                (surrogate::objective_value(&plus, s, objective)
                    - surrogate::objective_value(&minus, s, objective))
                    / (2.0 * h)
            };
            fd_clipped = fd_clipped.max(fd(&clipped).abs());
            let analytic: f64 = g.iter().zip(&u).map(|(x, y)| x * y).sum();
            fd_err = fd_err.max((fd(samples) - analytic).abs());
            scale = scale.max(analytic.abs());
        }
        let tol = 1e-6 * scale.max(1.0);
        out.push(Check::new(
            format!("{}: zero gradient on clipped samples", e.plan().labels[l]),
            masked_zero && fd_clipped <= 1e-12 && fd_err <= tol,
            format!(
                "last update, run 1: {} of {} samples clipped; their masked gradient is {} and \
                 the finite difference of min(ρÂ, clip(ρ)Â) over them is {fd_clipped:.1e} \
                 (≤ 1e-12); whole batch, gradient vs central difference (h = 1e-6) along 3 \
                 random directions: largest |Δ| = {fd_err:.1e} ≤ {tol:.0e}",
                clipped.len(),
                samples.len(),
                if masked_zero { "exactly 0" } else { "not 0" },
            ),
        ));
    }
    out
}

/// Maximise a concave function on [lo, hi] by golden-section search.
fn golden_max(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..200 {
        let (x1, x2) = (hi - r * (hi - lo), lo + r * (hi - lo));
        if f(x1) < f(x2) {
            lo = x1;
        } else {
            hi = x2;
        }
    }
    0.5 * (lo + hi)
}

/// SPO's per-sample objective ρÂ − (|Â|/(2ε))(ρ − 1)² peaks at ρ = 1 + ε·sign(Â): found
/// by a numerical search on the last update's advantages.
pub fn spo_optimum(e: &PgExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    for (l, spec) in e.plan().learners.iter().enumerate() {
        let PgLearner::Spo { clip: eps, .. } = *spec else {
            continue;
        };
        let objective = Objective::Spo { eps };
        let mut advs: Vec<f64> = e
            .learner(l, 0)
            .map(|x| x.last().samples.iter().map(|s| s.advantage).collect())
            .unwrap_or_default();
        advs.retain(|a| *a != 0.0 && a.is_finite());
        advs.truncate(8);
        if advs.is_empty() {
            advs = vec![1.0, -1.0];
        }
        let worst = advs
            .iter()
            .map(|&adv| {
                let peak = golden_max(|rho| objective.value(rho, adv), 0.0, 3.0);
                (peak - (1.0 + eps * adv.signum())).abs()
            })
            .fold(0.0, f64::max);
        out.push(Check::new(
            format!("{}: per-sample optimum at ρ = 1 ± ε", e.plan().labels[l]),
            worst <= 1e-7,
            format!(
                "golden-section search of ρÂ − (|Â|/(2ε))(ρ − 1)² on [0, 3] for {} advantages of \
                 the last update: peaks at 1 + ε·sign(Â) (ε = {eps}) within {worst:.1e} ≤ 1e-7",
                advs.len()
            ),
        ));
    }
    out
}

/// After TRPO's line search, the KL of every run's last step is within δ (recomputed
/// from the stored old policy and the current one).
pub fn trpo_trust_region(e: &PgExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    for (l, spec) in e.plan().learners.iter().enumerate() {
        let PgLearner::Trpo { delta, .. } = *spec else {
            continue;
        };
        let (mut worst, mut accepted, mut updates, mut ok) = (0.0f64, 0, 0, true);
        for r in 0..e.plan().runs {
            let Some(x) = e.learner(l, r) else { continue };
            let (Some(outcome), Some(old)) = (x.last().trpo, &x.last().old) else {
                continue;
            };
            updates += 1;
            let kl = mean_kl(old, &x.policy().probs(), &x.last().visited);
            worst = worst.max(kl);
            ok &= kl <= delta * (1.0 + 1e-12);
            if outcome.accepted {
                accepted += 1;
                ok &= outcome.improvement > 0.0;
            }
        }
        if updates == 0 {
            continue;
        }
        out.push(Check::new(
            format!("{}: KL after the line search ≤ δ", e.plan().labels[l]),
            ok,
            format!(
                "last update of {updates} runs: mean KL(π_old‖π_new) over visited states, \
                 recomputed, at most {worst:.5} ≤ δ = {delta}; {accepted} steps accepted (each \
                 improving the surrogate), {} kept the old policy",
                updates - accepted
            ),
        ));
    }
    out
}

/// No learned policy's exact return exceeds the optimum J* (value iteration).
pub fn no_policy_beats_the_optimum(e: &PgExperiment) -> Vec<Check> {
    let Some(best) = e.optimal_return() else {
        return Vec::new();
    };
    let tol = 1e-9 * best.abs().max(1.0);
    let mut worst = f64::NEG_INFINITY;
    let mut count = 0;
    for l in 0..e.plan().learners.len() {
        for j in e.exact_returns(l).into_iter().flatten() {
            worst = worst.max(j);
            count += 1;
        }
    }
    if count == 0 {
        return Vec::new();
    }
    vec![Check::new(
        "no policy beats the optimum",
        worst <= best + tol,
        format!(
            "exact J of {count} learned policies (linear solves) at most {worst:.6}; J* = \
             {best:.6} by value iteration (tolerance {tol:.0e})"
        ),
    )]
}

/// Monte Carlo estimators: their mean over runs is centred on the exact return of
/// trajectories cut after H steps, J_H, and J_H is within γ^H·max|r|/(1 − γ) of J.
pub fn estimators(e: &PgExperiment) -> Vec<Check> {
    let mdp = &e.task().mdp;
    let mut out = Vec::new();
    let pi = ProbTable::uniform(mdp.states, mdp.actions);
    for (l, spec) in e.plan().learners.iter().enumerate() {
        let PgLearner::McEvaluation { truncate, .. } = *spec else {
            continue;
        };
        let h = truncate.unwrap_or(mdp.episode_cap);
        let jh = exact::truncated_return(mdp, &pi, h);
        let label = &e.plan().labels[l];
        if let Some(j) = e.uniform_return()
            && mdp.gamma < 1.0
        {
            let bound =
                math::pow(mdp.gamma, h as f64) * exact::max_abs_reward(mdp) / (1.0 - mdp.gamma);
            out.push(Check::new(
                format!("{label}: truncation bias within its bound"),
                (j - jh).abs() <= bound * (1.0 + 1e-9) + 1e-12,
                format!(
                    "exact J = {j:.6}, J_H = {jh:.6} for H = {h}: |J − J_H| = {:.2e} ≤ \
                     γ^H·max|r|/(1 − γ) = {bound:.2e}",
                    (j - jh).abs()
                ),
            ));
        }
        let series = e.series_of(l, ESTIMATE);
        if let Some((mean, ci95)) = series
            && e.plan().runs >= 2
        {
            let se = ci95 / math::Z95;
            let z = if se > 0.0 {
                (mean - jh).abs() / se
            } else {
                0.0
            };
            out.push(Check::new(
                format!("{label}: estimate centred on J_H"),
                z <= 3.29,
                format!(
                    "mean over {} runs {mean:.4} vs exact J_H = {jh:.4} (H = {h}): |z| = {z:.2} ≤ \
                     3.29 (two-sided 99.9%)",
                    e.plan().runs
                ),
            ));
        }
    }
    out
}
