//! Exact answers: Deep Sea Treasure's fronts and hypervolumes, the points linear
//! scalarisation reaches, small hypervolumes by hand, the mirror step's closed form,
//! the soup identity and MaxMin's duality.

mod common;

use playground_core::rng::Rng;
use playground_core::scenario::{DST_CONCAVE, DST_CONVEX, DST_TIMES, DstVariant, ParetoEnv};
use playground_pareto::front::{self, Point};
use playground_pareto::{Problem, dual, softmax};

fn dst(variant: DstVariant) -> Problem {
    Problem::new(
        &ParetoEnv::DeepSeaTreasure {
            variant,
            horizon: 25,
        },
        1,
    )
}

#[test]
fn deep_sea_treasure_fronts_are_the_published_ones() {
    for (variant, values) in [
        (DstVariant::Concave, DST_CONCAVE),
        (DstVariant::Convex, DST_CONVEX),
    ] {
        let p = dst(variant);
        let want: Vec<Point> = values
            .iter()
            .zip(DST_TIMES)
            .map(|(&v, t)| [v, -(t as f64)])
            .collect();
        assert_eq!(p.front, want);
        // Every treasure at every time from its shortest to the horizon (bumping into
        // the edge waits a step), and the timeout.
        let outcomes: usize = DST_TIMES.iter().map(|t| 25 - t + 1).sum();
        assert_eq!(p.outcomes.len(), outcomes + 1);
        assert!(p.outcomes.contains(&[0.0, -25.0]));
    }
}

#[test]
fn deep_sea_treasure_hypervolumes_from_0_minus_25() {
    // By hand, treasure ascending: Σ (v_k − v_{k−1})·(25 − t_k).
    let concave = 24.0
        + 22.0
        + 20.0
        + 2.0 * 18.0
        + 3.0 * 17.0
        + 8.0 * 16.0
        + 8.0 * 12.0
        + 26.0 * 11.0
        + 24.0 * 8.0
        + 50.0 * 6.0;
    assert_eq!(concave, 1155.0);
    assert_eq!(dst(DstVariant::Concave).front_hypervolume(), 1155.0);
    let convex = dst(DstVariant::Convex).front_hypervolume();
    assert!((convex - 401.8).abs() < 1e-9, "{convex}");
    // The two hull vertices of the concave front span the well-known 762.
    let hull = front::hypervolume(&[[1.0, -1.0], [124.0, -19.0]], [0.0, -25.0]);
    assert_eq!(hull, 762.0);
}

#[test]
fn linear_scalarisation_reaches_the_hull_vertices_only() {
    let concave = dst(DstVariant::Concave);
    assert_eq!(concave.supported, vec![[1.0, -1.0], [124.0, -19.0]]);
    assert_eq!(front::linear_reach(&concave.front), concave.supported);
    let convex = dst(DstVariant::Convex);
    assert_eq!(convex.supported.len(), 9);
    // (20.3, −14) is on the edge from (19.6, −13) to (22.4, −17): a tie, never unique.
    assert!(!convex.supported.contains(&[20.3, -14.0]));
    assert_eq!(front::linear_reach(&convex.front), convex.supported);
}

