//! Hand-made tasks the tests run on.

use playground_core::mdp::{Mdp, Outcome};
use playground_core::scenario::PgLearner;
use playground_pg::experiment::Plan;
use playground_pg::{PgExperiment, Task};

/// An MDP from a transition function f(s, a) = [(next, probability, reward)].
pub fn mdp(
    states: usize,
    actions: usize,
    gamma: f64,
    cap: usize,
    terminal: &[usize],
    start: &[(usize, f64)],
    f: impl Fn(usize, usize) -> Vec<(usize, f64, f64)>,
) -> Mdp {
    let is_terminal: Vec<bool> = (0..states).map(|s| terminal.contains(&s)).collect();
    let mut outcomes = Vec::with_capacity(states * actions);
    for (s, &done) in is_terminal.iter().enumerate() {
        for a in 0..actions {
            outcomes.push(if done {
                Vec::new()
            } else {
                f(s, a)
                    .into_iter()
                    .map(|(next, prob, reward)| Outcome {
                        next,
                        prob,
                        reward,
                        reward_sd: 0.0,
                    })
                    .collect()
            });
        }
    }
    let mut p = vec![0.0; states];
    for &(s, w) in start {
        p[s] = w;
    }
    Mdp {
        states,
        actions,
        outcomes,
        terminal: is_terminal,
        start: p,
        gamma,
        episode_cap: cap,
    }
}

/// Sutton & Barto's short corridor with switched actions (Example 13.1): states 0, 1, 2
/// and the goal 3; actions left (0) and right (1); in state 1 they are swapped; −1 per
/// step; γ = 1.
pub fn short_corridor() -> Mdp {
    mdp(4, 2, 1.0, 1000, &[3], &[(0, 1.0)], |s, a| {
        let right = if s == 1 { a == 0 } else { a == 1 };
        let next = match (s, right) {
            (0, false) => 0,
            (_, false) => s - 1,
            (_, true) => s + 1,
        };
        vec![(next, 1.0, -1.0)]
    })
}

/// The exact value of the short corridor's start for P(right) = p (derived by hand from
/// the three Bellman equations): J(p) = −2(2 − p)/(p(1 − p)).
pub fn short_corridor_return(p: f64) -> f64 {
    -2.0 * (2.0 - p) / (p * (1.0 - p))
}

/// A chain 0 – 1 – … – n−1 with the goal at the right end; left at 0 stays. Reward −1
/// per step, or `goal` on reaching the goal.
pub fn chain(n: usize, gamma: f64, step: f64, goal: f64, cap: usize) -> Mdp {
    mdp(n, 2, gamma, cap, &[n - 1], &[(0, 1.0)], move |s, a| {
        let next = if a == 1 { s + 1 } else { s.saturating_sub(1) };
        let r = if next == n - 1 { goal } else { step };
        vec![(next, 1.0, r)]
    })
}

/// A small stochastic gridworld-like task: 2 × 3 cells, the goal at the far corner, moves
/// slip sideways with probability 0.2, −0.1 per step, +1 at the goal, γ = 0.95.
pub fn slippery_room() -> Mdp {
    let (rows, cols) = (2usize, 3usize);
    let goal = rows * cols - 1;
    mdp(
        rows * cols,
        4,
        0.95,
        100,
        &[goal],
        &[(0, 1.0)],
        move |s, a| {
            let (r, c) = ((s / cols) as i64, (s % cols) as i64);
            let go = |dir: usize| {
                let (dr, dc) = [(0, -1), (-1, 0), (0, 1), (1, 0)][dir];
                let (nr, nc) = (r + dr, c + dc);
                if nr < 0 || nc < 0 || nr >= rows as i64 || nc >= cols as i64 {
                    s
                } else {
                    (nr as usize) * cols + nc as usize
                }
            };
            let reward = |next: usize| if next == goal { 1.0 } else { -0.1 };
            let sides = [(a + 1) % 4, (a + 3) % 4];
            let mut out = vec![(go(a), 0.8, reward(go(a)))];
            for d in sides {
                out.push((go(d), 0.1, reward(go(d))));
            }
            out
        },
    )
}

/// A bandit-like task: one start state, three actions each ending the episode with a
/// noisy reward of mean 0.2, 0.5 or 0.8.
pub fn three_arms(sd: f64) -> Mdp {
    let mut m = mdp(2, 3, 1.0, 10, &[1], &[(0, 1.0)], |_, a| {
        vec![(1, 1.0, [0.2, 0.5, 0.8][a])]
    });
    for o in m.outcomes.iter_mut().flatten() {
        o.reward_sd = sd;
    }
    m
}

pub fn learner(toml: &str) -> PgLearner {
    let value: toml::Value = toml::from_str(toml).unwrap();
    serde_json::from_value(serde_json::to_value(value).unwrap()).unwrap()
}

pub fn experiment(
    m: Mdp,
    seed: u64,
    iterations: usize,
    runs: usize,
    learners: &[&str],
) -> PgExperiment {
    let learners: Vec<PgLearner> = learners.iter().map(|l| learner(l)).collect();
    let labels = (0..learners.len())
        .map(|i| format!("{i}: {}", learners[i].label()))
        .collect();
    PgExperiment::new(
        Task::from_mdp(m).unwrap(),
        Plan {
            seed,
            iterations,
            runs,
            learners,
            labels,
        },
    )
    .unwrap()
}

/// A corridor 0 … n−1 with a pit at 0 (terminal, reward 0) and the goal at n−1
/// (terminal, reward 1), starting at `start`; γ = 1, so J is the probability of reaching
/// the goal. Under the uniform policy episodes last start·(n−1−start) steps on average:
/// a long horizon with a single reward at its end.
pub fn pit_corridor(n: usize, start: usize) -> Mdp {
    mdp(
        n,
        2,
        1.0,
        1000,
        &[0, n - 1],
        &[(start, 1.0)],
        move |s, a| {
            let next = if a == 1 { s + 1 } else { s - 1 };
            vec![(next, 1.0, if next == n - 1 { 1.0 } else { 0.0 })]
        },
    )
}

/// A ring of 9 states with no end: moves go left or right around it; every third state
/// pays a noisy reward N(1, 1) on arrival; γ = 0.9. Episodes only stop at the cap (100),
/// so a trajectory's late steps cost as much as its early ones but count for little.
pub fn noisy_ring() -> Mdp {
    let n = 9;
    let mut m = mdp(n, 2, 0.9, 100, &[], &[(0, 1.0)], move |s, a| {
        let next = if a == 1 { (s + 1) % n } else { (s + n - 1) % n };
        vec![(next, 1.0, if next % 3 == 0 { 1.0 } else { 0.0 })]
    });
    for o in m.outcomes.iter_mut().flatten() {
        o.reward_sd = 1.0;
    }
    m
}
