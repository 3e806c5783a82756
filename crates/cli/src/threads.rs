//! A splittable scenario's runs stepped by several threads, as the browser's workers step
//! them (see `playground_core::split`): the head steps the first share of blocks and folds
//! in the parts the other threads send, so the numbers are those of one thread.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use playground_bandit::BanditExperiment;
use playground_core::Scenario;
use playground_core::gridworld::GridExperiment;
use playground_core::split::{Role, Shard, StepPart};

/// An experiment stepping one share of a splittable scenario.
pub fn share(scenario: &Scenario, role: Role) -> Result<Box<dyn Shard>, String> {
    match scenario {
        Scenario::Bandit(b) => Ok(Box::new(BanditExperiment::share(b.clone(), role))),
        Scenario::Gridworld(g) => match GridExperiment::share(g.clone(), role) {
            Ok(e) => Ok(Box::new(e)),
            Err(e) => Err(e.to_string()),
        },
        other => Err(format!("{} runs cannot be split", other.kind())),
    }
}

/// Steps a helper thread does between messages to the head.
const BATCH: usize = 16;
/// The most the parts of steps run ahead may weigh in the head's memory.
const AHEAD_BYTES: usize = 64 << 20;

/// The role of the experiment the head steps, given the shares.
pub fn head_role(shares: &[std::ops::Range<usize>]) -> Role {
    match shares {
        [_] | [] => Role::Whole,
        [first, ..] => Role::Head(first.clone()),
    }
}

/// Run `head` to the end (or a divergence) with one helper thread per share in `helpers`;
/// `progress` is called now and then with the head's step. Helpers step ahead of the head
/// only as far as its credit allows, so the parts waiting in its memory stay bounded.
pub fn run(
    head: &mut dyn Shard,
    scenario: &Scenario,
    helpers: &[std::ops::Range<usize>],
    mut progress: impl FnMut(usize),
) {
    let window = (AHEAD_BYTES / head.others_bytes_per_step().max(1)).max(2 * BATCH);
    let credit = AtomicUsize::new(window);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Vec<StepPart>>();
        for share in helpers {
            let (tx, credit, stop) = (tx.clone(), &credit, &stop);
            scope.spawn(move || help(scenario, share.clone(), &tx, credit, stop));
        }
        drop(tx);
        let mut last = Instant::now();
        while !head.is_done() && head.divergence().is_none() {
            head.work(usize::MAX);
            credit.store(head.t() + window, Ordering::Release);
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
        stop.store(true, Ordering::Release);
    });
}

/// A helper thread: step its share while the head's credit lasts and send the parts, a
/// batch at a time.
fn help(
    scenario: &Scenario,
    share: std::ops::Range<usize>,
    tx: &mpsc::Sender<Vec<StepPart>>,
    credit: &AtomicUsize,
    stop: &AtomicBool,
) {
    let Ok(mut helper) = self::share(scenario, Role::Helper(share)) else {
        return;
    };
    while !helper.is_done() && !stop.load(Ordering::Acquire) {
        let allowed = credit.load(Ordering::Acquire);
        if helper.t() >= allowed {
            std::thread::sleep(Duration::from_micros(200));
            continue;
        }
        for _ in 0..BATCH {
            if helper.t() >= allowed || helper.is_done() {
                break;
            }
            helper.step();
        }
        if tx.send(helper.take_parts()).is_err() {
            return;
        }
    }
}
