//! Dynamic programming on the compiled MDP: the Bellman operators, and the three
//! planners (policy evaluation, value iteration, policy iteration) as state machines that
//! advance one sweep (or one policy-iteration round) at a time, so the page can animate
//! them.

use crate::mdp::Mdp;
use crate::scenario::EvaluationMethod;

use super::linear;
use super::policy::{Policy, TIE, first_max, max_of};

/// A planner stops after this many sweeps even if it has not met its tolerance (γ close
/// to 1 can need tens of thousands); its Verify check then says so.
pub const MAX_SWEEPS: usize = 100_000;

/// Q(s, ·) from state values: one expected backup per action.
pub fn q_row(mdp: &Mdp, v: &[f64], s: usize, out: &mut [f64]) {
    for (a, q) in out.iter_mut().enumerate() {
        *q = mdp.backup(s, a, v);
    }
}

/// The whole Q table (terminal states: all 0).
pub fn q_table(mdp: &Mdp, v: &[f64]) -> Vec<f64> {
    let mut q = vec![0.0; mdp.states * mdp.actions];
    for s in (0..mdp.states).filter(|&s| !mdp.terminal[s]) {
        q_row(mdp, v, s, &mut q[s * mdp.actions..(s + 1) * mdp.actions]);
    }
    q
}

/// (T_π v)(s) = Σₐ π(a|s) Σ p (r + γ v(s')).
pub fn policy_backup(mdp: &Mdp, policy: &Policy, v: &[f64], s: usize) -> f64 {
    (0..mdp.actions)
        .filter(|&a| policy.prob(s, a) > 0.0)
        .map(|a| policy.prob(s, a) * mdp.backup(s, a, v))
        .sum()
}

/// (T* v)(s) = maxₐ Σ p (r + γ v(s')).
pub fn optimal_backup(mdp: &Mdp, v: &[f64], s: usize) -> f64 {
    (0..mdp.actions)
        .map(|a| mdp.backup(s, a, v))
        .fold(f64::NEG_INFINITY, f64::max)
}

/// ‖T v − v‖∞ for the optimality operator (policy None) or a policy's.
pub fn bellman_residual(mdp: &Mdp, policy: Option<&Policy>, v: &[f64]) -> f64 {
    (0..mdp.states)
        .filter(|&s| !mdp.terminal[s])
        .map(|s| {
            let tv = match policy {
                Some(p) => policy_backup(mdp, p, v, s),
                None => optimal_backup(mdp, v, s),
            };
            (tv - v[s]).abs()
        })
        .fold(0.0, f64::max)
}

/// The greedy action of every state (first maximum in action order; 0 in terminals).
pub fn greedy(mdp: &Mdp, v: &[f64]) -> Vec<usize> {
    let mut row = vec![0.0; mdp.actions];
    (0..mdp.states)
        .map(|s| {
            if mdp.terminal[s] {
                return 0;
            }
            q_row(mdp, v, s, &mut row);
            first_max(&row)
        })
        .collect()
}

/// What a planner computes.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// v_π of a fixed policy.
    Evaluation {
        policy: Policy,
        method: EvaluationMethod,
        in_place: bool,
    },
    ValueIteration,
    /// The policy being evaluated: None is the equiprobable random policy, where policy
    /// iteration starts (it ends with probability 1, whatever γ is). `stable` once
    /// improvement left the policy as it was.
    PolicyIteration {
        policy: Option<Vec<usize>>,
        stable: bool,
    },
}

/// A planner's state between steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Planner {
    pub plan: Plan,
    pub tolerance: f64,
    /// Current state values (0 at the start).
    pub v: Vec<f64>,
    /// What the last step changed, per state.
    pub change: Vec<f64>,
    /// max |change| of the last step.
    pub residual: f64,
    /// Steps taken: sweeps, linear solves or policy-iteration rounds.
    pub sweeps: usize,
    pub done: bool,
    /// Why the planner stopped without an answer (a singular system, the sweep limit).
    pub failure: Option<String>,
}

