//! The Bayesian Optimisation Playground's panels: the chosen learner's posterior and
//! acquisition (curves in 1-D, heatmaps in 2-D), its (μ, s) scatter, and the duel
//! waiting for the visitor's click.

use leptos::prelude::*;
use playground_bayesopt::BayesoptExperiment;
use playground_core::Scenario;
use playground_core::scenario::{BAYESOPT_MAX_RUNS, BayesoptLearner};
use playground_figure::Figure;
use playground_figure::bayesopt::{
    Run1d, acquisition_1d, grid_heatmap, mu_s_scatter, posterior_1d,
};

use super::{BayesoptLab, BayesoptView, DuelAsk};
use crate::components::plot::Plot;
use crate::shell::{Shell, ViewOption, setting_index, view_control, view_drawing};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

/// Which run (seed) the panels show; clamped to the scenario's runs.
const RUN: ViewOption = ViewOption::Slider {
    key: "run",
    label: "Run",
    min: 0.0,
    max: (BAYESOPT_MAX_RUNS - 1) as f64,
    step: 1.0,
    default: 0.0,
};

/// The chosen learner's chosen run (seed), now: computed where the run is.
pub fn view(e: &BayesoptExperiment, settings: &[(String, String)]) -> BayesoptView {
    let labels = e.labels();
    let l = setting_index(settings, "learner", labels.len());
    let r = setting_index(settings, "run", e.plan().runs);
    let duel = e.pending_duel().map(|d| DuelAsk {
        learner: d.learner,
        a: d.a.clone(),
        b: d.b.clone(),
    });
    let v = match e.view(l, r) {
        Ok(v) => v,
        Err(why) => {
            return BayesoptView {
                duel,
                note: Some(why),
                ..BayesoptView::default()
            };
        }
    };
    let label = &format!("{} (run {r})", labels[l]);
    let (posterior, acquisition) = if e.problem().dims == 1 {
        let xs: Vec<f64> = e.grid_points().iter().map(|p| p[0]).collect();
        let state = e.state(l, r);
        let preferential = matches!(e.plan().learners[l], BayesoptLearner::Preferential { .. });
        // Preferential BO sees no values: its queries sit on its own latent curve.
        let (indices, observed): (Vec<usize>, Vec<f64>) = if preferential {
            let ys = state.points.iter().map(|&i| v.mean[i]).collect();
            (state.points.clone(), ys)
        } else {
            (state.queries.clone(), state.ys.clone())
        };
        let queried: Vec<f64> = indices.iter().map(|&i| xs[i]).collect();
        let run = Run1d {
            xs: &xs,
            truth: e.objective_on_grid(),
            queried: &queried,
            observed: &observed,
        };
        (
            Figure::Lines(posterior_1d(label, run, &v)),
            Figure::Lines(acquisition_1d(&xs, &v)),
        )
    } else {
        let side = (v.mean.len() as f64).sqrt().round() as usize;
        let next: Vec<String> = v
            .next_points
            .iter()
            .map(|p| {
                let c: Vec<String> = p.iter().map(|x| format!("{x:.2}")).collect();
                format!("({})", c.join(", "))
            })
            .collect();
        let acquisition = format!("acquisition: next query at {}", next.join(", "));
        (
            Figure::Heatmap(grid_heatmap(
                format!("{label}: posterior mean"),
                side,
                &v.mean,
            )),
            Figure::Heatmap(grid_heatmap(acquisition, side, &v.acquisition)),
        )
    };
    BayesoptView {
        posterior: Some(posterior),
        acquisition: Some(acquisition),
        scatter: Some(mu_s_scatter(&v)),
        duel,
        note: None,
    }
}

pub fn posterior(shell: Shell<BayesoptLab>) -> impl IntoView {
    let note = move || {
        shell.runner.slow_version.track();
        shell.runner.with(|run| run.view.note.clone())
    };
    view! {
        <section class="card figure" aria-label="Posterior">
            <div class="figure-bar">
                {view_control(shell.page, LEARNER)}
                {move || (shell.scenario.with(|s| match s {
                    Scenario::Bayesopt(b) => b.runs,
                    _ => 1,
                }) > 1).then(|| view_control(shell.page, RUN))}
            </div>
            <Plot label="Posterior mean and band" class="main" draw=view_drawing(shell, |v| v.posterior.clone())/>
            <Plot label="Acquisition" class="main" draw=view_drawing(shell, |v| v.acquisition.clone())/>
            <p class="caption muted">
                "One run (seed) of the chosen learner: the GP's mean with a band of ±2 standard \
                 deviations, over the true objective (dashed) and the points queried so far. \
                 The band collapses near samples. Underneath, the acquisition function; its \
                 peak is the next query (red). In 2-D both are maps, x₁ across and x₂ up."
                {move || note().map(|n| format!(" {n}"))}
            </p>
        </section>
    }
}

pub fn scatter(shell: Shell<BayesoptLab>) -> impl IntoView {
    view! {
        <section class="card figure" aria-label="Exploit against explore">
            <Plot label="The (μ, s) scatter" class="main"
                draw=view_drawing(shell, |v| v.scatter.clone().map(Figure::Lines))/>
            <p class="caption muted">
                "Every grid point by how good the GP predicts it is (−μ) and how unsure it is \
                 (s). Points on the front are the only sensible choices: nothing beats them on \
                 both. EI and UCB always pick one of them; PI can pick a point off the front."
            </p>
        </section>
    }
}

/// The visitor's duel: appending the answer to the learner's `answers` changes the
/// scenario, so the run restarts, replays every answer exactly, and the link keeps them.
pub fn duel(shell: Shell<BayesoptLab>) -> impl IntoView {
    let pending = move || {
        shell.runner.version.track();
        shell.runner.with(|run| run.view.duel.clone())
    };
    let answer = move |ask: &DuelAsk, a_wins: bool| {
        let mut s = shell.scenario.get_untracked();
        if let Scenario::Bayesopt(b) = &mut s
            && let Some(BayesoptLearner::Preferential {
                answers: Some(list),
                ..
            }) = b.learners.get_mut(ask.learner)
        {
            list.push(if a_wins { 1.0 } else { 0.0 });
            shell.page.apply(s, None);
        }
    };
    let coords = |p: &[f64]| {
        let parts: Vec<String> = p.iter().map(|x| format!("{x:.3}")).collect();
        parts.join(", ")
    };
    move || {
        pending().map(|ask| {
            let (a, b) = (coords(&ask.a), coords(&ask.b));
            let first = ask.clone();
            view! {
                <section class="card" aria-label="Your duel" data-testid="duel">
                    <h2>"Your turn: which point is better?"</h2>
                    <p>
                        "The learner never sees a value, only your choice. Lower is better: \
                         compare the dashed curve at the two points."
                    </p>
                    <div class="row">
                        <button class="primary" data-testid="duel-a"
                            on:click=move |_| answer(&first, true)>{format!("A: x = ({a})")}</button>
                        " "
                        <button class="primary" data-testid="duel-b"
                            on:click=move |_| answer(&ask, false)>{format!("B: x = ({b})")}</button>
                    </div>
                </section>
            }
        })
    }
}
