//! Splitting a scenario's independent runs over several workers, bit-identically.
//!
//! A step's metric point is a mean over runs, and floating-point sums depend on their
//! order. So runs are grouped in fixed blocks of [`BLOCK`] runs: each block's sums are
//! made in run order, and a step's sums are the blocks' sums folded in block order —
//! always, whether one thread steps every run (the CLI, the tests) or several workers
//! each step a contiguous share of blocks. A share's contribution to a step is a
//! [`StepPart`]; the *head* (the share with block 0, whose run 1 the views and checks
//! read) folds its own blocks and the helpers' parts into the series.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::experiment::Experiment;
use crate::series::Moments;

/// Runs per block: small enough that a thousand runs split over eight workers, large
/// enough that a part's moments are a small message beside the work they stand for.
pub const BLOCK: usize = 32;

/// Blocks of a scenario with `runs` runs.
pub fn blocks(runs: usize) -> usize {
    runs.div_ceil(BLOCK)
}

/// The runs of a range of blocks.
pub fn runs_of(blocks: &Range<usize>, runs: usize) -> Range<usize> {
    (blocks.start * BLOCK).min(runs)..(blocks.end * BLOCK).min(runs)
}

/// `blocks` split into `workers` contiguous shares, the first share first and the larger
/// shares first (none empty unless there are fewer blocks than workers).
pub fn shares(blocks: usize, workers: usize) -> Vec<Range<usize>> {
    let workers = workers.clamp(1, blocks.max(1));
    let (size, extra) = (blocks / workers, blocks % workers);
    let mut start = 0;
    (0..workers)
        .map(|w| {
            let end = start + size + usize::from(w < extra);
            let share = start..end;
            start = end;
            share
        })
        .collect()
}

/// What a share of blocks adds to one step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepPart {
    /// The step (0-based) these sums belong to.
    pub step: usize,
    /// The first block of the share; the share's blocks follow in order.
    pub first_block: usize,
    /// Per block, per learner, per metric (in that nesting): the block's sums.
    pub moments: Vec<Moments>,
    /// Counts the experiment adds over runs (order-free integers; bandits: pulls per
    /// learner and arm made in this step; gridworlds: visits per block, learner and state).
    pub counts: Vec<u64>,
    /// Other per-block sums the experiment needs (gridworlds: Q tables, now and then).
    pub values: Vec<f64>,
}

impl StepPart {
    /// How many blocks the part covers, for `per_block` moments per block.
    pub fn blocks(&self, per_block: usize) -> Range<usize> {
        self.first_block..self.first_block + self.moments.len() / per_block.max(1)
    }
}

/// Block `b`'s moments for a step: from `own` (the sums of this share's blocks, `mine`)
/// or from the part that holds it; `None` if no part does.
pub fn block_moments<'a>(
    b: usize,
    mine: &Range<usize>,
    own: &'a [Moments],
    parts: &'a [StepPart],
    per_block: usize,
) -> Option<&'a [Moments]> {
    if mine.contains(&b) {
        return Some(&own[(b - mine.start) * per_block..][..per_block]);
    }
    let p = parts.iter().find(|p| p.blocks(per_block).contains(&b))?;
    Some(&p.moments[(b - p.first_block) * per_block..][..per_block])
}

/// Fold per-block moments into one set, in block order. `blocks` yields each block's
/// moments (`per_block` of them, per learner per metric) in block order.
pub fn fold<'a>(per_block: usize, blocks: impl Iterator<Item = &'a [Moments]>) -> Vec<Moments> {
    let mut total = vec![Moments::default(); per_block];
    for block in blocks {
        for (t, m) in total.iter_mut().zip(block) {
            t.merge(m);
        }
    }
    total
}

