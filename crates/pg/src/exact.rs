//! Exact answers on a known MDP, computed independently of every learner: J(π), the
//! discounted state visitation d^π, V^π and Q^π by linear solves; the exact policy
//! gradient from the policy-gradient theorem; the optimum by value iteration; the return
//! of trajectories cut after H steps. The Verify panel and the tests compare learners
//! against these.
//!
//! An MDP whose transitions all go forward (twenty questions, where every step takes a
//! turn) is solved by one backward pass over its states for V and one forward pass for d,
//! exactly what the linear solve would give, at any size; any other MDP by the dense
//! solve, so maps are solved as they always were.
//!
//! Conventions: terminal states have V = 0 and are never visited (an episode ends on
//! reaching one); the objective is J(π) = E[Σ_t γ^t r_t] from the start distribution,
//! without the episode cap (the cap is a truncation, not part of the task).

use playground_core::mdp::Mdp;

use crate::linalg;
use crate::policy::{Policy, ProbTable, SoftmaxTable, Term};

/// Everything a policy's value is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// V^π(s); 0 at terminal states.
    pub v: Vec<f64>,
    /// Q^π(s, a), states × actions row-major; 0 at terminal states.
    pub q: Vec<f64>,
    /// d^π(s) = Σ_t γ^t Pr(s_t = s): the discounted state visitation (expected visits
    /// when γ = 1); 0 at terminal states.
    pub d: Vec<f64>,
    /// J(π) = Σ_s μ(s) V^π(s).
    pub j: f64,
}

impl Evaluation {
    pub fn q(&self, s: usize, a: usize) -> f64 {
        self.q[s * (self.q.len() / self.v.len()) + a]
    }
}

/// P_π restricted to non-terminal states, as I − γP_π (terminal rows are the identity),
/// and the expected one-step reward r_π.
fn bellman_system(mdp: &Mdp, pi: &ProbTable) -> (Vec<f64>, Vec<f64>) {
    let n = mdp.states;
    let mut m = vec![0.0; n * n];
    let mut r = vec![0.0; n];
    for s in 0..n {
        m[s * n + s] = 1.0;
        if mdp.terminal[s] {
            continue;
        }
        for (a, &p) in pi.row(s).iter().enumerate() {
            if p == 0.0 {
                continue;
            }
            for o in mdp.outcomes(s, a) {
                r[s] += p * o.prob * o.reward;
                if !mdp.terminal[o.next] {
                    m[s * n + o.next] -= mdp.gamma * p * o.prob;
                }
            }
        }
    }
    (m, r)
}

/// The non-terminal states in an order in which every possible transition between them,
/// under any action, goes forward (a topological order, by Kahn's algorithm), when there
/// is one. Maps have none: a move and its reverse make a cycle.
pub fn forward_order(mdp: &Mdp) -> Option<Vec<usize>> {
    let n = mdp.states;
    let live = |s: usize| !mdp.terminal[s];
    let mut incoming = vec![0usize; n];
    let successors = |s: usize| {
        (0..mdp.actions)
            .flat_map(move |a| mdp.outcomes(s, a).iter())
            .filter(|o| o.prob > 0.0 && live(o.next))
            .map(|o| o.next)
    };
    for s in (0..n).filter(|&s| live(s)) {
        for next in successors(s) {
            incoming[next] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&s| live(s) && incoming[s] == 0).collect();
    let mut k = 0;
    while k < order.len() {
        for next in successors(order[k]) {
            incoming[next] -= 1;
            if incoming[next] == 0 {
                order.push(next);
            }
        }
        k += 1;
    }
    let live_states = (0..n).filter(|&s| live(s)).count();
    (order.len() == live_states).then_some(order)
}

/// Whether V^π is cheap to compute: a dense solve of at most `dense_limit` states, or one
/// backward pass over an MDP of any size whose transitions all go forward.
pub fn cheap_to_solve(mdp: &Mdp, dense_limit: usize) -> bool {
    mdp.states <= dense_limit || forward_order(mdp).is_some()
}

/// V^π by one backward pass over a forward order: every successor is solved first.
fn backward_values(mdp: &Mdp, pi: &ProbTable, order: &[usize]) -> Vec<f64> {
    let mut v = vec![0.0; mdp.states];
    for &s in order.iter().rev() {
        v[s] = pi
            .row(s)
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != 0.0)
            .map(|(a, p)| p * mdp.backup(s, a, &v))
            .sum();
    }
    v
}

