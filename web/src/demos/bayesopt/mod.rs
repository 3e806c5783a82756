//! The Bayesian Optimisation Playground: a Gaussian process on a 1-D or 2-D objective
//! (or one the visitor draws), acquisition rules side by side over many seeds, and
//! preferential BO from duels the visitor can answer by clicking. The maths is
//! `playground_bayesopt`; this module adds the panels of one learner's run: posterior and
//! acquisition, the (μ, s) scatter, and the duel waiting for an answer.

mod draw;
mod explain;
mod panels;

use leptos::prelude::*;
use playground_bayesopt::{BayesoptExperiment, CUMULATIVE_REGRET, SIMPLE_REGRET};
use playground_core::Scenario;
use playground_figure::{Figure, LineFigure};
use serde::{Deserialize, Serialize};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "bayesopt",
    path: "/bayesopt",
    title: "Bayesian Optimisation Playground",
    nav: "BayesOpt",
    lede: "Find the lowest point of a function you can only sample a few times. A Gaussian \
           process guesses the function and how unsure it is; an acquisition rule — expected \
           improvement, probability of improvement, UCB, Thompson sampling, ε-greedy, a \
           batch, a prior belief, or duels instead of values — picks where to look next.",
    blurb: "Gaussian-process Bayesian optimisation on Forrester, Branin or a curve you draw: \
            the posterior band collapsing near samples, the acquisition underneath, EI and \
            UCB on the (μ, s) Pareto front where PI may leave it, and preferential BO from \
            your own clicks.",
    highlights: &[
        "posterior mean, band and acquisition, step by step",
        "regret over many seeds side by side",
        "answer the duels yourself",
    ],
    default_preset: "bayesopt-tutorial-forrester",
    panels: &[
        ("posterior", "posterior"),
        ("scatter", "(μ, s) scatter"),
        ("draw", "drawing box"),
    ],
    file_stem: "bayesopt",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Figure",
            options: &[
                (SIMPLE_REGRET, "simple regret"),
                (CUMULATIVE_REGRET, "cumulative regret"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for BayesoptExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
}

/// A duel waiting for the visitor: the learner and the two points (the objective's own
/// coordinates).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DuelAsk {
    pub learner: usize,
    pub a: Vec<f64>,
    pub b: Vec<f64>,
}

/// What the panels draw for the chosen learner's chosen run (seed).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BayesoptView {
    pub posterior: Option<Figure>,
    pub acquisition: Option<Figure>,
    pub scatter: Option<LineFigure>,
    pub duel: Option<DuelAsk>,
    /// Why there is no picture (the learner's GP could not be solved).
    pub note: Option<String>,
}

#[derive(Debug)]
pub struct BayesoptLab;

impl Lab for BayesoptLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = BayesoptExperiment;
    type Command = ();
    type Reply = ();
    type View = BayesoptView;

    fn view(
        exp: &BayesoptExperiment,
        _scenario: &Scenario,
        settings: &[(String, String)],
    ) -> BayesoptView {
        panels::view(exp, settings)
    }

    fn build(scenario: &Scenario) -> Result<BayesoptExperiment, String> {
        match scenario {
            Scenario::Bayesopt(b) => BayesoptExperiment::new(b),
            other => Err(format!(
                "a {} scenario is not a Bayesian-optimisation scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Simple regret: how far the best point found so far is above the true minimum, \
                 averaged over the runs (seeds), with its 95% band. Cumulative regret adds up \
                 how far every evaluated point was above it: the price of exploring."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            {panels::duel(shell)}
            <Show when=move || !ui.hides("posterior")>{panels::posterior(shell)}</Show>
            <Show when=move || !ui.hides("scatter")>{panels::scatter(shell)}</Show>
            <Show when=move || !ui.hides("draw")>{draw::draw_panel(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(exp: &BayesoptExperiment) -> Vec<Reference> {
        let p = exp.problem();
        vec![Reference {
            name: "the minimum".into(),
            detail: format!(
                "f* = {:.6} over the whole domain; the best grid point is {:.6}",
                p.f_star,
                p.grid_min()
            ),
        }]
    }
}