#[test]
fn small_hypervolumes_by_hand() {
    let pts = [[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]];
    assert_eq!(front::hypervolume(&pts, [0.0, 0.0]), 6.0);
    assert_eq!(front::hypervolume_along_second(&pts, [0.0, 0.0]), 6.0);
    assert_eq!(
        front::hypervolume_by_inclusion_exclusion(&pts, [0.0, 0.0]),
        Some(6.0)
    );
    // A dominated point and a point below the reference add nothing.
    let more = [[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [1.5, 1.5], [5.0, -1.0]];
    assert_eq!(front::hypervolume(&more, [0.0, 0.0]), 6.0);
    assert_eq!(
        front::pareto_front(&more),
        vec![[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [5.0, -1.0]]
    );
}

#[test]
fn the_treasure_map_front_matches_every_stationary_policy() {
    let s = common::preset("pareto-treasure-map");
    let p = Problem::new(&s.env, 1);
    let grid = p.grid.as_ref().unwrap();
    let all = grid.enumerate_stationary().unwrap();
    assert_eq!(front::pareto_front(&all), p.front);
    assert_eq!(p.front, vec![[2.0, -3.0], [4.0, -4.0], [9.0, -5.0]]);
    // Stationary policies cannot wait, so they reach fewer returns than time-dependent ones.
    assert!(
        all.len() < p.outcomes.len(),
        "{} vs {}",
        all.len(),
        p.outcomes.len()
    );
}

#[test]
fn mirror_ascent_follows_its_closed_form_and_converges() {
    let mut rng = Rng::new(3);
    let n = 7;
    let ref_logp = softmax::log_probs(&(0..n).map(|_| rng.normal()).collect::<Vec<_>>());
    let r: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let (beta, eta) = (0.3, 0.8);
    let mut theta = ref_logp.clone();
    for t in 1..=200 {
        softmax::mirror_step(&mut theta, &ref_logp, &r, beta, eta);
        let want = softmax::iterate_after(&ref_logp, &r, beta, eta, t);
        assert!(softmax::log_prob_distance(&theta, &want) < 1e-12);
    }
    let opt = softmax::optimum_logits(&ref_logp, &r, beta);
    assert!(softmax::log_prob_distance(&theta, &opt) < 1e-9);
}

#[test]
fn a_soup_of_optima_is_the_optimum_of_the_mixed_reward() {
    let mut rng = Rng::new(5);
    let n = 9;
    let ref_logp = softmax::log_probs(&(0..n).map(|_| rng.normal()).collect::<Vec<_>>());
    let r1: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let r2: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let beta = 0.2;
    let a = softmax::optimum_logits(&ref_logp, &r1, beta);
    let b = softmax::optimum_logits(&ref_logp, &r2, beta);
    for lambda in [0.0, 0.25, 0.5, 0.9, 1.0] {
        let soup = softmax::interpolate(&a, &b, lambda);
        let mixed: Vec<f64> = r1
            .iter()
            .zip(&r2)
            .map(|(x, y)| lambda * x + (1.0 - lambda) * y)
            .collect();
        let opt = softmax::optimum_logits(&ref_logp, &mixed, beta);
        assert!(softmax::log_prob_distance(&soup, &opt) < 1e-12);
    }
}

#[test]
fn maxmin_primal_equals_dual_and_the_dual_is_the_minimum() {
    for seed in 0..20 {
        let mut rng = Rng::new(seed);
        let n = 2 + seed as usize % 6;
        let ref_logp = softmax::log_probs(&(0..n).map(|_| rng.normal()).collect::<Vec<_>>());
        let outcomes: Vec<Point> = (0..n).map(|_| [rng.normal(), rng.normal()]).collect();
        let beta = 0.05 + rng.uniform();
        let w = dual::solve(&ref_logp, &outcomes, beta);
        let d = dual::dual_value(&ref_logp, &outcomes, w, beta);
        let pi = softmax::probs(&dual::policy_logits(&ref_logp, &outcomes, w, beta));
        let primal = dual::primal_value(&pi, &ref_logp, &outcomes, beta);
        assert!((primal - d).abs() < 1e-9, "seed {seed}: {primal} vs {d}");
        // The dual on a fine grid of weights never goes below D(w*).
        for k in 0..=1000 {
            let x = k as f64 / 1000.0;
            let dk = dual::dual_value(&ref_logp, &outcomes, [x, 1.0 - x], beta);
            assert!(dk >= d - 1e-12, "seed {seed}: D({x}) = {dk} < {d}");
        }
    }
}

#[test]
fn the_map_is_read_as_drawn() {
    let p = dst(DstVariant::Concave);
    let g = p.grid.as_ref().unwrap();
    assert_eq!((g.size(), g.start(), g.horizon()), ((11, 10), 0, 25));
    use playground_pareto::grid::Cell;
    assert_eq!(g.cell(10), Cell::Treasure(1.0));
    assert_eq!(g.cell(20), Cell::Rock);
    assert_eq!(g.cell(109), Cell::Treasure(124.0));
    // Down from the start reaches treasure A; up from the start bumps and stays.
    assert_eq!(g.next(0, 1), 10);
    assert_eq!(g.next(0, 0), 0);
    // Into the sea floor: stay.
    assert_eq!(g.next(56, 2), 56);
}
