//! Twenty questions against brute force: every game walked question by question, its
//! turn rewards against the information gain counted over the numbers, the belief MDP
//! against the game, and the one-pass solver against the finite-horizon backups.

use std::collections::{BTreeMap, BTreeSet};

use playground_core::mdp::Mdp;
use playground_core::rng::Rng;
use playground_core::scenario::TwentyQuestionsEnv;
use playground_pg::policy::{Policy, SoftmaxTable};
use playground_pg::questions::{self, Game};
use playground_pg::rollout::{self, Episode};
use playground_pg::{ProbTable, Task, exact};

fn env(turns: usize, redundant: usize, uninformative: usize) -> TwentyQuestionsEnv {
    TwentyQuestionsEnv {
        turns,
        redundant,
        uninformative,
    }
}

/// The answer to question q about `item`, from the documented order of the questions:
/// the four bits, then the redundant ones (bit 0, bit 1 again), then the uninformative
/// ones (always yes).
fn answer(e: &TwentyQuestionsEnv, q: usize, item: usize) -> bool {
    let bit = if q < 4 {
        Some(q)
    } else if q < 4 + e.redundant {
        Some(q - 4)
    } else {
        None
    };
    bit.is_none_or(|k| (item >> k) & 1 == 1)
}

/// P(correct answer) under the belief after `asked`: 1 / the count of numbers that give
/// `item`'s answers to all of them.
fn p_correct(e: &TwentyQuestionsEnv, item: usize, asked: &[usize]) -> f64 {
    let same = (0..16)
        .filter(|&j| asked.iter().all(|&q| answer(e, q, j) == answer(e, q, item)))
        .count();
    1.0 / same as f64
}

/// The one outcome of a deterministic step.
fn step(m: &Mdp, s: usize, a: usize) -> (usize, f64) {
    let o = m.outcomes(s, a);
    assert_eq!(o.len(), 1, "the game is deterministic");
    (o[0].next, o[0].reward)
}

/// The start state of each number, found by the guess that pays there.
fn starts(task: &Task, game: &Game) -> Vec<usize> {
    let m = &task.mdp;
    (0..16)
        .map(|item| {
            (0..m.states)
                .filter(|&s| m.start[s] > 0.0)
                .find(|&s| step(m, s, game.guess(item)).1 == 1.0)
                .unwrap()
        })
        .collect()
}

