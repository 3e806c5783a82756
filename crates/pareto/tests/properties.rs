//! Properties over random inputs: the front and hypervolume agree however computed,
//! the hull is what linear weights reach, every point sits under the front, and weak
//! duality holds for every policy and weight.

use playground_pareto::front::{self, Point};
use playground_pareto::{dual, softmax};
use proptest::prelude::*;

/// Points on a coarse grid of exactly representable numbers, so ties, repeats and
/// collinear points happen and are computed exactly.
fn points(max: usize) -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec((0i32..12, 0i32..12), 1..max).prop_map(|v| {
        v.into_iter()
            .map(|(a, b)| [a as f64 / 2.0, b as f64 / 4.0])
            .collect()
    })
}

proptest! {
    #[test]
    fn fronts_and_hypervolumes_agree(pts in points(14)) {
        let f = front::pareto_front(&pts);
        prop_assert_eq!(&f, &front::pareto_front_pairwise(&pts));
        for p in &pts {
            prop_assert!(front::on_or_below(*p, &f, 0.0));
        }
        let r = [-1.0, -1.0];
        let hv = front::hypervolume(&pts, r);
        prop_assert!((hv - front::hypervolume_along_second(&pts, r)).abs() < 1e-9);
        let ie = front::hypervolume_by_inclusion_exclusion(&f, r).unwrap();
        prop_assert!((hv - ie).abs() < 1e-9, "{} vs {}", hv, ie);
    }

    #[test]
    fn hull_vertices_are_what_linear_weights_reach(pts in points(20)) {
        let f = front::pareto_front(&pts);
        prop_assert_eq!(front::supported(&f), front::linear_reach(&f));
    }

    #[test]
    fn adding_a_point_never_lowers_the_hypervolume(pts in points(10), extra in (0i32..12, 0i32..12)) {
        let r = [0.0, 0.0];
        let mut more = pts.clone();
        more.push([extra.0 as f64 / 2.0, extra.1 as f64 / 4.0]);
        prop_assert!(front::hypervolume(&more, r) >= front::hypervolume(&pts, r));
    }

    #[test]
    fn weak_duality_holds_everywhere(
        rewards in prop::collection::vec((-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0), 2..8),
        w1 in 0.0f64..1.0,
        beta in 0.05f64..2.0,
    ) {
        let outcomes: Vec<Point> = rewards.iter().map(|r| [r.0, r.1]).collect();
        let ref_logp = softmax::log_probs(&rewards.iter().map(|r| r.2).collect::<Vec<_>>());
        let pi = softmax::probs(&rewards.iter().map(|r| r.3).collect::<Vec<_>>());
        let primal = dual::primal_value(&pi, &ref_logp, &outcomes, beta);
        let d = dual::dual_value(&ref_logp, &outcomes, [w1, 1.0 - w1], beta);
        prop_assert!(primal <= d + 1e-9, "{} > {}", primal, d);
        // Every mixture of outcomes lies under their convex hull.
        let j = softmax::returns(&pi, &outcomes);
        prop_assert!(front::in_mixture_region(j, &outcomes, 1e-9));
    }
}
