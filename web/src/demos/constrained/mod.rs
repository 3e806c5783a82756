//! The Constrained Alignment Lab: maximise helpfulness subject to a budget on harm, with
//! a KL tie to π_ref, and watch primal–dual, optimistic, one-shot-dual, stepwise and
//! penalty learners reach (or circle) the exact optimum. The maths is
//! `playground_constrained`; this module adds two panels: the dual D(λ) with every
//! learner's price, and one learner's policy beside the optimum's.

mod explain;
mod panels;

use leptos::prelude::*;
use playground_constrained::ConstrainedExperiment;
use playground_constrained::experiment::{COST, DISTANCE, KL, LAMBDA, OBJECTIVE, REWARD};
use playground_core::Scenario;
use playground_figure::{BarFigure, LineFigure};
use serde::{Deserialize, Serialize};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "constrained",
    path: "/constrained",
    title: "Constrained Alignment Lab",
    nav: "Constrained",
    lede: "Be as helpful as possible, but keep the expected harm under a budget. A handful of \
           responses, each with a helpfulness reward and a harmfulness cost, a KL tie to \
           π_ref, and the exact optimum from a one-dimensional dual — against learners that \
           price harm by gradient descent–ascent, optimistically, once and for all, or \
           never.",
    blurb: "Safe alignment as a constrained problem: descent–ascent oscillates between safe \
            and helpful, ReLOAD's optimistic steps converge, and one-shot dualization solves \
            for the price of harm before the first step.",
    highlights: &[
        "the exact optimum from a convex one-dimensional dual",
        "descent–ascent circles; optimistic steps converge",
        "one-shot dualization and stepwise alignment",
    ],
    default_preset: "reload-last-iterate",
    panels: &[("dual", "dual D(λ)"), ("policy", "policy bars")],
    file_stem: "constrained",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Figure",
            options: &[
                ("plane", "reward vs cost"),
                (COST, "cost and budget"),
                (REWARD, "reward"),
                (LAMBDA, "price of harm λ"),
                (DISTANCE, "distance to the optimum"),
                (OBJECTIVE, "objective"),
                (KL, "KL(π ‖ π_ref)"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for ConstrainedExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
}

/// What the panels draw: the dual with every learner's price, and the chosen learner's
/// policy beside π* and π_ref.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConstrainedView {
    pub dual: Option<LineFigure>,
    pub policy: Option<BarFigure>,
}

#[derive(Debug)]
pub struct ConstrainedLab;

impl Lab for ConstrainedLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = ConstrainedExperiment;
    type Command = ();
    type Reply = ();
    type View = ConstrainedView;

    fn view(
        exp: &ConstrainedExperiment,
        _scenario: &Scenario,
        settings: &[(String, String)],
    ) -> ConstrainedView {
        panels::view(exp, settings)
    }

    fn build(scenario: &Scenario) -> Result<ConstrainedExperiment, String> {
        match scenario {
            Scenario::Constrained(c) => ConstrainedExperiment::new(c),
            other => Err(format!(
                "a {} scenario is not a constrained-alignment scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Each path is a learner's policy step by step, placed by its expected cost \
                 (harm) and expected reward (helpfulness). The dashed curve holds the exact \
                 optimum for every budget; the grey line is this run's budget and the cross its \
                 optimum. Pick another figure to see cost, reward or λ against the step."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <Show when=move || !ui.hides("dual")>{panels::dual(shell)}</Show>
            <Show when=move || !ui.hides("policy")>{panels::policy(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(exp: &ConstrainedExperiment) -> Vec<Reference> {
        let opt = exp.optimum();
        let mut out = vec![Reference {
            name: "the optimum".into(),
            detail: format!(
                "λ* = {:.6}; π* = π_ref·e^{{(r − λ*c)/β}}/Z earns reward {:.6} at cost {:.6} \
                 (budget {}), KL {:.6}, objective {:.6}",
                opt.lambda,
                opt.reward,
                opt.cost,
                exp.problem().budget,
                opt.kl,
                opt.objective
            ),
        }];
        out.extend(exp.labels().iter().enumerate().map(|(i, label)| {
            let pi = exp.policy(i);
            let p = exp.problem();
            Reference {
                name: label.clone(),
                detail: format!(
                    "now: reward {:.6}, cost {:.6}, λ = {:.6}; ½‖π − π*‖₁ = {:.2e}",
                    pi.expect(&p.reward),
                    pi.expect(&p.cost),
                    exp.lambda(i),
                    pi.distance(&opt.policy.probs)
                ),
            }
        }));
        out
    }
}
