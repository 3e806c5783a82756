//! The Gridworld Lab's Verify panel: the learners' numbers against exact answers.
//!
//! Tolerances come from one fact: for any value estimate V and policy π,
//! V − v_π = (I − γP_π)⁻¹ (V − T_π V), and (I − γP_π)⁻¹ has non-negative entries whose row
//! sums are the expected discounted number of steps M_π(s). So ‖V − v_π‖∞ ≤ ρ·max M_π
//! with ρ = ‖T_π V − V‖∞, the Bellman residual: a residual measured on the learner's own
//! values says how far they can be from the exact ones. For the optimality operator the
//! same holds with the larger M of an optimal policy and of V's greedy policy.

use crate::check::Check;
use crate::experiment::Experiment;
use crate::mdp::Mdp;
use crate::scenario::{EvaluationMethod, GridLearner, LearnerKind};

use super::dp::{self, MAX_SWEEPS, Plan, Planner};
use super::experiment::{GridExperiment, Slot};
use super::linear;
use super::policy::{Policy, first_max, max_of};

/// Two value tables "agree" to this, plus what their Bellman residuals allow.
const AGREE: f64 = 1e-8;
/// Rounding slack for a linear solve's answer.
const SOLVE: f64 = 1e-9;

pub(crate) fn all(exp: &GridExperiment) -> Vec<Check> {
    let mut out = Vec::new();
    out.extend(value_and_policy_iteration_agree(exp));
    for (i, learner) in exp.scenario().learners.iter().enumerate() {
        let label = &exp.series().learners[i].label;
        let mut mine = Vec::new();
        if let Some(p) = exp.planner(i) {
            mine.extend(residual(exp.grid().mdp(), p));
            if let Plan::Evaluation { .. } = p.plan {
                mine.extend(evaluation_is_exact(exp.grid().mdp(), p));
            }
        }
        if matches!(
            learner,
            GridLearner::QLearning(_) | GridLearner::DoubleQLearning(_)
        ) {
            mine.extend(near_optimal(exp, i));
        }
        for mut c in mine {
            c.name = format!("{label}: {}", c.name);
            out.push(c);
        }
    }
    out.extend(shift_identity(exp));
    out
}

/// A policy's greedy counterpart and the M bound: max over states of the expected
/// discounted steps. None when the policy never ends from some state (γ = 1).
fn max_steps(mdp: &Mdp, policy: &Policy) -> Option<f64> {
    linear::discounted_steps(mdp, policy).map(|m| m.iter().copied().fold(0.0, f64::max))
}

/// How far V can be from V*: its optimality residual times the larger M of an optimal
/// policy and of V's greedy policy.
fn optimal_error_bound(mdp: &Mdp, v: &[f64], optimal: &[usize]) -> Option<f64> {
    let rho = dp::bellman_residual(mdp, None, v);
    let m_opt = max_steps(mdp, &Policy::deterministic(mdp, optimal))?;
    let m_greedy = max_steps(mdp, &Policy::deterministic(mdp, &dp::greedy(mdp, v)))?;
    Some(rho * m_opt.max(m_greedy))
}

fn first_converged(exp: &GridExperiment, want: fn(&Plan) -> bool) -> Option<&Planner> {
    (0..exp.scenario().learners.len())
        .filter_map(|i| exp.planner(i))
        .find(|p| want(&p.plan) && p.converged())
}