/// An experiment that can step a share of its runs: a helper's share sends its parts out,
/// the head's share takes them in.
pub trait Shard: Experiment {
    /// A helper: the parts of the steps it finished since the last call.
    fn take_parts(&mut self) -> Vec<StepPart>;
    /// The head: parts from helpers (of any step not yet closed, in any order).
    fn accept_parts(&mut self, parts: Vec<StepPart>);
    /// The head has done its share of the step in progress and waits for helpers' parts.
    fn waiting(&self) -> bool;
    /// What the other shares' parts of one step weigh, roughly, in bytes (what a head
    /// holds per step its helpers run ahead).
    fn others_bytes_per_step(&self) -> usize;
}

/// Which share of a split scenario an experiment steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Every run (the CLI; a page with one worker).
    Whole,
    /// The first share of blocks, `0..n`: merges every share's parts into the series.
    Head(Range<usize>),
    /// Another share: steps its runs and hands out their parts.
    Helper(Range<usize>),
}

impl Role {
    /// The blocks this role steps, out of `total`.
    pub fn blocks(&self, total: usize) -> Range<usize> {
        match self {
            Role::Whole => 0..total,
            Role::Head(b) | Role::Helper(b) => b.clone(),
        }
    }
}

/// How many blocks a scenario's runs can be split into: `None` for kinds that do not split.
pub fn blocks_of(scenario: &crate::Scenario) -> Option<usize> {
    match scenario {
        crate::Scenario::Bandit(b) => Some(blocks(b.runs)),
        // Planners are one per learner, not per run: only learners from episodes split.
        crate::Scenario::Gridworld(g) if g.learners.iter().any(|l| !l.is_planner()) => {
            Some(blocks(g.runs))
        }
        _ => None,
    }
}

/// Step a scenario of `blocks` blocks split over `workers` shares the way a crew of
/// workers does, in one thread: the helpers run ahead of the head by different amounts and
/// their parts reach it late and out of order. `make` builds the experiment for a role; the
/// head is returned once done. The tests of every splittable experiment compare its
/// numbers with one worker's.
pub fn step_as_crew<E: Shard>(blocks: usize, workers: usize, make: impl Fn(Role) -> E) -> E {
    let shares = shares(blocks, workers);
    let mut head = make(Role::Head(shares[0].clone()));
    let mut helpers: Vec<E> = shares[1..]
        .iter()
        .map(|s| make(Role::Helper(s.clone())))
        .collect();
    let mut round = 0;
    while !head.is_done() {
        round += 1;
        let mut parts = Vec::new();
        for (k, helper) in helpers.iter_mut().enumerate().rev() {
            // Helper k does k + 1 steps every other round.
            if (round + k) % 2 == 0 {
                for _ in 0..=k {
                    helper.step();
                }
            }
            parts.extend(helper.take_parts());
        }
        parts.reverse();
        head.accept_parts(parts);
        head.work(usize::MAX);
        // The head never closes a step its helpers have not finished (once they have
        // finished every step theirs, a gridworld's planners may go on in the head).
        let slowest = helpers.iter().map(|h| h.t()).min().unwrap_or(usize::MAX);
        assert!(head.t() <= slowest || helpers.iter().all(|h| h.is_done()));
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_block_once_in_order() {
        for blocks in 1..40 {
            for workers in 1..10 {
                let s = shares(blocks, workers);
                assert_eq!(s.len(), workers.min(blocks));
                assert_eq!(s[0].start, 0);
                assert_eq!(s.last().map(|r| r.end), Some(blocks));
                assert!(s.windows(2).all(|w| w[0].end == w[1].start));
                assert!(s.iter().all(|r| !r.is_empty()));
                let sizes: Vec<usize> = s.iter().map(ExactSizeIterator::len).collect();
                assert!(sizes.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= 1));
            }
        }
    }

    #[test]
    fn block_runs_end_at_the_last_run() {
        assert_eq!(runs_of(&(0..1), 8), 0..8);
        assert_eq!(runs_of(&(1..3), 70), 32..70);
        assert_eq!(blocks(70), 3);
        assert_eq!(blocks(64), 2);
    }
}