/// d^π by one forward pass: a state's visits are complete before it passes them on.
fn forward_visits(mdp: &Mdp, pi: &ProbTable, order: &[usize]) -> Vec<f64> {
    let mut d: Vec<f64> = (0..mdp.states)
        .map(|s| if mdp.terminal[s] { 0.0 } else { mdp.start[s] })
        .collect();
    for &s in order {
        for (a, &p) in pi.row(s).iter().enumerate() {
            for o in mdp.outcomes(s, a) {
                if !mdp.terminal[o.next] {
                    d[o.next] += mdp.gamma * d[s] * p * o.prob;
                }
            }
        }
    }
    d
}

/// Exact evaluation of π. None when I − γP_π is singular: with γ = 1, a policy that may
/// never reach a terminal state has no finite return.
pub fn evaluate(mdp: &Mdp, pi: &ProbTable) -> Option<Evaluation> {
    let n = mdp.states;
    let (v, d) = match forward_order(mdp) {
        Some(order) => (
            backward_values(mdp, pi, &order),
            forward_visits(mdp, pi, &order),
        ),
        None => {
            let (m, r) = bellman_system(mdp, pi);
            let v = linalg::solve(m.clone(), r)?;
            // d solves (I − γP_π)ᵀ d = μ over non-terminal states.
            let mu: Vec<f64> = (0..n)
                .map(|s| if mdp.terminal[s] { 0.0 } else { mdp.start[s] })
                .collect();
            let d = linalg::solve(linalg::transpose(&m, n), mu)?;
            (v, d)
        }
    };
    let q = (0..n)
        .flat_map(|s| (0..mdp.actions).map(move |a| (s, a)))
        .map(|(s, a)| {
            if mdp.terminal[s] {
                0.0
            } else {
                mdp.backup(s, a, &v)
            }
        })
        .collect();
    let j = (0..n).map(|s| mdp.start[s] * v[s]).sum();
    Some(Evaluation { v, q, d, j })
}

/// V^π alone (one linear solve, or one backward pass).
pub fn values(mdp: &Mdp, pi: &ProbTable) -> Option<Vec<f64>> {
    if let Some(order) = forward_order(mdp) {
        return Some(backward_values(mdp, pi, &order));
    }
    let (m, r) = bellman_system(mdp, pi);
    linalg::solve(m, r)
}

/// J(π) alone.
pub fn return_of(mdp: &Mdp, pi: &ProbTable) -> Option<f64> {
    values(mdp, pi).map(|v| (0..mdp.states).map(|s| mdp.start[s] * v[s]).sum())
}

/// The policy-gradient theorem: ∇J(θ) = Σ_s d^π(s) Σ_a π(a|s) A^π(s, a) ∇ln π(a|s),
/// evaluated exactly (A = Q − V gives the same sum as Q, because Σ_a π ∇ln π = 0, with
/// less cancellation). It goes through the policy's own log-probability gradient, so it
/// holds for tables, blind tables and MLPs alike.
pub fn policy_gradient(mdp: &Mdp, policy: &Policy) -> Option<Vec<f64>> {
    let pi = policy.probs();
    let e = evaluate(mdp, &pi)?;
    let terms: Vec<Term> = (0..mdp.states)
        .filter(|&s| !mdp.terminal[s] && e.d[s] != 0.0)
        .flat_map(|s| (0..mdp.actions).map(move |a| (s, a)))
        .map(|(s, a)| Term::new(s, a, e.d[s] * pi.prob(s, a) * (e.q(s, a) - e.v[s])))
        .collect();
    Some(policy.grad(&terms))
}

/// The best achievable return and an optimal deterministic policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimum {
    /// V*(s).
    pub v: Vec<f64>,
    /// A greedy action per state (the lowest-numbered among ties).
    pub policy: Vec<usize>,
    /// J* = Σ μ(s) V*(s), from an exact evaluation of the greedy policy when it has one.
    pub j: f64,
}