/// Every sequence of questions of length ≤ turns − 1 from every number: the turn reward of
/// each question is the increase of P(correct) counted over the numbers; guesses pay 1
/// exactly when right; what the policy sees depends on the answers and the turn only, and
/// tells every different set of answers apart; and averaged over the numbers the policy
/// cannot tell apart, a question's gain is (answers it can get − 1)/|consistent numbers|.
#[test]
fn every_game_pays_the_information_gain_counted_over_the_numbers() {
    for e in [env(5, 1, 1), env(3, 2, 2), env(6, 0, 0)] {
        let task = questions::task(&e).unwrap();
        let game = Game::new(&e);
        let m = &task.mdp;
        assert_eq!(m.start.iter().filter(|&&p| p > 0.0).count(), 16);
        let q = game.questions();
        // (the answers given, as (question, answer) pairs sorted, and the turn) → observation.
        let mut seen: BTreeMap<(Vec<(usize, bool)>, usize), usize> = BTreeMap::new();
        // observation → (question → gains over the numbers there).
        let mut gains: BTreeMap<(usize, usize), Vec<f64>> = BTreeMap::new();
        let mut visited = BTreeSet::new();
        for (item, &start) in starts(&task, &game).iter().enumerate() {
            let mut stack = vec![(start, Vec::<usize>::new())];
            while let Some((s, asked)) = stack.pop() {
                // Questions asked in another order reach the same position.
                if !visited.insert(s) {
                    continue;
                }
                let turn = asked.len();
                let mut record: Vec<(usize, bool)> =
                    asked.iter().map(|&x| (x, answer(&e, x, item))).collect();
                record.sort_unstable();
                record.dedup();
                let o = *seen.entry((record, turn)).or_insert(task.observation[s]);
                assert_eq!(task.observation[s], o, "number {item}, asked {asked:?}");
                for g in 0..16 {
                    let (next, r) = step(m, s, game.guess(g));
                    assert!(m.terminal[next]);
                    assert_eq!(r, if g == item { 1.0 } else { 0.0 });
                }
                for a in 0..q {
                    let (next, r) = step(m, s, a);
                    assert_eq!(r, 0.0, "questions pay no outcome");
                    let ep = Episode {
                        states: vec![s],
                        actions: vec![a],
                        rewards: vec![r],
                        last: next,
                        terminated: m.terminal[next],
                    };
                    let paid = task.turn_rewards(&ep)[0];
                    if turn + 1 == e.turns {
                        assert!(m.terminal[next], "out of turns");
                        assert_eq!(paid, 0.0, "a question that ends the game pays its outcome");
                        continue;
                    }
                    let mut after = asked.clone();
                    after.push(a);
                    let gain = p_correct(&e, item, &after) - p_correct(&e, item, &asked);
                    assert!((paid - gain).abs() < 1e-15, "{paid} vs {gain}");
                    gains.entry((o, a)).or_default().push(gain);
                    stack.push((next, after));
                }
            }
        }
        // Distinct observations are distinct sets of answers (and turns).
        let mut values: Vec<usize> = seen.values().copied().collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(
            values.len(),
            seen.len(),
            "two sets of answers look the same"
        );
        for ((record, _), o) in &seen {
            let consistent = (0..16)
                .filter(|&j| record.iter().all(|&(x, y)| answer(&e, x, j) == y))
                .count() as f64;
            for a in 0..q {
                let Some(g) = gains.get(&(*o, a)) else {
                    continue;
                };
                // Every number consistent with the answers was walked here once.
                assert_eq!(g.len() as f64, consistent);
                let answers = (0..16)
                    .filter(|&j| record.iter().all(|&(x, y)| answer(&e, x, j) == y))
                    .map(|j| answer(&e, a, j))
                    .fold([false, false], |mut f, y| {
                        f[usize::from(y)] = true;
                        f
                    })
                    .iter()
                    .filter(|&&f| f)
                    .count() as f64;
                let mean = g.iter().sum::<f64>() / consistent;
                assert!((mean - (answers - 1.0) / consistent).abs() < 1e-15);
            }
        }
        let live = (0..m.states).filter(|&s| !m.terminal[s]).count();
        assert_eq!(visited.len(), live, "every position is some game's");
        println!(
            "turns {}: {live} positions, {} observations",
            e.turns,
            seen.len()
        );
    }
}

/// A random policy that reads observations only.
fn observation_policy(task: &Task, rng: &mut Rng) -> Policy {
    let mut p = Policy::Table(SoftmaxTable::new(task.observation.clone(), task.actions()));
    let theta: Vec<f64> = (0..p.n_params()).map(|_| 2.0 * rng.normal()).collect();
    p.set_params(&theta);
    p
}

/// The same policy on the belief MDP: observation o's row of probabilities.
fn on_beliefs(task: &Task, pi: &ProbTable) -> ProbTable {
    let belief = task.belief.as_ref().unwrap();
    let a = task.actions();
    let mut p = vec![1.0 / a as f64; belief.states * a];
    for (s, &o) in task.observation.iter().enumerate() {
        p[o * a..(o + 1) * a].copy_from_slice(pi.row(s));
    }
    ProbTable::from_rows(a, p)
}

/// The belief MDP is the game as the policy sees it: every observation policy has the
/// same J on both; its optimum is min(1, 2^(turns − 1)/16), while the game's own optimum
/// (which sees the number) is 1.
#[test]
fn the_belief_mdp_is_the_game_seen_through_the_answers() {
    let mut rng = Rng::stream(7, &[1]);
    for turns in 1..=6 {
        for (r, u) in [(0, 0), (1, 1), (2, 2)] {
            let e = env(turns, r, u);
            let task = questions::task(&e).unwrap();
            let belief = task.belief.as_ref().unwrap();
            for _ in 0..3 {
                let pi = observation_policy(&task, &mut rng).probs();
                let j = exact::return_of(&task.mdp, &pi).unwrap();
                let jb = exact::return_of(belief, &on_beliefs(&task, &pi)).unwrap();
                assert!((j - jb).abs() < 1e-12, "turns {turns}: {j} vs {jb}");
            }
            let best = exact::optimum(belief).unwrap().j;
            let closed = (2f64.powi(turns as i32 - 1) / 16.0).min(1.0);
            assert!((best - closed).abs() < 1e-12, "turns {turns}: J* = {best}");
            assert_eq!(Game::new(&e).best_return(), closed);
            assert_eq!(exact::optimum(&task.mdp).unwrap().j, 1.0);
        }
    }
}

