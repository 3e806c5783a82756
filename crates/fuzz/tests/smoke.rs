//! CI's short fuzzing pass, on stable Rust: every target on its seeds, on a few thousand
//! deterministic mutations of them, and on every input kept in `regressions/<target>/`
//! (inputs that once broke a target). The long coverage-guided runs are
//! `scripts/fuzz.sh`'s.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use playground_core::rng::Rng;
use playground_fuzz::mutate::mutate;
use playground_fuzz::{TARGETS, Target};

/// Mutated inputs per target (a second or two each in a debug build).
const MUTATIONS: usize = 1500;

/// Run `input` and say whether it was accepted; on a panic, fail naming the target,
/// where the input came from and its first bytes.
fn check(target: &Target, input: &[u8], origin: &str) -> bool {
    catch_unwind(AssertUnwindSafe(|| (target.run)(input))).unwrap_or_else(|_| {
        let shown = String::from_utf8_lossy(&input[..input.len().min(400)]).into_owned();
        panic!(
            "target {} failed on {origin} ({} bytes): {shown:?}",
            target.name,
            input.len()
        )
    })
}

#[test]
fn every_target_accepts_its_seeds() {
    for target in TARGETS {
        let seeds = (target.seeds)();
        assert!(!seeds.is_empty(), "{} has no seeds", target.name);
        for (i, seed) in seeds.iter().enumerate() {
            assert!(
                check(target, seed, &format!("seed {i}")),
                "{}: seed {i} is refused",
                target.name
            );
        }
    }
}

#[test]
fn every_target_survives_mutations_of_its_seeds() {
    for target in TARGETS {
        let seeds = (target.seeds)();
        let mut rng = Rng::new(2026);
        let mut accepted = 0;
        for n in 0..MUTATIONS {
            let seed = &seeds[rng.below(seeds.len())];
            let other = &seeds[rng.below(seeds.len())];
            let input = mutate(seed, other, &mut rng);
            accepted += usize::from(check(target, &input, &format!("mutation {n}")));
        }
        // A pass that only ever meets refusals tests the front door alone: some mutated
        // inputs must get through to the round trips.
        assert!(
            accepted >= MUTATIONS / 200,
            "{}: only {accepted} of {MUTATIONS} mutations were accepted",
            target.name
        );
        eprintln!(
            "{}: {accepted} of {MUTATIONS} mutations accepted",
            target.name
        );
    }
}

#[test]
fn inputs_that_once_broke_a_target_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    for target in TARGETS {
        let Ok(files) = std::fs::read_dir(root.join(target.name)) else {
            continue;
        };
        for file in files {
            let path = file.expect("a readable folder").path();
            let input = std::fs::read(&path).expect("a readable file");
            check(target, &input, &path.display().to_string());
        }
    }
}

#[test]
fn refusals_are_refusals_not_panics_for_empty_and_huge_inputs() {
    let huge = vec![b'9'; 10 << 20];
    for target in TARGETS {
        assert!(!check(target, &[], "the empty input"), "{}", target.name);
        assert!(
            !check(target, &huge, "ten megabytes of nines"),
            "{}",
            target.name
        );
    }
}