impl Planner {
    pub fn new(plan: Plan, tolerance: f64, states: usize) -> Planner {
        Planner {
            plan,
            tolerance,
            v: vec![0.0; states],
            change: vec![0.0; states],
            residual: f64::INFINITY,
            sweeps: 0,
            done: false,
            failure: None,
        }
    }

    /// One step: a sweep, a solve, or a round of policy iteration.
    pub fn step(&mut self, mdp: &Mdp) {
        if self.done {
            return;
        }
        let next = match &mut self.plan {
            Plan::Evaluation {
                policy,
                method: EvaluationMethod::Linear,
                ..
            } => linear::evaluate(mdp, policy),
            Plan::Evaluation {
                policy, in_place, ..
            } => Some(sweep(mdp, &self.v, *in_place, |v, s| {
                policy_backup(mdp, policy, v, s)
            })),
            Plan::ValueIteration => {
                Some(sweep(mdp, &self.v, false, |v, s| optimal_backup(mdp, v, s)))
            }
            Plan::PolicyIteration { policy, stable } => {
                policy_iteration_round(mdp, policy).map(|(v, same)| {
                    *stable = same;
                    v
                })
            }
        };
        self.sweeps += 1;
        let Some(next) = next else {
            self.done = true;
            self.failure = Some("the linear system is singular: the policy never ends".into());
            return;
        };
        for ((c, new), old) in self.change.iter_mut().zip(&next).zip(&self.v) {
            *c = new - old;
        }
        self.residual = self.change.iter().fold(0.0, |m, c| m.max(c.abs()));
        self.v = next;
        self.done = self.finished();
    }

    fn finished(&mut self) -> bool {
        let converged = match &self.plan {
            Plan::Evaluation {
                method: EvaluationMethod::Linear,
                ..
            } => true,
            Plan::PolicyIteration { stable, .. } => *stable,
            _ => self.residual <= self.tolerance,
        };
        if !converged && self.sweeps >= MAX_SWEEPS {
            self.failure = Some(format!(
                "stopped after {MAX_SWEEPS} sweeps with max |ΔV| = {:.1e} > {:.0e}",
                self.residual, self.tolerance
            ));
            return true;
        }
        converged
    }

    /// True once the planner has its answer (not when it gave up).
    pub fn converged(&self) -> bool {
        self.done && self.failure.is_none()
    }

    /// Run to the end, counting steps (how the experiment knows its horizon).
    pub fn steps_to_finish(&self, mdp: &Mdp) -> usize {
        let mut p = self.clone();
        while !p.done {
            p.step(mdp);
        }
        p.sweeps
    }
}

/// One sweep of `backup` over the non-terminal states: from a copy (synchronous), or in
/// place (each new value used at once by the states after it: Gauss–Seidel).
fn sweep(mdp: &Mdp, v: &[f64], in_place: bool, backup: impl Fn(&[f64], usize) -> f64) -> Vec<f64> {
    let mut next = v.to_vec();
    for s in (0..mdp.states).filter(|&s| !mdp.terminal[s]) {
        next[s] = if in_place {
            backup(&next, s)
        } else {
            backup(v, s)
        };
    }
    next
}

/// Evaluate the current policy exactly, then make it greedy. Where the current action is
/// still within [`TIE`] of the best it is kept, so equal actions cannot make the policy
/// cycle. Returns the values of the evaluated policy, and whether improving it changed
/// nothing (then they are the optimal values).
fn policy_iteration_round(mdp: &Mdp, current: &mut Option<Vec<usize>>) -> Option<(Vec<f64>, bool)> {
    let policy = match current {
        Some(choice) => Policy::deterministic(mdp, choice),
        None => Policy::uniform(mdp),
    };
    let v = linear::evaluate(mdp, &policy)?;
    let mut row = vec![0.0; mdp.actions];
    let improved: Vec<usize> = (0..mdp.states)
        .map(|s| {
            if mdp.terminal[s] {
                return 0;
            }
            q_row(mdp, &v, s, &mut row);
            match current {
                Some(choice) if row[choice[s]] >= max_of(&row) - TIE => choice[s],
                _ => first_max(&row),
            }
        })
        .collect();
    let stable = current.as_ref() == Some(&improved);
    *current = Some(improved);
    Some((v, stable))
}

