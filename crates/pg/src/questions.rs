//! Twenty questions, small enough to solve exactly: the task of IGPO's claim
//! ("Information Gain-based Policy Optimization…"). A number from 0 to 15 is hidden,
//! uniformly; each turn the policy asks a yes/no question or guesses; a guess ends the
//! game (1 if right, 0 if wrong), and so does running out of turns (0).
//!
//! The policy must not see the number, only the answers so far. The game is an MDP whose
//! states are (number, questions asked, turn), and the policy reads only the
//! observation (which questions were asked, their answers, the turn): states that look
//! the same share a tabular policy's row of logits, an MLP's inputs and a critic's value
//! ([`Task::observation`]). The number stays in the state, rather than the game being
//! written over beliefs alone, for two reasons: GRPO's groups share a start state, so a
//! group is G games about one number, like G answers to one prompt; and the information
//! gain is paid against the true answer.
//!
//! Answers are deterministic, so after any answers the belief is uniform over the numbers
//! consistent with them, whatever the policy did: the observation is a sufficient
//! statistic and the game over observations, the belief MDP, is an exact MDP. Its optimum
//! is the best a policy that cannot see the number can do, min(1, 2^(turns − 1)/16) when
//! the bit questions are asked; the tests check that it gives every observation policy
//! the same J as the game itself.
//!
//! IGPO's turn reward is the increase of the probability of the correct answer. Here that
//! probability is the belief's, 1/|numbers consistent with the answers|: an ideal
//! answerer's, computed exactly (the paper uses the model's own probability of the
//! ground truth).

use std::collections::BTreeMap;

use playground_core::mdp::{Mdp, Outcome};
use playground_core::scenario::{QUESTION_BITS, QUESTION_ITEMS, TwentyQuestionsEnv};

use crate::task::{PgError, Task, TurnRewards};

/// The terminal states' offsets after the live ones (states and observations alike).
const RIGHT: usize = 0;
const WRONG: usize = 1;
const OUT_OF_TURNS: usize = 2;
const TERMINALS: usize = 3;

/// What the policy has seen: the questions asked (a bit per question), which of them were
/// answered yes, and the turns used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub asked: u32,
    pub yes: u32,
    pub turn: usize,
}

/// The game's rules: its questions and turns.
#[derive(Clone, Debug, PartialEq)]
pub struct Game {
    /// Per question, the bit of the number it reveals (None: every number says yes).
    reveals: Vec<Option<usize>>,
    names: Vec<String>,
    turns: usize,
}

impl Game {
    /// The four bit questions, then the redundant ones (bit k again, in other words), then
    /// the uninformative ones.
    pub fn new(env: &TwentyQuestionsEnv) -> Self {
        const REPHRASED: [&str; 2] = ["odd?", "mod 4 ≥ 2?"];
        const USELESS: [&str; 2] = ["below 16?", "at least 0?"];
        let mut reveals: Vec<Option<usize>> = (0..QUESTION_BITS).map(Some).collect();
        let mut names: Vec<String> = (0..QUESTION_BITS).map(|k| format!("bit {k}?")).collect();
        for k in 0..env.redundant {
            reveals.push(Some(k));
            names.push(REPHRASED[k % REPHRASED.len()].to_string());
        }
        for k in 0..env.uninformative {
            reveals.push(None);
            names.push(USELESS[k % USELESS.len()].to_string());
        }
        Game {
            reveals,
            names,
            turns: env.turns,
        }
    }

    pub fn questions(&self) -> usize {
        self.reveals.len()
    }

    pub fn turns(&self) -> usize {
        self.turns
    }

    /// The action that guesses `item`.
    pub fn guess(&self, item: usize) -> usize {
        self.questions() + item
    }

    /// Question q's answer for `item`.
    pub fn answer(&self, q: usize, item: usize) -> bool {
        self.reveals[q].is_none_or(|k| (item >> k) & 1 == 1)
    }

    /// Every answer `item` gives, a bit per question.
    fn answers(&self, item: usize) -> u32 {
        (0..self.questions())
            .filter(|&q| self.answer(q, item))
            .fold(0, |m, q| m | (1 << q))
    }

    /// The numbers consistent with what was seen: the belief's support.
    pub fn consistent(&self, seen: Seen) -> Vec<usize> {
        (0..QUESTION_ITEMS)
            .filter(|&i| self.answers(i) & seen.asked == seen.yes)
            .collect()
    }