/// Value iteration (in-place sweeps) to a sup-norm change below 1e-12 of the values'
/// scale, then an exact evaluation of the greedy policy (when it ends its episodes). None when the values diverge
/// (γ = 1 with a loop that pays) or do not settle within 100 000 sweeps.
pub fn optimum(mdp: &Mdp) -> Option<Optimum> {
    const MAX_SWEEPS: usize = 100_000;
    let n = mdp.states;
    let mut v = vec![0.0; n];
    let best = |s: usize, v: &[f64]| {
        (0..mdp.actions).map(|a| (a, mdp.backup(s, a, v))).fold(
            (0, f64::NEG_INFINITY),
            |(ba, bq), (a, q)| {
                if q > bq { (a, q) } else { (ba, bq) }
            },
        )
    };
    let mut settled = false;
    for _ in 0..MAX_SWEEPS {
        let mut change = 0.0f64;
        for s in (0..n).filter(|&s| !mdp.terminal[s]) {
            let (_, q) = best(s, &v);
            change = change.max((q - v[s]).abs());
            v[s] = q;
        }
        let scale = v.iter().fold(1.0f64, |m, x| m.max(x.abs()));
        if !scale.is_finite() || scale > 1e15 {
            return None;
        }
        if change <= 1e-12 * scale {
            settled = true;
            break;
        }
    }
    if !settled {
        return None;
    }
    let policy: Vec<usize> = (0..n).map(|s| best(s, &v).0).collect();
    let mut p = vec![0.0; n * mdp.actions];
    for (s, &a) in policy.iter().enumerate() {
        p[s * mdp.actions + a] = 1.0;
    }
    let greedy = ProbTable::from_rows(mdp.actions, p);
    let v = values(mdp, &greedy).unwrap_or(v);
    let j = (0..n).map(|s| mdp.start[s] * v[s]).sum();
    Some(Optimum { v, policy, j })
}

/// J_H(π) = E[Σ_{t<H} γ^t r_t]: the expected return of trajectories cut after H steps,
/// by H backups of V_k(s) = Σ_a π(a|s) Σ_o p_o (r_o + γ V_{k−1}(s_o)), V_0 = 0.
pub fn truncated_return(mdp: &Mdp, pi: &ProbTable, horizon: usize) -> f64 {
    let n = mdp.states;
    let mut v = vec![0.0; n];
    for _ in 0..horizon {
        let next: Vec<f64> = (0..n)
            .map(|s| {
                if mdp.terminal[s] {
                    return 0.0;
                }
                pi.row(s)
                    .iter()
                    .enumerate()
                    .map(|(a, &p)| p * mdp.backup(s, a, &v))
                    .sum()
            })
            .collect();
        v = next;
    }
    (0..n).map(|s| mdp.start[s] * v[s]).sum()
}

/// The probability that an episode under π is still running after `steps` steps (so an
/// episode cap of that many steps cuts it off).
pub fn still_running(mdp: &Mdp, pi: &ProbTable, steps: usize) -> f64 {
    let n = mdp.states;
    let mut p: Vec<f64> = (0..n)
        .map(|s| if mdp.terminal[s] { 0.0 } else { mdp.start[s] })
        .collect();
    for _ in 0..steps {
        let mut next = vec![0.0; n];
        for s in (0..n).filter(|&s| p[s] > 0.0) {
            for (a, &pa) in pi.row(s).iter().enumerate() {
                for o in mdp.outcomes(s, a) {
                    if !mdp.terminal[o.next] {
                        next[o.next] += p[s] * pa * o.prob;
                    }
                }
            }
        }
        p = next;
    }
    p.iter().sum()
}

/// The largest |expected reward| of any action: with γ < 1, what is cut off after H steps
/// is at most γ^H · this / (1 − γ).
pub fn max_abs_reward(mdp: &Mdp) -> f64 {
    (0..mdp.states)
        .filter(|&s| !mdp.terminal[s])
        .flat_map(|s| (0..mdp.actions).map(move |a| (s, a)))
        .flat_map(|(s, a)| mdp.outcomes(s, a).iter().map(|o| o.reward.abs()))
        .fold(0.0, f64::max)
}

/// The best policy that cannot tell states apart (one distribution over actions for every
/// state), by exact gradient ascent on the blind softmax from the uniform policy, with
/// step halving: a local optimum, the global one when J is unimodal in that distribution
/// (as in Sutton & Barto's short corridor, where it is P(right) = 2 − √2). Returns the
/// distribution and its J; None when J is undefined (γ = 1 and some state cannot end).
pub fn best_blind(mdp: &Mdp) -> Option<(Vec<f64>, f64)> {
    const MAX_STEPS: usize = 2_000;
    let mut policy = Policy::Table(SoftmaxTable::blind(mdp.states, mdp.actions));
    let mut j = return_of(mdp, &policy.probs())?;
    let mut step = 1.0;
    for _ in 0..MAX_STEPS {
        let g = policy_gradient(mdp, &policy)?;
        let norm = linalg::dot(&g, &g).sqrt();
        if norm <= 1e-10 * j.abs().max(1.0) || step < 1e-12 {
            break;
        }
        let mut trial = policy.clone();
        trial.ascend(&g, step / norm);
        match return_of(mdp, &trial.probs()) {
            Some(jt) if jt > j => {
                (policy, j) = (trial, jt);
                step *= 1.5;
            }
            _ => step /= 2.0,
        }
    }
    Some((policy.probs().row(0).to_vec(), j))
}
