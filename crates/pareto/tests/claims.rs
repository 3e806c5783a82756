//! One test per paper claim the presets reproduce, asserting the effect with the numbers
//! the runs produce.

mod common;

use playground_core::Experiment;
use playground_pareto::{FRONT_GAP, HYPERVOLUME, OBJECTIVE_1, OBJECTIVE_2, WORST_OBJECTIVE};

/// *Learning to Optimize Multi-Objective Alignment Through Dynamic Reward Weighting*:
/// fixed linear weights miss a non-convex front; hypervolume-guided weights find it.
#[test]
fn fixed_linear_weights_miss_the_concave_front_and_dynamic_weights_find_it() {
    let e = common::run(&common::preset("pareto-deep-sea-treasure"));
    let front = &e.problem().front;
    assert_eq!(front.len(), 10);
    // Linear: the two hull vertices, whatever the weight.
    let linear = common::points(&e, "linear ×21");
    assert_eq!(linear.len(), 2);
    assert!(linear.iter().all(|p| e.problem().supported.contains(p)));
    assert_eq!(common::last(&e, "linear ×21", HYPERVOLUME), 762.0);
    // Hypervolume-guided: the whole front, one point per step, in 10 steps.
    let guided = common::points(&e, "hypervolume-guided");
    assert_eq!(guided.len(), 10);
    assert!(front.iter().all(|p| guided.contains(p)));
    let hv = &e
        .series()
        .learner("hypervolume-guided")
        .unwrap()
        .metric(HYPERVOLUME)
        .unwrap()
        .mean;
    assert_eq!(hv[9], 1155.0);
    assert!(hv.windows(2).all(|w| w[1] >= w[0]));
    // Chebyshev over the same 21 weights reaches the inside of the hull too.
    let cheb = common::points(&e, "Chebyshev ×21");
    let inside = cheb
        .iter()
        .filter(|p| !e.problem().supported.contains(p))
        .count();
    assert_eq!((cheb.len(), inside), (9, 7));
    assert_eq!(common::last(&e, "Chebyshev ×21", HYPERVOLUME), 1147.0);
}

/// The contrast: on the convex variant the linear sweep finds every hull vertex.
#[test]
fn on_the_convex_variant_linear_weights_find_every_hull_vertex() {
    let e = common::run(&common::preset("pareto-deep-sea-treasure-convex"));
    let linear = common::points(&e, "linear ×101");
    let supported = &e.problem().supported;
    assert_eq!(supported.len(), 9);
    assert!(supported.iter().all(|p| linear.contains(p)));
    let hv = common::last(&e, "linear ×101", HYPERVOLUME);
    assert!((hv - 399.7).abs() < 1e-9, "{hv}");
    assert!((common::last(&e, "hypervolume-guided", HYPERVOLUME) - 401.8).abs() < 1e-9);
}

/// *Rewarded soups: towards Pareto-optimal alignment by interpolating weights fine-tuned
/// on diverse rewards*: the interpolation traces the front — exactly, for tabular logits,
/// once the experts have converged.
#[test]
fn the_soup_traces_the_kl_regularised_front() {
    let s = common::preset("pareto-rewarded-soups");
    let e = common::run(&s);
    let gap = &e
        .series()
        .learner("soup β=0.5")
        .unwrap()
        .metric(FRONT_GAP)
        .unwrap()
        .mean;
    assert!(gap[0] > 1.0, "{}", gap[0]);
    assert!(gap[s.steps - 1] < 1e-8, "{}", gap[s.steps - 1]);
    // The path goes from the harmless expert (λ = 0) to the helpful one (λ = 1) and no
    // point of it dominates another: it is a front.
    let path = common::points(&e, "soup β=0.5");
    assert!(
        path.windows(2)
            .all(|w| w[1][0] > w[0][0] && w[1][1] < w[0][1])
    );
    // The conditioned policy, one set of parameters for every weight, gets there too.
    let cond = common::last(&e, "conditioned β=0.5", FRONT_GAP);
    assert!(cond < 1e-6, "{cond}");
    // Both sit inside the deterministic front: KL to π_ref costs reward.
    let hv = common::last(&e, "soup β=0.5", HYPERVOLUME);
    assert!(hv < 0.9 * e.problem().front_hypervolume(), "{hv}");
    // Experts trained by Adam with the neural engine, as fine-tuning is: not converged to
    // their optima, so the soup is near the front rather than on it — the paper's claim.
    let adam = &e
        .series()
        .learner("soup β=0.5 (Adam)")
        .unwrap()
        .metric(FRONT_GAP)
        .unwrap()
        .mean;
    let end = adam[s.steps - 1];
    assert!(
        end < 0.05 && end < adam[0] / 20.0 && end > 1e-4,
        "{} → {end}",
        adam[0]
    );
}

