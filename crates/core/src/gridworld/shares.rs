//! A gridworld run split over workers (see [`crate::split`]): besides its metric sums, a
//! helper's part now and then carries its blocks' Q tables and visit counts, summed over
//! runs, and the head keeps the latest of each block. The views average them over runs
//! as they arrive; finals and checks, read at the end, see those of the last step, folded
//! in block order like everything else, so they equal one worker's bit for bit.

use super::experiment::GridExperiment;
use crate::experiment::Experiment;
use crate::split::{self, Shard, StepPart};

/// Every this many steps, and at the last, a helper's part carries its tables: summing
/// them costs about as much as an episode per run, too much for every step.
const TABLES_EVERY: usize = 16;

/// One block's tables summed over its runs in run order: per learner that learns from
/// episodes (in order), states × actions Q values, and states visit counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockTables {
    pub q: Vec<f64>,
    pub visits: Vec<u64>,
}

impl GridExperiment {
    /// Learner `learner`'s Q tables summed over runs, folded in block order (own blocks
    /// as they are now, the others' as last received), and how many runs that is.
    pub(super) fn summed_q(&self, learner: usize) -> (Vec<f64>, usize) {
        let size = self.grid().states() * self.grid().actions();
        self.fold_blocks(learner, size, |b| self.block_q(learner, b), |t| &t.q)
    }

    /// The same for the visit counts (integers: their order does not matter).
    pub(super) fn summed_visits(&self, learner: usize) -> (Vec<u64>, usize) {
        let size = self.grid().states();
        self.fold_blocks(
            learner,
            size,
            |b| self.block_visits(learner, b),
            |t| &t.visits,
        )
    }

    /// Σ over every block, in order, of one learner's table: `own(b)` for this share's
    /// blocks, the slice `theirs` picks out of the kept tables for the others'.
    fn fold_blocks<T: Copy + Default + std::ops::AddAssign>(
        &self,
        learner: usize,
        size: usize,
        own: impl Fn(usize) -> Vec<T>,
        theirs: impl Fn(&BlockTables) -> &Vec<T>,
    ) -> (Vec<T>, usize) {
        let slot = self.agent_learners().iter().position(|&i| i == learner);
        let all_runs = self.scenario().runs;
        let mut total = vec![T::default(); size];
        let mut runs = 0;
        for b in 0..split::blocks(all_runs) {
            let (sums, n) = if self.blocks.contains(&b) {
                (own(b), self.block_agents(learner, b).len())
            } else if let (Some(t), Some(j)) = (self.theirs.get(&b), slot) {
                let n = split::runs_of(&(b..b + 1), all_runs).len();
                (theirs(t)[j * size..][..size].to_vec(), n)
            } else {
                continue;
            };
            total.iter_mut().zip(sums).for_each(|(t, x)| *t += x);
            runs += n;
        }
        (total, runs)
    }

    /// Σ over this share's runs in block `b`, in run order, of the learner's Q table.
    fn block_q(&self, learner: usize, b: usize) -> Vec<f64> {
        let (states, k) = (self.grid().states(), self.grid().actions());
        let mut sum = vec![0.0; states * k];
        for agent in self.block_agents(learner, b) {
            for (s, row) in sum.chunks_exact_mut(k).enumerate() {
                row.iter_mut().zip(&agent.row(s)).for_each(|(t, q)| *t += q);
            }
        }
        sum
    }

    fn block_visits(&self, learner: usize, b: usize) -> Vec<u64> {
        let mut sum = vec![0; self.grid().states()];
        for agent in self.block_agents(learner, b) {
            sum.iter_mut()
                .zip(&agent.visits)
                .for_each(|(t, &n)| *t += u64::from(n));
        }
        sum
    }

    /// A helper's part of the step it just finished.
    pub(super) fn part(&self) -> StepPart {
        let t = self.t();
        let (mut values, mut counts) = (Vec::new(), Vec::new());
        if t + 1 == self.scenario().episodes || (t + 1).is_multiple_of(TABLES_EVERY) {
            for b in self.blocks.clone() {
                for i in self.agent_learners() {
                    values.extend(self.block_q(i, b));
                    counts.extend(self.block_visits(i, b));
                }
            }
        }
        StepPart {
            step: t,
            first_block: self.blocks.start,
            moments: self.sums.clone(),
            counts,
            values,
        }
    }

    /// Keep the tables the parts carry (parts of one step, applied in step order).
    pub(super) fn keep_tables(&mut self, parts: &[StepPart]) {
        let learners = self.agent_learners().len();
        let (q_len, v_len) = (
            learners * self.grid().states() * self.grid().actions(),
            learners * self.grid().states(),
        );
        let per_block = self.per_block();
        for p in parts.iter().filter(|p| !p.values.is_empty()) {
            for (k, b) in p.blocks(per_block).enumerate() {
                let tables = BlockTables {
                    q: p.values[k * q_len..][..q_len].to_vec(),
                    visits: p.counts[k * v_len..][..v_len].to_vec(),
                };
                self.theirs.insert(b, tables);
            }
        }
    }
}

impl Shard for GridExperiment {
    fn take_parts(&mut self) -> Vec<StepPart> {
        std::mem::take(&mut self.outbox)
    }

    fn accept_parts(&mut self, parts: Vec<StepPart>) {
        let (t, per_block) = (self.t(), self.per_block());
        for part in parts {
            self.inbox.keep(part, t, per_block);
        }
        // A head that had done its share of the step may now close it.
        if self.waits() && self.others_in() {
            self.close_step();
        }
    }

    fn waiting(&self) -> bool {
        self.waits()
    }

    fn others_bytes_per_step(&self) -> usize {
        let others = split::blocks(self.scenario().runs) - self.blocks.len();
        let learners = self.agent_learners().len();
        let tables = learners * self.grid().states() * (self.grid().actions() + 1) * 8;
        let moments = self.per_block() * std::mem::size_of::<crate::series::Moments>();
        others * (moments + tables / TABLES_EVERY)
    }
}