/// The optimum, by policy iteration (exact at every round): V*, Q* and a greedy policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimum {
    pub v: Vec<f64>,
    pub q: Vec<f64>,
    pub policy: Vec<usize>,
}

impl Optimum {
    /// None when policy iteration cannot finish (a singular system: a policy that never
    /// ends, with γ = 1) — validation rules that out for scenarios that optimise.
    pub fn solve(mdp: &Mdp) -> Option<Optimum> {
        let mut p = Planner::new(
            Plan::PolicyIteration {
                policy: None,
                stable: false,
            },
            0.0,
            mdp.states,
        );
        while !p.done {
            p.step(mdp);
        }
        if !p.converged() {
            return None;
        }
        let policy = greedy(mdp, &p.v);
        Some(Optimum {
            q: q_table(mdp, &p.v),
            v: p.v,
            policy,
        })
    }

    /// The optimal value of the start distribution.
    pub fn start_value(&self, mdp: &Mdp) -> f64 {
        mdp.start.iter().zip(&self.v).map(|(p, v)| p * v).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mdp::stay_or_go;

    /// `stay_or_go`: the random policy's value solves v = ½(1 + 0.9v) + ½·5, v = 3/0.55.
    fn two_state() -> Mdp {
        stay_or_go(100)
    }

    fn run(plan: Plan, tolerance: f64) -> Planner {
        let mdp = two_state();
        let mut p = Planner::new(plan, tolerance, 2);
        while !p.done {
            p.step(&mdp);
        }
        p
    }

    #[test]
    fn value_iteration_finds_the_optimum() {
        let p = run(Plan::ValueIteration, 1e-12);
        assert!(p.converged());
        assert!((p.v[0] - 10.0).abs() < 1e-10, "{:?}", p.v);
        assert_eq!(greedy(&two_state(), &p.v), vec![0, 0]);
    }

    #[test]
    fn policy_iteration_finds_the_optimum_in_few_rounds() {
        let p = run(
            Plan::PolicyIteration {
                policy: None,
                stable: false,
            },
            0.0,
        );
        assert!(p.converged());
        assert!((p.v[0] - 10.0).abs() < 1e-12);
        // Evaluate random, improve to "stay"; evaluate "stay", improve: no change.
        assert_eq!(p.sweeps, 2);
        let opt = Optimum::solve(&two_state()).unwrap();
        assert_eq!(opt.policy, vec![0, 0]);
        assert!((opt.start_value(&two_state()) - 10.0).abs() < 1e-12);
    }

    #[test]
    fn sweeps_in_place_and_linear_evaluation_agree_on_the_random_policy() {
        let exact = 3.0 / 0.55;
        let policy = Policy::uniform(&two_state());
        for (method, in_place) in [
            (EvaluationMethod::Sweeps, false),
            (EvaluationMethod::Sweeps, true),
            (EvaluationMethod::Linear, false),
        ] {
            let plan = Plan::Evaluation {
                policy: policy.clone(),
                method,
                in_place,
            };
            let p = run(plan, 1e-12);
            assert!(
                (p.v[0] - exact).abs() < 1e-10,
                "{method:?} {in_place}: {:?}",
                p.v
            );
        }
        let m = linear::discounted_steps(&two_state(), &policy).unwrap();
        // Continue with probability ½·0.9 each step: 1 / (1 − 0.45).
        assert!((m[0] - 1.0 / 0.55).abs() < 1e-12);
    }

    #[test]
    fn a_policy_that_never_ends_with_gamma_one_fails_cleanly() {
        let mut mdp = two_state();
        mdp.gamma = 1.0;
        let stay = Policy::deterministic(&mdp, &[0, 0]);
        assert!(linear::evaluate(&mdp, &stay).is_none());
        let mut p = Planner::new(
            Plan::Evaluation {
                policy: stay,
                method: EvaluationMethod::Linear,
                in_place: false,
            },
            1e-10,
            2,
        );
        p.step(&mdp);
        assert!(p.done && !p.converged() && p.failure.is_some());
    }
}