/// *MaxMin-RLHF: Towards Equitable Alignment of Large Language Models with Diverse Human
/// Preferences*: a single reward serves the majority and ignores the minority; MaxMin
/// lifts the minority.
#[test]
fn a_single_reward_ignores_the_minority_and_maxmin_serves_it() {
    let e = common::run(&common::preset("pareto-maxmin-rlhf"));
    let (single, maxmin) = ("single reward β=0.1", "MaxMin β=0.1");
    let majority = common::last(&e, single, OBJECTIVE_1);
    let minority = common::last(&e, single, OBJECTIVE_2);
    assert!(majority > 0.9 && minority < 0.2, "{majority} {minority}");
    let lifted = common::last(&e, maxmin, OBJECTIVE_2);
    assert!(lifted > minority + 0.4, "{lifted} vs {minority}");
    assert!(common::last(&e, maxmin, WORST_OBJECTIVE) > 0.6);
    // MaxMin equalises the groups: neither can gain without the other losing.
    let (a, b) = (common::last(&e, maxmin, OBJECTIVE_1), lifted);
    assert!((a - b).abs() < 1e-9, "{a} {b}");
}

/// *Consistent Aggregation of Objectives with Diverse Time Preferences Requires
/// Non-Markovian Rewards*: with different discounts a Markov aggregate's preferred plan
/// flips over time; carrying γ_i^τ in the state keeps it.
#[test]
fn a_markov_aggregate_flips_and_the_augmented_one_does_not() {
    let e = common::run(&common::preset("pareto-time-preferences"));
    let plans = |label: &str| {
        let s = e.series().learner(label).unwrap();
        s.metric(playground_pareto::PLAN).unwrap().mean.clone()
    };
    let markov = plans("Markov w₁=0.5");
    let augmented = plans("augmented w₁=0.5");
    assert_eq!(markov[0], 1.0);
    assert_eq!(markov[9], 1.0);
    assert_eq!(markov[10], 0.0);
    assert_eq!(
        common::last(&e, "Markov w₁=0.5", playground_pareto::FLIPS),
        1.0
    );
    assert!(augmented.iter().all(|&k| k == 1.0), "{augmented:?}");
    // With equal discounts the Markov aggregate is consistent too.
    let mut same = common::preset("pareto-time-preferences");
    if let playground_core::scenario::ParetoEnv::TimePreferences { gammas, .. } = &mut same.env {
        *gammas = vec![0.7, 0.7];
    }
    let e = common::run(&same);
    assert_eq!(
        common::last(&e, "Markov w₁=0.5", playground_pareto::FLIPS),
        0.0
    );
}

/// The teaching note behind every non-convex front: mixtures of deterministic policies
/// fill the convex hull, so a soup's stochastic policies get past the concave arms.
#[test]
fn mixtures_fill_the_hull_beyond_every_deterministic_front() {
    let e = common::run(&common::preset("pareto-two-objective-bandit"));
    let front = e.problem().front_hypervolume();
    assert!((front - 0.46).abs() < 1e-12, "{front}");
    assert!((common::last(&e, "linear ×11", HYPERVOLUME) - 0.36).abs() < 1e-12);
    assert!((common::last(&e, "Chebyshev ×11", HYPERVOLUME) - front).abs() < 1e-12);
    let soup = common::last(&e, "soup β=0.05", HYPERVOLUME);
    assert!(soup > front + 0.02, "{soup} vs {front}");
}