    /// What `item`'s game looks like after `asked` in `turn` turns.
    fn seen(&self, item: usize, asked: u32, turn: usize) -> Seen {
        Seen {
            asked,
            yes: self.answers(item) & asked,
            turn,
        }
    }

    /// The best a policy that cannot see the number can do: ask bit questions while a
    /// guess can still follow, then guess among the numbers left.
    pub fn best_return(&self) -> f64 {
        let questions = (self.turns - 1).min(QUESTION_BITS) as i32;
        2f64.powi(questions) / QUESTION_ITEMS as f64
    }

    fn action_names(&self) -> Vec<String> {
        let asks = self.names.iter().map(|n| format!("ask {n}"));
        let guesses = (0..QUESTION_ITEMS).map(|i| format!("guess {i}"));
        asks.chain(guesses).collect()
    }
}

/// The game as a task: its MDP over (number, asked, turn), the observation of each state,
/// the belief MDP, the MLP's inputs and the information-gain turn rewards.
pub fn task(env: &TwentyQuestionsEnv) -> Result<Task, PgError> {
    let game = Game::new(env);
    let states = States::of(&game);
    let seen = Observations::of(&game, &states);
    let n = states.keys.len();
    let observation: Vec<usize> = (0..n + TERMINALS)
        .map(|s| match states.keys.get(s) {
            Some(&(item, asked, turn)) => seen.index[&game.seen(item, asked, turn)],
            None => seen.keys.len() + (s - n),
        })
        .collect();
    let features = (0..n + TERMINALS)
        .map(|s| match states.keys.get(s) {
            Some(&(item, asked, turn)) => inputs(&game, game.seen(item, asked, turn)),
            None => vec![0.0; 2 * game.questions() + game.turns],
        })
        .collect();
    // One cell per observation, at the first state that shows it: results drawn per cell
    // (`action_probs`) then list what the policy does after each set of answers, once.
    let mut first = vec![None; seen.keys.len()];
    for s in (0..n).rev() {
        first[observation[s]] = Some(s);
    }
    let p_correct = (0..n + TERMINALS)
        .map(|s| match states.keys.get(s) {
            Some(&(item, asked, turn)) => {
                1.0 / game.consistent(game.seen(item, asked, turn)).len() as f64
            }
            None => 0.0,
        })
        .collect();
    let belief = seen.belief_mdp(&game)?;
    let mut task = Task::new(
        states.mdp(&game),
        vec![first],
        features,
        game.action_names(),
    )?
    .partially_observed(observation, belief)?;
    task.turn_rewards = TurnRewards::InformationGain { p_correct };
    Ok(task)
}

/// What the MLP reads: per question, (asked and yes, asked and no), then the turn, one-hot.
fn inputs(game: &Game, seen: Seen) -> Vec<f64> {
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let mut x = Vec::with_capacity(2 * game.questions() + game.turns);
    for q in 0..game.questions() {
        let asked = seen.asked & (1 << q) != 0;
        let yes = seen.yes & (1 << q) != 0;
        x.extend([flag(asked && yes), flag(asked && !yes)]);
    }
    x.extend((0..game.turns).map(|t| flag(t == seen.turn)));
    x
}

/// The live states (number, asked, turn) reachable from the starts, in the order found:
/// the 16 starts first, then turn by turn.
struct States {
    keys: Vec<(usize, u32, usize)>,
    index: BTreeMap<(usize, u32, usize), usize>,
}

impl States {
    fn of(game: &Game) -> Self {
        let mut s = States {
            keys: Vec::new(),
            index: BTreeMap::new(),
        };
        for item in 0..QUESTION_ITEMS {
            s.add((item, 0, 0));
        }
        let mut k = 0;
        while k < s.keys.len() {
            let (item, asked, turn) = s.keys[k];
            if turn + 1 < game.turns {
                for q in 0..game.questions() {
                    s.add((item, asked | (1 << q), turn + 1));
                }
            }
            k += 1;
        }
        s
    }

    fn add(&mut self, key: (usize, u32, usize)) {
        if !self.index.contains_key(&key) {
            self.index.insert(key, self.keys.len());
            self.keys.push(key);
        }
    }

