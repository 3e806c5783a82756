//! Splitting a scenario's independent runs over several workers, bit-identically.
//!
//! A step's metric point is a mean over runs, and floating-point sums depend on their
//! order. So runs are grouped in fixed blocks of [`BLOCK`] runs: each block's sums are
//! made in run order, and a step's sums are the blocks' sums folded in block order —
//! always, whether one thread steps every run (the CLI, the tests) or several workers
//! each step a contiguous share of blocks. A share's contribution to a step is a
//! [`StepPart`]; the *head* (the share with block 0, whose run 1 the views and checks
//! read) folds its own blocks and the helpers' parts into the series.

use std::collections::BTreeMap;
use std::ops::Range;

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
#[derive(Clone, Debug, Default, PartialEq)]
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

/// Parts as bytes for a message between workers: every field a little-endian 64-bit
/// word. A head reads a part from every helper at every step, and a step of a few
/// hundred runs takes microseconds: read field by field through serde (postcard's
/// variable-length integers), a part took ten times as long to decode natively, and a
/// head of eight workers in the browser spent a quarter more CPU time than now.
pub fn encode_parts(parts: &[StepPart]) -> Vec<u8> {
    let words: usize = parts
        .iter()
        .map(|p| 5 + 3 * p.moments.len() + p.counts.len() + p.values.len())
        .sum();
    let mut bytes = Vec::with_capacity(8 * (1 + words));
    let mut put = |w: u64| bytes.extend_from_slice(&w.to_le_bytes());
    put(parts.len() as u64);
    for p in parts {
        let lengths = [p.moments.len(), p.counts.len(), p.values.len()];
        for w in [p.step, p.first_block].into_iter().chain(lengths) {
            put(w as u64);
        }
        p.moments
            .iter()
            .flat_map(Moments::to_words)
            .for_each(&mut put);
        p.counts.iter().copied().for_each(&mut put);
        p.values.iter().map(|v| v.to_bits()).for_each(&mut put);
    }
    bytes
}

/// The parts [`encode_parts`] made, or what is wrong with `bytes`.
pub fn decode_parts(bytes: &[u8]) -> Result<Vec<StepPart>, String> {
    let mut r = Reader(bytes);
    let count = r.length(5)?;
    let mut parts = Vec::with_capacity(count);
    for _ in 0..count {
        let (step, first_block) = (r.index()?, r.index()?);
        let (moments, counts, values) = (r.length(3)?, r.length(1)?, r.length(1)?);
        let words = |b: &[u8]| std::array::from_fn(|i| word(&b[8 * i..]));
        parts.push(StepPart {
            step,
            first_block,
            moments: r
                .words(3 * moments)?
                .chunks_exact(24)
                .map(|m| Moments::from_words(words(m)))
                .collect(),
            counts: r.words(counts)?.chunks_exact(8).map(word).collect(),
            values: r
                .words(values)?
                .chunks_exact(8)
                .map(|v| f64::from_bits(word(v)))
                .collect(),
        });
    }
    match r.0.len() {
        0 => Ok(parts),
        n => Err(format!("{n} bytes after the parts")),
    }
}

/// The little-endian word at the start of `bytes` (which holds at least 8).
fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"))
}

/// [`encode_parts`]' bytes, read from the front.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` words' bytes.
    fn words(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() / 8 {
            return Err("the parts were cut short".into());
        }
        let (taken, rest) = self.0.split_at(8 * n);
        self.0 = rest;
        Ok(taken)
    }

    fn index(&mut self) -> Result<usize, String> {
        usize::try_from(word(self.words(1)?)).map_err(|_| "a step or block out of range".into())
    }

    /// A count of items of at least `size` words each: more than the words left hold is
    /// garbled, and refused before anything is allocated for it.
    fn length(&mut self, size: usize) -> Result<usize, String> {
        let n = self.index()?;
        match n.checked_mul(size) {
            Some(words) if words <= self.0.len() / 8 => Ok(n),
            _ => Err(format!(
                "a part claims {n} items, more than the message holds"
            )),
        }
    }
}

/// A head's parts of the steps it has not closed yet, by step, with a count of the blocks
/// each step's parts hold (so that whether a step is complete is a lookup, not a walk
/// over its parts every time the head looks).
#[derive(Clone, Debug, Default)]
pub struct Inbox {
    steps: BTreeMap<usize, (usize, Vec<StepPart>)>,
}

impl Inbox {
    /// Keep `part` if its step is `t` (the step in progress) or later; a part of a step
    /// already closed is dropped.
    pub fn keep(&mut self, part: StepPart, t: usize, per_block: usize) {
        if part.step >= t {
            let (blocks, parts) = self.steps.entry(part.step).or_default();
            *blocks += part.blocks(per_block).len();
            parts.push(part);
        }
    }

