//! The Bandit Arena: up to eight bandit algorithms on the same arms. The maths lives in
//! `playground_bandit`; this module adds only the arena's own panels.

mod explain;
mod figures;

use leptos::prelude::*;
use playground_bandit::{AVG_REWARD, BanditExperiment, PCT_OPTIMAL, REGRET};
use playground_core::Scenario;
use playground_core::scenario::BanditScenario;
use playground_core::split::{Role, Shard};

use crate::components::verify::Reference;
use crate::runner::crewed::Crewed;
use crate::shell::{Demo, Lab, Shell, ViewOption};
use playground_figure::bandit::ArenaView;

pub const DEMO: Demo = Demo {
    kind: "bandit",
    path: "/bandits",
    title: "Bandit Arena",
    nav: "Bandit Arena",
    lede: "A slot machine with k arms, each paying out at its own hidden rate. Every algorithm \
           below must trade exploring (trying arms to learn their rates) against exploiting \
           (pulling the arm that looks best). All of them face the same arms, averaged over \
           many independent runs.",
    blurb: "Up to eight bandit algorithms compete live on the same arms: ε-greedy, UCB, KL-UCB, \
            Thompson sampling, gradient bandits and EXP3, averaged over thousands of runs, \
            checked against regret bounds and exact posteriors.",
    highlights: &[
        "Sutton & Barto's chapter 2, reproduced",
        "regret on a log-t axis against the Lai–Robbins bound",
        "Thompson sampling's posteriors, animated",
        "an adversary that beats UCB",
    ],
    default_preset: "testbed-four",
    panels: &[
        ("pulls", "pulls per arm"),
        ("posterior", "posterior animation"),
    ],
    file_stem: "bandit-arena",
    view_options: &[
        ViewOption::Choice {
            key: "metric",
            label: "Metric",
            options: &[
                (AVG_REWARD, "Average reward"),
                (PCT_OPTIMAL, "% optimal action"),
                (REGRET, "Cumulative regret"),
            ],
        },
        ViewOption::Toggle {
            key: "logx",
            label: "log t axis",
        },
    ],
};

/// The Bandit Arena on the demo shell.
#[derive(Debug)]
pub struct BanditLab;

fn bandit(scenario: &Scenario) -> Result<&BanditScenario, String> {
    match scenario {
        Scenario::Bandit(b) => Ok(b),
        other => Err(format!(
            "a {} scenario is not a bandit scenario",
            other.kind()
        )),
    }
}

impl Lab for BanditLab {
    const DEMO: &'static Demo = &DEMO;
    /// Runs split over the cores the browser reports (see `runner::crew`).
    type Exp = Crewed<BanditExperiment>;
    type Command = ();
    type Reply = ();
    type View = ArenaView;

    fn view(exp: &Self::Exp, _: &Scenario, _: &[(String, String)]) -> ArenaView {
        ArenaView::of(exp)
    }

    fn build(scenario: &Scenario) -> Result<Self::Exp, String> {
        let b = bandit(scenario)?.clone();
        Crewed::build(scenario, move |role| {
            Ok(BanditExperiment::share(b.clone(), role))
        })
    }

    fn share(scenario: &Scenario, role: Role) -> Result<Box<dyn Shard>, String> {
        let b = bandit(scenario)?.clone();
        Ok(Box::new(BanditExperiment::share(b, role)))
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <div class="row">
                <Show when=move || !ui.hides("pulls")>{figures::pulls_panel(shell)}</Show>
                <Show when=move || !ui.hides("posterior")>{figures::posterior_panel(shell)}</Show>
            </div>
        }
        .into_any()
    }

    fn caption(shell: Shell<Self>) -> AnyView {
        let runs = move || match shell.scenario.get() {
            Scenario::Bandit(b) => b.runs,
            _ => 0,
        };
        view! {
            <p class="caption muted">
                "Lines are means over " {runs} " runs; shaded bands are 95% confidence intervals \
                 of those means."
            </p>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(e: &Self::Exp) -> Vec<Reference> {
        e.lai_robbins()
            .map(|c| Reference {
                name: "Lai–Robbins lower bound".into(),
                detail: format!(
                    "C = Σ Δₐ / KL(arm a ‖ best arm) = {c:.3}: no consistent algorithm's regret \
                     grows slower than C·ln t (the dashed line on the regret plot). Finite-horizon \
                     curves may sit below it; the bound is about the slope as t → ∞."
                ),
            })
            .into_iter()
            .collect()
    }
}
