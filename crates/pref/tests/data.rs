//! Sampled preference data against its exact law: pair frequencies from π_ref, Bradley–
//! Terry label rates (with and without flips), deterministic labels, and determinism.

use playground_core::rng::Rng;
use playground_pref::{Labelling, PairSource, Toy};

fn toy() -> Toy {
    Toy::new(&[0.4, 0.3, 0.2, 0.1], &[0.0, 1.0, 2.0, 2.0]).unwrap()
}

const BT: Labelling = Labelling {
    deterministic: false,
    flip: 0.0,
};

/// |observed − expected| within 4.5 binomial standard errors (a false alarm about once in
/// 150 000 comparisons).
fn close(hits: usize, n: usize, p: f64) -> bool {
    let se = (p * (1.0 - p) / n as f64).sqrt();
    (hits as f64 / n as f64 - p).abs() <= 4.5 * se
}

#[test]
fn pairs_from_the_reference_follow_its_law() {
    let t = toy();
    let n = 200_000;
    let pairs = t.sample_pairs(n, PairSource::Reference, BT, &mut Rng::new(7));
    let pi = [0.4, 0.3, 0.2, 0.1];
    // Two distinct draws: P({i, j}) = π_i π_j (1/(1 − π_i) + 1/(1 − π_j)).
    for i in 0..4 {
        for j in i + 1..4 {
            let p = pi[i] * pi[j] * (1.0 / (1.0 - pi[i]) + 1.0 / (1.0 - pi[j]));
            let hits = pairs
                .iter()
                .filter(|q| (q.chosen.min(q.rejected), q.chosen.max(q.rejected)) == (i, j))
                .count();
            assert!(
                close(hits, n, p),
                "{{{i}, {j}}}: {hits} of {n}, expected {p}"
            );
        }
    }
}

#[test]
fn labels_follow_bradley_terry_and_flips() {
    let t = toy();
    let n = 200_000;
    for flip in [0.0, 0.25] {
        let labelling = Labelling {
            deterministic: false,
            flip,
        };
        let pairs = t.sample_pairs(n, PairSource::Uniform, labelling, &mut Rng::new(11));
        let (i, j) = (0, 2);
        let between: Vec<_> = pairs
            .iter()
            .filter(|q| (q.chosen.min(q.rejected), q.chosen.max(q.rejected)) == (i, j))
            .collect();
        let i_wins = between.iter().filter(|q| q.chosen == i).count();
        let p = t.preference(i, j);
        let expected = (1.0 - flip) * p + flip * (1.0 - p);
        assert!(
            close(i_wins, between.len(), expected),
            "flip {flip}: {i_wins} of {}, expected {expected}",
            between.len()
        );
    }
}

#[test]
fn deterministic_labels_pick_the_higher_reward_and_coin_flip_ties() {
    let t = toy();
    let labelling = Labelling {
        deterministic: true,
        flip: 0.0,
    };
    let pairs = t.sample_pairs(20_000, PairSource::Uniform, labelling, &mut Rng::new(3));
    let mut tie_wins = 0;
    let mut ties = 0;
    for q in &pairs {
        if t.gold[q.chosen] == t.gold[q.rejected] {
            ties += 1;
            tie_wins += usize::from(q.chosen == 2);
        } else {
            assert!(t.gold[q.chosen] > t.gold[q.rejected], "{q:?}");
        }
    }
    assert!(ties > 0 && close(tie_wins, ties, 0.5));
}

#[test]
fn the_same_seed_draws_the_same_data() {
    let t = toy();
    let draw = |seed| t.sample_pairs(500, PairSource::Reference, BT, &mut Rng::new(seed));
    assert_eq!(draw(5), draw(5));
    assert_ne!(draw(5), draw(6));
}