/// Value iteration (a learner's, or a fresh run to 1e-12) and policy iteration (a
/// learner's, or the reference solve) give the same values and greedy actions.
fn value_and_policy_iteration_agree(exp: &GridExperiment) -> Option<Check> {
    let optimum = exp.optimum()?;
    let mdp = exp.grid().mdp();
    let vi = match first_converged(exp, |p| matches!(p, Plan::ValueIteration)) {
        Some(p) => p.v.clone(),
        None => {
            let mut p = Planner::new(Plan::ValueIteration, 1e-12, mdp.states);
            while !p.done {
                p.step(mdp);
            }
            p.v
        }
    };
    let pi = first_converged(exp, |p| matches!(p, Plan::PolicyIteration { .. }))
        .map_or_else(|| optimum.v.clone(), |p| p.v.clone());
    let name = "value iteration and policy iteration agree";
    let (Some(b_vi), Some(b_pi)) = (
        optimal_error_bound(mdp, &vi, &optimum.policy),
        optimal_error_bound(mdp, &pi, &optimum.policy),
    ) else {
        return Some(Check::new(
            name,
            false,
            "a greedy policy never ends (γ = 1)",
        ));
    };
    let tol = AGREE + b_vi + b_pi;
    let err = max_diff(&vi, &pi);
    let (q_vi, q_pi) = (dp::q_table(mdp, &vi), dp::q_table(mdp, &pi));
    let k = mdp.actions;
    let mut disagree = 0;
    for s in (0..mdp.states).filter(|&s| !mdp.terminal[s]) {
        let (row_vi, row_pi) = (&q_vi[s * k..(s + 1) * k], &q_pi[s * k..(s + 1) * k]);
        let (a_vi, a_pi) = (first_max(row_vi), first_max(row_pi));
        if row_pi[a_vi] < max_of(row_pi) - tol || row_vi[a_pi] < max_of(row_vi) - tol {
            disagree += 1;
        }
    }
    Some(Check::new(
        name,
        err <= tol && disagree == 0,
        format!(
            "largest |V_VI − V_PI| = {err:.1e} ≤ {tol:.1e} (1e-8 plus what both tables' Bellman \
             residuals allow); each one's greedy action is optimal for the other in {} of {} \
             states (within the same tolerance)",
            decision_states(mdp) - disagree,
            decision_states(mdp),
        ),
    ))
}

