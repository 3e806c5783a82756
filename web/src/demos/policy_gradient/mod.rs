//! The Policy-Gradient Lab: REINFORCE → GAE → TRPO → PPO → SPO and GRPO, side by side on
//! gridworld maps and bandit-like tasks. The maths is `playground_pg`; this module adds
//! the lab's own diagnostics: the policy on the map, the ratio histogram with PPO's clip
//! band, action probabilities over time and the credit-decay curves.

mod explain;
mod panels;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::Figure;
use playground_pg::PgExperiment;
use playground_pg::experiment::{
    ABS_ERROR, BETA, CI_WIDTH, CLIP_FRACTION, ENTROPY, ESTIMATE, EXACT_RETURN, GRAD_COSINE,
    GRAD_VARIANCE, KL, OUTSIDE_BAND, RETURN, VALUE_ERROR, ZERO_GROUPS,
};

use crate::components::verify::Reference;
use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "policy-gradient",
    path: "/policy-gradient",
    title: "Policy-Gradient Lab",
    nav: "Policy gradients",
    lede: "Instead of learning values, learn the policy itself: nudge the probability of each \
           action up or down by how much better it turned out than expected. Every method here \
           — REINFORCE, GAE, TRPO, PPO, SPO, GRPO — is a different answer to two questions: \
           how to estimate that gradient without too much noise, and how far to trust one step.",
    blurb: "REINFORCE with and without baselines, GAE(λ), TRPO, PPO and its cousins SPO and \
            GRPO, on maps small enough that the exact policy gradient is known: watch the \
            estimates scatter around it, and the trust regions hold or leak.",
    highlights: &[
        "the sampled gradient against the exact one",
        "PPO's ratios leave the clip band; SPO's stay",
        "why a decoupled critic λ rescues long horizons",
        "Sutton & Barto's short corridor, exactly",
    ],
    default_preset: "pg-short-corridor",
    panels: &[("diagnostics", "diagnostics")],
    file_stem: "policy-gradient",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Curve",
            options: &[
                (EXACT_RETURN, "Exact return J(π)"),
                (RETURN, "Return of the batch"),
                (GRAD_COSINE, "Gradient estimate vs exact ∇J"),
                (GRAD_VARIANCE, "Gradient variance"),
                (KL, "KL per update"),
                (ENTROPY, "Entropy"),
                (VALUE_ERROR, "Critic error"),
                (CLIP_FRACTION, "Clipped share"),
                (OUTSIDE_BAND, "Ratios outside 1 ± ε"),
                (BETA, "KL coefficient β"),
                (ZERO_GROUPS, "Groups with no signal"),
                (ESTIMATE, "Monte Carlo estimate"),
                (CI_WIDTH, "Estimate's CI width"),
                (ABS_ERROR, "Estimate's error"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log x axis",
        },
    ],
};

impl Live for PgExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
    /// The sampled-gradient check draws thousands of episodes (20 000 in twenty
    /// questions): once a second it would stall a playing run, so it waits for a pause.
    fn checks_while_running(&self) -> bool {
        false
    }
}

#[derive(Debug)]
pub struct PolicyGradientLab;

impl Lab for PolicyGradientLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = PgExperiment;
    type Command = ();
    type Reply = ();
    /// The diagnostic the view settings choose, drawn (None: nothing to draw).
    type View = Option<Figure>;

    fn view(
        exp: &PgExperiment,
        scenario: &Scenario,
        settings: &[(String, String)],
    ) -> Option<Figure> {
        panels::diagnostic(exp, scenario, settings)
    }

    fn build(scenario: &Scenario) -> Result<PgExperiment, String> {
        match scenario {
            Scenario::PolicyGradient(pg) => playground_pg::build(pg).map_err(|e| e.to_string()),
            other => Err(format!(
                "a {} scenario is not a policy-gradient scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Means over runs with 95% bands; dashed lines are exact answers (the optimum J*, \
                 the best a policy that cannot see where it is can do, the J an estimate aims at)."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <Show when=move || !ui.hides("diagnostics")>{panels::diagnostics(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(exp: &PgExperiment) -> Vec<Reference> {
        let mut out = Vec::new();
        if let Some(j) = exp.optimal_return() {
            out.push(Reference {
                name: "Optimum J*".into(),
                detail: format!(
                    "J* = {j:.4}: value iteration on the exact model, then an exact evaluation \
                     of its greedy policy. No policy can do better."
                ),
            });
        }
        if let Some(j) = exp.blind_optimal_return() {
            out.push(Reference {
                name: "Best blind policy".into(),
                detail: format!(
                    "J = {j:.4}: the best a policy that sees no state can do (one probability \
                     for every cell), found exactly."
                ),
            });
        }
        out
    }
}
