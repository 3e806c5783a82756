//! Everything a `kind = "dpo"` scenario describes before any learning: its prompts (each a
//! [`Toy`]) and their data — pairs for every learner, and ranked lists for the listwise
//! ones — built once, from the scenario's seed, and shared by every learner.
//!
//! A policy over several prompts is one vector of logits, prompt after prompt; `offsets`
//! says where each prompt's responses start.

use playground_core::rng::Rng;
use playground_core::scenario::{DpoEnv, DpoScenario};

use crate::toy::{Labelling, Pair, PairSource, Toy};

/// A ranked list of one prompt's responses, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub items: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Problem {
    pub prompts: Vec<Toy>,
    /// Where each prompt's responses start in the concatenated logits; one more entry at
    /// the end (the total).
    pub offsets: Vec<usize>,
    /// Each prompt's preference pairs.
    pub pairs: Vec<Vec<Pair>>,
    /// Each prompt's ranked lists (empty unless a listwise learner needs them).
    pub lists: Vec<Vec<Ranked>>,
    /// Whether the pairs are the population (exact Bradley–Terry weights).
    pub population: bool,
    /// Each prompt's share of the pairs' weight and of the lists, fixed with the data
    /// (every loss evaluation weighs the prompts by them).
    pair_shares: Vec<f64>,
    list_shares: Vec<f64>,
}

impl Problem {
    pub fn new(plan: &DpoScenario) -> Result<Self, String> {
        let env = &plan.env;
        let prompts = toys(env)?;
        let mut offsets = vec![0];
        for t in &prompts {
            offsets.push(offsets.last().copied().unwrap_or(0) + t.responses());
        }
        let pairs = pairs(env, &prompts, plan.seed);
        let lists = if plan.learners.iter().any(|l| l.is_listwise()) {
            lists(env, &prompts, plan.seed)
        } else {
            vec![Vec::new(); prompts.len()]
        };
        let pair_shares = shares(pairs.iter().map(|ps| ps.iter().map(|p| p.weight).sum()));
        let list_shares = shares(lists.iter().map(|l| l.len() as f64));
        Ok(Problem {
            prompts,
            offsets,
            pairs,
            lists,
            population: env.is_population(),
            pair_shares,
            list_shares,
        })
    }

    /// One prompt's slice of concatenated logits (or of anything laid out like them).
    pub fn slice<'a>(&self, x: usize, all: &'a [f64]) -> &'a [f64] {
        &all[self.offsets[x]..self.offsets[x + 1]]
    }

    /// Every prompt's ln π_ref, concatenated: the logits of the reference policy.
    pub fn ref_logits(&self) -> Vec<f64> {
        self.prompts
            .iter()
            .flat_map(|t| t.ref_logp.iter().copied())
            .collect()
    }

    /// Every prompt's π*_β = π_ref·e^(r*/β)/Z, one row per prompt.
    pub fn optimum(&self, beta: f64) -> Vec<Vec<f64>> {
        self.prompts.iter().map(|t| t.optimum(beta)).collect()
    }

    /// The same problem seen through Pre-DPO's guiding reference: each prompt's π_ref
    /// replaced by π_ref·e^(r̂/β)/Z, r̂ the Bradley–Terry reward of its pairs (the policy
    /// the data can lead to), so that each pair's DPO weight σ(−βh) starts at
    /// σ(r̂(y_w) − r̂(y_l)): high where the rest of the data agrees with the label.
    pub fn guided(&self, beta: f64) -> Problem {
        let reward = crate::objective::reward_model(self);
        let mut out = self.clone();
        for (toy, r) in out.prompts.iter_mut().zip(&reward) {
            let logits: Vec<f64> = toy
                .ref_logp
                .iter()
                .zip(r)
                .map(|(l, r)| l + r / beta)
                .collect();
            toy.ref_logp = crate::fit::log_probs(&logits);
        }
        out
    }

    /// The total weight of each prompt's pairs over that of all pairs: how much of the
    /// pairwise losses each prompt carries.
    pub fn pair_shares(&self) -> &[f64] {
        &self.pair_shares
    }

    /// Each prompt's share of the ranked lists.
    pub fn list_shares(&self) -> &[f64] {
        &self.list_shares
    }
}

fn shares(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let w: Vec<f64> = weights.collect();
    let total: f64 = w.iter().sum();
    w.iter()
        .map(|x| if total > 0.0 { x / total } else { 0.0 })
        .collect()
}

/// One toy per prompt, with its lengths.
pub fn toys(env: &DpoEnv) -> Result<Vec<Toy>, String> {
    let gold = env.gold_reward.rows();
    let lengths = env.lengths.as_ref().map(|l| l.rows());
    env.ref_probs
        .rows()
        .iter()
        .enumerate()
        .map(|(x, probs)| {
            let toy = Toy::new(
                probs,
                gold.get(x).ok_or("gold_reward needs a row per prompt")?,
            )?;
            match &lengths {
                Some(l) => toy.with_lengths(l.get(x).ok_or("lengths need a row per prompt")?),
                None => Ok(toy),
            }
        })
        .collect()
}

/// The pairs of every prompt: the population, N sampled pairs shared out evenly, or the
/// listed ones. Prompt 0 samples from the stream every earlier single-prompt run used,
/// so those runs keep their numbers.
fn pairs(env: &DpoEnv, prompts: &[Toy], seed: u64) -> Vec<Vec<Pair>> {
    if let Some(list) = env.explicit_pairs() {
        let mut out = vec![Vec::new(); prompts.len()];
        for p in list {
            out[p.prompt].push(Pair {
                chosen: p.chosen,
                rejected: p.rejected,
                weight: 1.0,
            });
        }
        return out;
    }
    let Some(n) = env.sampled_pairs() else {
        return prompts.iter().map(Toy::population).collect();
    };
    let labelling = Labelling {
        deterministic: env.deterministic,
        flip: env.flip,
    };
    let count = prompts.len();
    prompts
        .iter()
        .enumerate()
        .map(|(x, toy)| {
            let mine = n / count + usize::from(x < n % count);
            let mut rng = stream(seed, 0, x);
            toy.sample_pairs(mine, source(env), labelling, &mut rng)
        })
        .collect()
}

/// `env.lists` lists of `env.list_size` distinct responses drawn from the source, each
/// ranked by a Plackett–Luce draw on r* (sorted by r* when labels are deterministic).
fn lists(env: &DpoEnv, prompts: &[Toy], seed: u64) -> Vec<Vec<Ranked>> {
    let count = prompts.len();
    prompts
        .iter()
        .enumerate()
        .map(|(x, toy)| {
            let mine = env.lists / count + usize::from(x < env.lists % count);
            let mut rng = stream(seed, 1, x);
            (0..mine)
                .map(|_| {
                    let drawn = toy.draw_distinct(env.list_size, source(env), &mut rng);
                    Ranked {
                        items: toy.rank(&drawn, env.deterministic, &mut rng),
                    }
                })
                .collect()
        })
        .collect()
}

fn source(env: &DpoEnv) -> PairSource {
    match env.source.as_str() {
        "uniform" => PairSource::Uniform,
        _ => PairSource::Reference,
    }
}

/// The random stream of one prompt's data of one sort (0 pairs, 1 lists).
fn stream(seed: u64, sort: u64, prompt: usize) -> Rng {
    if sort == 0 && prompt == 0 {
        Rng::stream(seed, &[0])
    } else {
        Rng::stream(seed, &[sort, prompt as u64])
    }
}
