//! The Pareto Lab: two objectives, the exact Pareto front of small problems, and learners
//! that look for it — linear, Chebyshev and hypervolume-guided scalarisation, rewarded
//! soups, a weight-conditioned policy, MaxMin-RLHF against a single reward, and Markov
//! against time-augmented aggregation. The maths is `playground_pareto`; this module adds
//! one panel: a weight slider that moves each learner along what it found.

mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::LineFigure;
use playground_pareto::{
    DUALITY_GAP, FLIPS, FRONT_GAP, HYPERVOLUME, KL, POINTS, ParetoExperiment, WORST_OBJECTIVE,
};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "pareto",
    path: "/pareto",
    title: "Pareto Lab",
    nav: "Pareto",
    lede: "Two objectives pull apart: treasure against time, helpful against harmless, one \
           group of users against another. Small problems whose every policy is known, their \
           exact Pareto front, and the ways methods look for it: weighted sums, Chebyshev \
           scalarisation, hypervolume-guided weights, rewarded soups, a weight-conditioned \
           policy and MaxMin.",
    blurb: "Multi-objective RL and alignment: fixed linear weights miss the concave part of \
            Deep Sea Treasure's front, soups trace the front by interpolating weights, and \
            MaxMin serves the group a single reward ignores.",
    highlights: &[
        "the exact front by enumeration, hypervolume exactly",
        "linear weights reach only the convex hull",
        "rewarded soups and MaxMin-RLHF",
    ],
    default_preset: "pareto-deep-sea-treasure",
    panels: &[("slider", "weight slider")],
    file_stem: "pareto",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Figure",
            options: &[
                ("objectives", "objective space"),
                (HYPERVOLUME, "hypervolume"),
                (POINTS, "points found"),
                (FRONT_GAP, "gap to the exact front"),
                (WORST_OBJECTIVE, "worst objective"),
                (DUALITY_GAP, "MaxMin's duality gap"),
                (KL, "KL(π ‖ π_ref)"),
                ("plan", "preferred plan"),
                (FLIPS, "preference flips"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for ParetoExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
}

#[derive(Debug)]
pub struct ParetoLab;

impl Lab for ParetoLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = ParetoExperiment;
    type Command = ();
    type Reply = ();
    /// The objective plane at the slider's weight.
    type View = Option<LineFigure>;

    fn view(
        exp: &ParetoExperiment,
        _scenario: &Scenario,
        settings: &[(String, String)],
    ) -> Option<LineFigure> {
        Some(panels::at_weight_figure(exp, settings))
    }

    fn build(scenario: &Scenario) -> Result<ParetoExperiment, String> {
        match scenario {
            Scenario::Pareto(p) => ParetoExperiment::new(p),
            other => Err(format!(
                "a {} scenario is not a multi-objective scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Each dot is the pair of returns of a policy. Hollow circles are the exact \
                 Pareto front — the policies no other beats on both objectives; the dashed \
                 grey line is its convex hull, all that weighted sums can reach. Filled dots \
                 are what each learner found (earlier learners' dots are larger, so one under \
                 another shows as a ring); curves are soups and conditioned policies over \
                 their weights."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! { <Show when=move || !ui.hides("slider")>{panels::slider(shell)}</Show> }.into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(exp: &ParetoExperiment) -> Vec<Reference> {
        let p = exp.problem();
        let front: Vec<String> = p
            .front
            .iter()
            .map(|q| format!("({:.4}, {:.4})", q[0], q[1]))
            .collect();
        let mut out = vec![Reference {
            name: "the Pareto front".into(),
            detail: format!(
                "{} points: {}; hypervolume {:.6} from the reference point ({}, {})",
                p.front.len(),
                front.join(", "),
                p.front_hypervolume(),
                p.reference[0],
                p.reference[1]
            ),
        }];
        out.extend(
            exp.plan()
                .labels()
                .into_iter()
                .enumerate()
                .map(|(l, label)| Reference {
                    name: label,
                    detail: format!(
                        "{} non-dominated points found, hypervolume {:.6}",
                        playground_pareto::front::pareto_front(&exp.points(l)).len(),
                        exp.hypervolume(l)
                    ),
                }),
        );
        out
    }
}