fn decision_states(mdp: &Mdp) -> usize {
    mdp.terminal.iter().filter(|&&t| !t).count()
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

/// A finished planner's values satisfy their Bellman equation to its tolerance.
fn residual(mdp: &Mdp, p: &Planner) -> Option<Check> {
    let name = "Bellman residual below tolerance";
    if !p.done {
        return None;
    }
    if let Some(why) = &p.failure {
        return Some(Check::new(name, false, why.clone()));
    }
    let (policy, tol, what) = match &p.plan {
        Plan::Evaluation {
            policy,
            method: EvaluationMethod::Sweeps,
            ..
        } => (Some(policy), p.tolerance, "the sweeps' tolerance"),
        Plan::Evaluation { policy, .. } => (Some(policy), solve_tolerance(&p.v), "rounding"),
        Plan::ValueIteration => (None, p.tolerance, "the sweeps' tolerance"),
        Plan::PolicyIteration { .. } => (None, solve_tolerance(&p.v), "rounding"),
    };
    let rho = dp::bellman_residual(mdp, policy, &p.v);
    let operator = if policy.is_some() { "T_π" } else { "T*" };
    Some(Check::new(
        name,
        rho <= tol,
        format!(
            "max |{operator}V − V| = {rho:.1e} ≤ {tol:.0e} ({what}) after {} steps",
            p.sweeps
        ),
    ))
}

/// Rounding of an exact solve: 1e-9 relative to the values' size.
fn solve_tolerance(v: &[f64]) -> f64 {
    SOLVE * v.iter().fold(1.0f64, |m, x| m.max(x.abs()))
}

/// Iterative evaluation and the linear solve give the same v_π: a sweeping learner is
/// compared with the solve, a solving learner with sweeps run to 1e-12.
fn evaluation_is_exact(mdp: &Mdp, p: &Planner) -> Option<Check> {
    let Plan::Evaluation { policy, method, .. } = &p.plan else {
        return None;
    };
    if !p.converged() {
        return None;
    }
    let name = "iterative evaluation matches the linear solve";
    let other = match method {
        EvaluationMethod::Sweeps => linear::evaluate(mdp, policy),
        EvaluationMethod::Linear => {
            let plan = Plan::Evaluation {
                policy: policy.clone(),
                method: EvaluationMethod::Sweeps,
                in_place: false,
            };
            let mut sweeps = Planner::new(plan, 1e-12, mdp.states);
            while !sweeps.done {
                sweeps.step(mdp);
            }
            sweeps.converged().then_some(sweeps.v)
        }
    };
    let (Some(other), Some(m)) = (other, max_steps(mdp, policy)) else {
        return Some(Check::new(
            name,
            false,
            format!(
                "no exact answer: the policy never ends, or {MAX_SWEEPS} sweeps were not enough"
            ),
        ));
    };
    let (iterative, solved) = match method {
        EvaluationMethod::Sweeps => (&p.v, &other),
        EvaluationMethod::Linear => (&other, &p.v),
    };
    let rho = dp::bellman_residual(mdp, Some(policy), iterative);
    let tol = SOLVE + rho * m;
    let err = max_diff(iterative, solved);
    Some(Check::new(
        name,
        err <= tol,
        format!(
            "largest |V_sweeps − V_solve| = {err:.1e} ≤ {tol:.1e} = 1e-9 + Bellman residual \
             {rho:.1e} × {m:.2} (the most expected discounted steps under the policy, which \
             bounds how far a residual lets values be off)"
        ),
    ))
}

/// After training, the greedy policy of a Q-learning learner (run-averaged Q) is nearly
/// optimal from the start — on maps small and well explored enough for that to be a fair
/// demand: at most 100 states, every action of every state the optimal policy visits tried
/// at least 20 times per run on average. "Nearly": it recovers ≥ 95% of the gap between
/// the random policy and the optimum, since a constant step size keeps Q noisy and a
/// near-tie may go the wrong way.
fn near_optimal(exp: &GridExperiment, i: usize) -> Option<Check> {
    const SMALL: usize = 100;
    const TRIED: f64 = 20.0;
    const SHARE: f64 = 0.95;
    let mdp = exp.grid().mdp();
    let optimum = exp.optimum()?;
    let Slot::Agents(agents) = &exp.slots[i] else {
        return None;
    };
    if !exp.is_done() || mdp.states > SMALL {
        return None;
    }
    let k = mdp.actions;
    let runs = agents.len() as f64;
    let on_path = states_visited_by(mdp, &optimum.policy);
    let least = on_path
        .iter()
        .flat_map(|&s| (0..k).map(move |a| (s, a)))
        .map(|(s, a)| agents.iter().map(|g| f64::from(g.count(s, a))).sum::<f64>() / runs)
        .fold(f64::INFINITY, f64::min);
    if least < TRIED {
        return None;
    }
    let start = |v: &[f64]| -> f64 { mdp.start.iter().zip(v).map(|(p, v)| p * v).sum() };
    let greedy = Policy::deterministic(mdp, &exp.greedy(i));
    let v_random = start(&linear::evaluate(mdp, &Policy::uniform(mdp))?);
    let v_star = optimum.start_value(mdp);
    let name = "greedy policy near the optimum";
    let Some(v_greedy) = linear::evaluate(mdp, &greedy).map(|v| start(&v)) else {
        return Some(Check::new(
            name,
            false,
            "the greedy policy never ends from some state",
        ));
    };
    let gap = v_star - v_random;
    let share = if gap > 1e-9 {
        (v_greedy - v_random) / gap
    } else {
        1.0 - (v_star - v_greedy).max(0.0)
    };
    Some(Check::new(
        name,
        share >= SHARE,
        format!(
            "from the start, the greedy policy is worth {v_greedy:.4} (exact), the optimum \
             {v_star:.4}, the random policy {v_random:.4}: it recovers {:.1}% of the gap ≥ 95% \
             (every action on the optimal path was tried ≥ {least:.0} times per run)",
            100.0 * share
        ),
    ))
}

/// States an optimal policy can reach from the starts (where a learner must know its way).
fn states_visited_by(mdp: &Mdp, policy: &[usize]) -> Vec<usize> {
    let mut seen = vec![false; mdp.states];
    let mut stack: Vec<usize> = (0..mdp.states).filter(|&s| mdp.start[s] > 0.0).collect();
    let mut out = Vec::new();
    while let Some(s) = stack.pop() {
        if seen[s] || mdp.terminal[s] {
            continue;
        }
        seen[s] = true;
        out.push(s);
        stack.extend(mdp.outcomes(s, policy[s]).iter().map(|o| o.next));
    }
    out
}

/// "Optimistic Curiosity Exploration and Conservative Exploitation with Linear Reward
/// Shaping": a TD learner trained on r + c from Q₀ is the same learner as one trained on
/// r from Q₀ − c/(1 − γ), shifted. For every pair of TD learners that differ only in
/// `initial` and `reward_shift`, with Δinitial = Δshift/(1 − γ), on a map without terminal
/// cells (an episode's end would pay no shifted continuation): run 1 took the same
/// actions, and Q differs by exactly the constant.
fn shift_identity(exp: &GridExperiment) -> Vec<Check> {
    let mdp = exp.grid().mdp();
    if mdp.terminal.iter().any(|&t| t) || mdp.gamma >= 1.0 {
        return Vec::new();
    }
    let learners = &exp.scenario().learners;
    let labels = &exp.series().learners;
    let mut out = Vec::new();
    for i in 0..learners.len() {
        for j in i + 1..learners.len() {
            let Some(offset) = shift_pair(&learners[i], &learners[j], mdp.gamma) else {
                continue;
            };
            let (Some(a), Some(b)) = (exp.agent(i, 0), exp.agent(j, 0)) else {
                continue;
            };
            if a.episodes == 0 {
                continue;
            }
            let (ra, rb) = (a.record.as_ref(), b.record.as_ref());
            let same_actions =
                ra.map(|r| (r.actions_hash, r.actions)) == rb.map(|r| (r.actions_hash, r.actions));
            let err =
                a.q.iter()
                    .zip(&b.q)
                    .chain(a.q2.iter().zip(&b.q2))
                    .fold(0.0f64, |m, (x, y)| m.max((x - y - offset).abs()));
            let tol = 1e-9;
            out.push(Check::new(
                format!(
                    "{} ≡ {}: initial values = reward shift",
                    labels[i].label, labels[j].label
                ),
                same_actions && err <= tol,
                format!(
                    "run 1: {} actions, {}; largest |Q₁ − Q₂ − ({offset})| = {err:.1e} ≤ {tol:.0e}",
                    ra.map_or(0, |r| r.actions),
                    if same_actions {
                        "the same sequence"
                    } else {
                        "sequences differ"
                    }
                ),
            ));
        }
    }
    out
}

/// Q₁ − Q₂ when two learners are the same TD learner up to a shift, else None.
fn shift_pair(a: &GridLearner, b: &GridLearner, gamma: f64) -> Option<f64> {
    let td = |l: &GridLearner| {
        matches!(
            l,
            GridLearner::QLearning(_)
                | GridLearner::Sarsa(_)
                | GridLearner::ExpectedSarsa(_)
                | GridLearner::DoubleQLearning(_)
                | GridLearner::NStepSarsa(_)
                | GridLearner::MixedBackup(_)
        )
    };
    if !td(a) || a.type_name() != b.type_name() {
        return None;
    }
    let (LearnerKind::Experience(alpha_a, ea), LearnerKind::Experience(alpha_b, eb)) =
        (a.kind(), b.kind())
    else {
        return None;
    };
    let d_init = ea.initial - eb.initial;
    let d_shift = ea.reward_shift - eb.reward_shift;
    // Everything else equal: the specs agree once label, shift and Q₀ are set aside.
    let rest = |l: &GridLearner| {
        let mut l = without_label(l);
        set_shift(&mut l, 0.0, 0.0);
        l
    };
    let consistent = (d_init * (1.0 - gamma) - d_shift).abs() <= 1e-9 * (1.0 + d_shift.abs());
    (alpha_a == alpha_b && rest(a) == rest(b) && d_shift != 0.0 && consistent).then_some(d_init)
}

fn without_label(l: &GridLearner) -> GridLearner {
    let mut l = l.clone();
    match &mut l {
        GridLearner::QLearning(s)
        | GridLearner::Sarsa(s)
        | GridLearner::ExpectedSarsa(s)
        | GridLearner::DoubleQLearning(s) => s.label = None,
        GridLearner::NStepSarsa(s) => s.label = None,
        GridLearner::MixedBackup(s) => s.label = None,
        _ => {}
    }
    l
}

fn set_shift(l: &mut GridLearner, initial: f64, shift: f64) {
    match l {
        GridLearner::QLearning(s)
        | GridLearner::Sarsa(s)
        | GridLearner::ExpectedSarsa(s)
        | GridLearner::DoubleQLearning(s) => (s.initial, s.reward_shift) = (initial, shift),
        GridLearner::NStepSarsa(s) => (s.initial, s.reward_shift) = (initial, shift),
        GridLearner::MixedBackup(s) => (s.initial, s.reward_shift) = (initial, shift),
        _ => {}
    }
}
