//! Objectives with different time preferences (*Consistent Aggregation of Objectives with
//! Diverse Time Preferences Requires Non-Markovian Rewards*).
//!
//! Each plan delivers r₁ on objective 1 at time t₁ and r₂ on objective 2 at time t₂;
//! objective i is discounted by γ_i. Seen from time τ, a plan is worth
//! γ_i^(t_i−τ)·r_i on objective i. A Markov aggregator scores plans by w·(that), the
//! same weights at every τ: when γ₁ ≠ γ₂ the ratio of the two objectives' discounts
//! drifts with τ, so the plan it prefers can flip as the deliveries come closer. The
//! consistent aggregator carries γ_i^τ in its state and weights objective i by w_i·γ_i^τ,
//! which is the time-0 value: its preference never changes.

use playground_core::math;

use crate::front::Point;
use crate::problem::Problem;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    pub rewards: Point,
    pub times: [usize; 2],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub gammas: Point,
    pub plans: Vec<Plan>,
}

impl Schedule {
    /// From validated rows [r₁, t₁, r₂, t₂].
    pub fn new(gammas: &[f64], rows: &[Vec<f64>]) -> Self {
        Schedule {
            gammas: [gammas[0], gammas[1]],
            plans: rows
                .iter()
                .map(|r| Plan {
                    rewards: [r[0], r[2]],
                    times: [r[1] as usize, r[3] as usize],
                })
                .collect(),
        }
    }

    /// The last time every plan is still alike: the first delivery of any plan.
    pub fn decision_time(&self) -> usize {
        self.plans
            .iter()
            .map(|p| p.times[0].min(p.times[1]))
            .min()
            .unwrap_or(0)
    }

    /// Plan `k`'s worth on each objective seen from time τ ≤ its deliveries.
    pub fn value_from(&self, k: usize, tau: usize) -> Point {
        let p = &self.plans[k];
        let v = |i: usize| {
            let ahead = p.times[i].saturating_sub(tau) as f64;
            math::pow(self.gammas[i], ahead) * p.rewards[i]
        };
        [v(0), v(1)]
    }

    /// Every plan's worth from time 0: the outcomes.
    pub fn outcomes(&self) -> Vec<Point> {
        (0..self.plans.len())
            .map(|k| self.value_from(k, 0))
            .collect()
    }
}

#[derive(Clone, Debug)]
pub struct Aggregator {
    /// w₁; w₂ = 1 − w₁.
    pub weight: f64,
    /// Whether the state carries γ_i^τ (the consistent aggregator).
    pub augmented: bool,
    /// Every step's (τ, preferred plan).
    pub picks: Vec<(usize, usize)>,
}

impl Aggregator {
    pub fn new(weight: f64, augmented: bool) -> Self {
        Aggregator {
            weight,
            augmented,
            picks: Vec::new(),
        }
    }

    /// Each plan's score at time τ (outside time preferences: w·J, whatever τ).
    pub fn scores(&self, problem: &Problem, tau: usize) -> Vec<f64> {
        let w = [self.weight, 1.0 - self.weight];
        match &problem.schedule {
            Some(s) => (0..s.plans.len())
                .map(|k| {
                    let v = s.value_from(k, tau);
                    let carried = |i: usize| {
                        if self.augmented {
                            math::pow(s.gammas[i], tau as f64)
                        } else {
                            1.0
                        }
                    };
                    w[0] * carried(0) * v[0] + w[1] * carried(1) * v[1]
                })
                .collect(),
            None => problem
                .outcomes
                .iter()
                .map(|o| w[0] * o[0] + w[1] * o[1])
                .collect(),
        }
    }

    /// Step `t`: re-plan at τ = min(t, decision time) and keep the best plan (the first,
    /// on ties).
    pub fn step(&mut self, t: usize, problem: &Problem) {
        let tau = problem
            .schedule
            .as_ref()
            .map_or(0, |s| t.min(s.decision_time()));
        let pick = argmax(&self.scores(problem, tau));
        self.picks.push((tau, pick));
    }

    /// How many times the preferred plan has changed.
    pub fn flips(&self) -> usize {
        self.picks.windows(2).filter(|w| w[0].1 != w[1].1).count()
    }

    /// The time-0 returns of the plans it has preferred (distinct).
    pub fn points(&self, problem: &Problem) -> Vec<Point> {
        let mut out: Vec<Point> = Vec::new();
        for &(_, k) in &self.picks {
            let p = problem.outcomes[k];
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }
}

/// The index of the largest score (the first, on ties).
pub fn argmax(scores: &[f64]) -> usize {
    let mut best = 0;
    for (k, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = k;
        }
    }
    best
}
