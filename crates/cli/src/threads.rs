//! A splittable scenario's runs stepped by several threads, as the browser's workers step
//! them (see `playground_core::split`): the head steps the first share of blocks and folds
//! in the parts the other threads send, so the numbers are those of one thread.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use playground_core::Scenario;
use playground_core::split::{self, Role, Shard, StepPart};

/// Steps a helper thread does between messages to the head.
const BATCH: usize = 16;
/// Messages that may wait for the head before a helper pauses.
const QUEUE: usize = 64;

/// The shares of `blocks` for `threads` threads: the head's first.
pub fn shares(blocks: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    split::shares(blocks, threads)
}

/// The role of the experiment the head steps, given the shares.
pub fn head_role(shares: &[std::ops::Range<usize>]) -> Role {
    match shares {
        [_] | [] => Role::Whole,
        [first, ..] => Role::Head(first.clone()),
    }
}

/// Run `head` to the end (or a divergence) with one helper thread per share in `helpers`;
/// `progress` is called now and then with the head's step.
pub fn run(
    head: &mut dyn Shard,
    scenario: &Scenario,
    helpers: &[std::ops::Range<usize>],
    mut progress: impl FnMut(usize),
) {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<StepPart>>(QUEUE);
        for share in helpers {
            let tx = tx.clone();
            scope.spawn(move || help(scenario, share.clone(), &tx));
        }
        drop(tx);
        let mut last = Instant::now();
        while !head.is_done() && head.divergence().is_none() {
            head.work(usize::MAX);
            if head.waiting() {
                match rx.recv() {
                    Ok(parts) => head.accept_parts(parts),
                    // Every helper has stopped and the step is still short of parts.
                    Err(_) => break,
                }
            }
            if last.elapsed() > Duration::from_millis(500) {
                progress(head.t());
                last = Instant::now();
            }
        }
    });
}

/// A helper thread: step its share and send the parts, a batch at a time.
fn help(scenario: &Scenario, share: std::ops::Range<usize>, tx: &mpsc::SyncSender<Vec<StepPart>>) {
    let Ok(mut helper) = split::share(scenario, Role::Helper(share)) else {
        return;
    };
    while !helper.is_done() {
        for _ in 0..BATCH {
            helper.step();
        }
        if tx.send(helper.take_parts()).is_err() {
            return;
        }
    }
}