/// Along any game the question turns' rewards telescope: they sum to P(correct) when the
/// game ends minus 1/16. In expectation, exactly: J of the game paying only the gains
/// (a linear solve) is E[P(correct) at the last decision] − 1/16, from the exact visits.
#[test]
fn the_turn_rewards_sum_to_the_final_minus_the_initial_p_correct() {
    let e = env(5, 1, 1);
    let task = questions::task(&e).unwrap();
    let m = &task.mdp;
    // P(correct) of each live state as the task defines it (the first test checks its
    // increases against the counts).
    let phi = |s: usize| -> f64 {
        match &task.turn_rewards {
            playground_pg::task::TurnRewards::InformationGain { p_correct } => p_correct[s],
            other => panic!("{other:?}"),
        }
    };
    assert!((0..m.states).all(|s| m.start[s] == 0.0 || phi(s) == 1.0 / 16.0));
    let mut rng = Rng::stream(11, &[2]);
    let pi = observation_policy(&task, &mut rng).probs();
    for _ in 0..2000 {
        let ep = rollout::episode(m, &pi, &mut rng);
        assert!(ep.terminated);
        let r = task.turn_rewards(&ep);
        let last = ep.len() - 1;
        let gains: f64 = r[..last].iter().sum();
        let want = phi(ep.states[last]) - 1.0 / 16.0;
        assert!((gains - want).abs() < 1e-14, "{gains} vs {want}");
        assert_eq!(r[last], ep.rewards[last], "the last turn pays the outcome");
    }
    // The game paying the gains only.
    let mut gains_only = m.clone();
    for s in 0..m.states {
        for a in 0..m.actions {
            for o in &mut gains_only.outcomes[s * m.actions + a] {
                o.reward = if m.terminal[o.next] {
                    0.0
                } else {
                    phi(o.next) - phi(s)
                };
            }
        }
    }
    let expected_gain = exact::return_of(&gains_only, &pi).unwrap();
    let visits = exact::evaluate(m, &pi).unwrap().d;
    let final_p: f64 = (0..m.states)
        .filter(|&s| !m.terminal[s])
        .map(|s| {
            let ends: f64 = (0..m.actions)
                .map(|a| {
                    let o = &m.outcomes(s, a)[0];
                    if m.terminal[o.next] {
                        pi.prob(s, a)
                    } else {
                        0.0
                    }
                })
                .sum();
            visits[s] * ends * phi(s)
        })
        .sum();
    println!(
        "E[Σ gains] = {expected_gain:.6}, E[P final] − 1/16 = {:.6}",
        final_p - 1.0 / 16.0
    );
    assert!((expected_gain - (final_p - 1.0 / 16.0)).abs() < 1e-12);
    assert!(expected_gain > 0.0);
}

/// Twenty questions is solved by one pass over its states (every step takes a turn):
/// the same J as H backups of the finite-horizon recursion (H = turns, after which every
/// game is over), and an exact gradient that matches finite differences of J. Maps keep
/// the dense solve: they have no forward order.
#[test]
fn the_one_pass_solver_agrees_with_backups_and_finite_differences() {
    let e = env(4, 1, 1);
    let task = questions::task(&e).unwrap();
    let m = &task.mdp;
    assert!(exact::forward_order(m).is_some());
    assert!(exact::cheap_to_solve(m, 0));
    let mut rng = Rng::stream(5, &[3]);
    let policy = observation_policy(&task, &mut rng);
    let pi = policy.probs();
    let j = exact::return_of(m, &pi).unwrap();
    let jh = exact::truncated_return(m, &pi, e.turns);
    assert!((j - jh).abs() < 1e-14, "{j} vs {jh}");
    let g = exact::policy_gradient(m, &policy).unwrap();
    let h = 1e-5;
    for _ in 0..4 {
        let u: Vec<f64> = (0..g.len()).map(|_| rng.normal()).collect();
        let (mut up, mut down) = (policy.clone(), policy.clone());
        up.ascend(&u, h);
        down.ascend(&u, -h);
        let fd = (exact::return_of(m, &up.probs()).unwrap()
            - exact::return_of(m, &down.probs()).unwrap())
            / (2.0 * h);
        let analytic: f64 = g.iter().zip(&u).map(|(x, y)| x * y).sum();
        assert!(
            (fd - analytic).abs() <= 1e-7 * (1.0 + analytic.abs()),
            "{fd} vs {analytic}"
        );
    }
    assert!(exact::forward_order(&crate::tasks::slippery_room()).is_none());
}