    /// The game's MDP: a question moves to the next turn (or out of turns after the last);
    /// a guess ends it, paying 1 if right.
    fn mdp(&self, game: &Game) -> Mdp {
        let n = self.keys.len();
        let actions = game.questions() + QUESTION_ITEMS;
        let sure = |next: usize, reward: f64| {
            vec![Outcome {
                next,
                prob: 1.0,
                reward,
                reward_sd: 0.0,
            }]
        };
        let mut outcomes = Vec::with_capacity((n + TERMINALS) * actions);
        for &(item, asked, turn) in &self.keys {
            for q in 0..game.questions() {
                outcomes.push(match self.index.get(&(item, asked | (1 << q), turn + 1)) {
                    Some(&next) => sure(next, 0.0),
                    None => sure(n + OUT_OF_TURNS, 0.0),
                });
            }
            for guess in 0..QUESTION_ITEMS {
                outcomes.push(if guess == item {
                    sure(n + RIGHT, 1.0)
                } else {
                    sure(n + WRONG, 0.0)
                });
            }
        }
        outcomes.extend(std::iter::repeat_n(Vec::new(), TERMINALS * actions));
        let mut start = vec![0.0; n + TERMINALS];
        start[..QUESTION_ITEMS].fill(1.0 / QUESTION_ITEMS as f64);
        Mdp {
            states: n + TERMINALS,
            actions,
            outcomes,
            terminal: (0..n + TERMINALS).map(|s| s >= n).collect(),
            start,
            gamma: 1.0,
            episode_cap: game.turns,
        }
    }
}

/// The distinct observations of live states, in the order their first state was found.
struct Observations {
    keys: Vec<Seen>,
    index: BTreeMap<Seen, usize>,
}

impl Observations {
    fn of(game: &Game, states: &States) -> Self {
        let mut o = Observations {
            keys: Vec::new(),
            index: BTreeMap::new(),
        };
        for &(item, asked, turn) in &states.keys {
            let seen = game.seen(item, asked, turn);
            if !o.index.contains_key(&seen) {
                o.index.insert(seen, o.keys.len());
                o.keys.push(seen);
            }
        }
        o
    }

    /// The game over observations: a question's answers come with the shares of the
    /// consistent numbers that give them; a guess is right with probability 1/|consistent|
    /// when the guessed number is one of them.
    fn belief_mdp(&self, game: &Game) -> Result<Mdp, PgError> {
        let m = self.keys.len();
        let actions = game.questions() + QUESTION_ITEMS;
        let outcome = |next: usize, prob: f64, reward: f64| Outcome {
            next,
            prob,
            reward,
            reward_sd: 0.0,
        };
        let mut outcomes = Vec::with_capacity((m + TERMINALS) * actions);
        for &seen in &self.keys {
            let support = game.consistent(seen);
            let size = support.len() as f64;
            for q in 0..game.questions() {
                if seen.turn + 1 >= game.turns {
                    outcomes.push(vec![outcome(m + OUT_OF_TURNS, 1.0, 0.0)]);
                    continue;
                }
                let mut answers = Vec::new();
                for yes in [true, false] {
                    let count = support
                        .iter()
                        .filter(|&&i| game.answer(q, i) == yes)
                        .count();
                    if count == 0 {
                        continue;
                    }
                    let next = Seen {
                        asked: seen.asked | (1 << q),
                        yes: seen.yes | if yes { 1 << q } else { 0 },
                        turn: seen.turn + 1,
                    };
                    let Some(&o) = self.index.get(&next) else {
                        return Err(PgError::Task(format!(
                            "twenty questions: the observation after {next:?} was never reached"
                        )));
                    };
                    answers.push(outcome(o, count as f64 / size, 0.0));
                }
                outcomes.push(answers);
            }
            for guess in 0..QUESTION_ITEMS {
                outcomes.push(if support.contains(&guess) {
                    let mut outs = vec![outcome(m + RIGHT, 1.0 / size, 1.0)];
                    if support.len() > 1 {
                        outs.push(outcome(m + WRONG, 1.0 - 1.0 / size, 0.0));
                    }
                    outs
                } else {
                    vec![outcome(m + WRONG, 1.0, 0.0)]
                });
            }
        }
        outcomes.extend(std::iter::repeat_n(Vec::new(), TERMINALS * actions));
        let mut start = vec![0.0; m + TERMINALS];
        start[0] = 1.0;
        Ok(Mdp {
            states: m + TERMINALS,
            actions,
            outcomes,
            terminal: (0..m + TERMINALS).map(|s| s >= m).collect(),
            start,
            gamma: 1.0,
            episode_cap: game.turns,
        })
    }
}