    /// How many blocks the parts of `step` kept so far hold.
    pub fn blocks_in(&self, step: usize) -> usize {
        self.steps.get(&step).map_or(0, |(blocks, _)| *blocks)
    }

    /// The parts of `step`, taken out.
    pub fn take(&mut self, step: usize) -> Vec<StepPart> {
        self.steps
            .remove(&step)
            .map(|(_, parts)| parts)
            .unwrap_or_default()
    }
}

/// A step's blocks' moments in block order (`per_block` of them each): this share's
/// (`own`, for its blocks `mine`) and the parts'. Shares are contiguous, so that is the
/// shares in the order of their first blocks (not a search through the parts for every
/// block: a head of eight workers folds in seven parts at every step).
pub fn in_block_order<'a>(
    mine: &Range<usize>,
    own: &'a [Moments],
    parts: &'a [StepPart],
    per_block: usize,
) -> impl Iterator<Item = &'a [Moments]> {
    let mut shares: Vec<(usize, &[Moments])> = parts
        .iter()
        .map(|p| (p.first_block, p.moments.as_slice()))
        .chain([(mine.start, own)])
        .collect();
    shares.sort_by_key(|&(first, _)| first);
    shares
        .into_iter()
        .flat_map(move |(_, moments)| moments.chunks_exact(per_block.max(1)))
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

    fn some_parts() -> Vec<StepPart> {
        let mut m = Moments::default();
        for x in [0.1, -2.5, f64::NAN] {
            m.push(x);
        }
        vec![
            StepPart {
                step: 7,
                first_block: 3,
                moments: vec![m, Moments::default(), m],
                counts: vec![4, 0, u64::MAX],
                values: vec![-0.0, f64::INFINITY, 1e-300],
            },
            StepPart::default(),
        ]
    }

    /// Every number's bits, in order: a NaN sum stays NaN, −0 stays −0.
    fn bits(parts: &[StepPart]) -> Vec<u64> {
        let mut out = Vec::new();
        for p in parts {
            out.extend([p.step as u64, p.first_block as u64]);
            out.extend(p.moments.iter().flat_map(Moments::to_words));
            out.extend(&p.counts);
            out.extend(p.values.iter().map(|v| v.to_bits()));
        }
        out
    }

    #[test]
    fn parts_come_back_bit_for_bit() {
        let parts = some_parts();
        let back = decode_parts(&encode_parts(&parts)).expect("decodes");
        assert_eq!(back.len(), parts.len());
        assert_eq!(bits(&back), bits(&parts));
        assert_eq!(decode_parts(&encode_parts(&[])), Ok(Vec::new()));
    }

    #[test]
    fn garbled_parts_are_refused_not_trusted() {
        let bytes = encode_parts(&some_parts());
        // Cut anywhere, or with bytes to spare: an error, never a panic.
        for end in 0..bytes.len() {
            assert!(decode_parts(&bytes[..end]).is_err(), "cut at {end}");
        }
        assert!(decode_parts(&[bytes.as_slice(), &[0]].concat()).is_err());
        // A length far beyond the message is refused before allocating for it.
        let mut huge = bytes.clone();
        huge[8 * 3..8 * 4].copy_from_slice(&(u64::MAX / 2).to_le_bytes());
        assert!(decode_parts(&huge).is_err());
    }

    #[test]
    fn an_inbox_counts_each_steps_blocks_and_drops_closed_steps() {
        let part = |step, first_block, blocks: usize| StepPart {
            step,
            first_block,
            moments: vec![Moments::default(); 3 * blocks],
            ..StepPart::default()
        };
        let mut inbox = Inbox::default();
        inbox.keep(part(4, 2, 2), 5, 3);
        for p in [part(5, 2, 2), part(6, 2, 2), part(5, 4, 3)] {
            inbox.keep(p, 5, 3);
        }
        assert_eq!([4, 5, 6, 7].map(|step| inbox.blocks_in(step)), [0, 5, 2, 0]);
        let taken = inbox.take(5);
        assert_eq!(
            taken.iter().map(|p| p.first_block).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(inbox.blocks_in(5), 0);
        assert!(inbox.take(5).is_empty());
    }

    #[test]
    fn block_runs_end_at_the_last_run() {
        assert_eq!(runs_of(&(0..1), 8), 0..8);
        assert_eq!(runs_of(&(1..3), 70), 32..70);
        assert_eq!(blocks(70), 3);
        assert_eq!(blocks(64), 2);
    }
}
