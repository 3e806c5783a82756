//! The Policy-Gradient Lab's diagnostics, for one learner: its policy on the map (and
//! its critic's values), the ratio histogram of its last update with PPO's clip band,
//! its action probabilities over time at a start state, and the credit-decay curves of
//! its λ.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::scenario::{GridEnv, PgEnv};
use playground_core::{Experiment, Scenario};
use playground_figure::gridworld::{MapData, Show, map_figure};
use playground_figure::policy_gradient::{credit_figure, prob_bars, prob_history, ratio_histogram};
use playground_figure::{Figure, Style, draw_figure};
use playground_pg::PgExperiment;

use super::PolicyGradientLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, setting_index, view_control};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

const DIAGNOSTIC: ViewOption = ViewOption::Choice {
    key: "diag",
    label: "Diagnostic",
    options: &[
        ("policy", "Policy"),
        ("critic", "Critic"),
        ("ratios", "Ratios"),
        ("history", "π over time"),
        ("credit", "Credit decay"),
    ],
};

/// Episodes this long show the credit decay (the map's cap, at most this).
const CREDIT_STEPS: usize = 200;

/// One learner's policy (probabilities as triangles, the likeliest move's arrow) or its
/// critic's values (colour, numbers, arrows), on the map.
fn map_of(exp: &PgExperiment, env: &GridEnv, learner: usize, critic: bool) -> Option<Figure> {
    let task = exp.task();
    let probs = exp.mean_probs(learner)?;
    let values = exp.mean_values(learner);
    let per_cell = |f: &dyn Fn(usize) -> Option<f64>| -> Vec<Option<f64>> {
        task.cells.iter().flatten().map(|c| c.and_then(f)).collect()
    };
    let terminal = |s: usize| task.mdp.terminal[s];
    let data = MapData {
        label: exp.series().learners[learner].label.clone(),
        values: match (&values, critic) {
            (Some(v), true) => per_cell(&|s| Some(v[s])),
            _ => Vec::new(),
        },
        q: task
            .cells
            .iter()
            .flatten()
            .map(|c| c.filter(|&s| !terminal(s)).map(|s| probs.row(s).to_vec()))
            .collect(),
        ..MapData::default()
    };
    let show = if critic && values.is_some() {
        Show::Values
    } else {
        Show::Probs
    };
    Some(Figure::Grid(map_figure(env, &data, show)))
}

fn ratios_of(exp: &PgExperiment, learner: usize) -> Option<Figure> {
    let samples: Vec<(f64, f64)> = exp
        .ratio_samples(learner)
        .iter()
        .map(|r| (r.ratio, r.advantage))
        .collect();
    if samples.is_empty() {
        return None;
    }
    let label = &exp.series().learners[learner].label;
    Some(Figure::Bars(ratio_histogram(
        &samples,
        exp.clip_band(learner),
        label,
    )))
}

/// Where a policy is shown when there is no map: the first start state (in twenty
/// questions every start looks the same to the policy: no answers yet).
fn start_state(exp: &PgExperiment) -> Option<usize> {
    exp.task().start_states().first().copied()
}

/// The start state in words: its cell on a map, the first turn in twenty questions.
fn start_words(exp: &PgExperiment, env: &PgEnv, state: usize) -> Option<String> {
    if env.grid().is_none() {
        return Some("the first turn, no answers yet".into());
    }
    let (r, c) = exp
        .task()
        .cells
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&x| x == Some(state)).map(|c| (r, c)))?;
    Some(format!("the start, row {}, column {}", r + 1, c + 1))
}

/// The policy where no map can hold it: π at the start, one bar per action.
fn start_policy_of(exp: &PgExperiment, env: &PgEnv, learner: usize) -> Option<Figure> {
    let state = start_state(exp)?;
    let probs = exp.mean_probs(learner)?;
    let title = format!(
        "{}: π(· | {}), mean over runs",
        exp.series().learners[learner].label,
        start_words(exp, env, state)?
    );
    Some(Figure::Bars(prob_bars(
        probs.row(state),
        &exp.task().action_names,
        &title,
    )))
}

fn history_of(exp: &PgExperiment, env: &PgEnv, learner: usize) -> Option<Figure> {
    let state = start_state(exp)?;
    let history = exp.action_prob_history(learner, state)?;
    let task = exp.task();
    let title = format!(
        "{}: π(· | {}) after each update",
        exp.series().learners[learner].label,
        start_words(exp, env, state)?
    );
    Some(Figure::Lines(prob_history(
        &history,
        &task.action_names,
        &title,
    )))
}

fn credit_of(exp: &PgExperiment, env: &PgEnv, learner: usize) -> Option<Figure> {
    let len = env.episode_cap().min(CREDIT_STEPS);
    let (actor, critic) = exp.credit_decay(learner, len)?;
    let l = exp.plan().learners.get(learner)?.lambdas()?;
    Some(Figure::Lines(credit_figure(
        &actor,
        &critic,
        (l.actor, l.critic),
    )))
}

/// Why a diagnostic has nothing to draw for this learner.
fn missing(diag: &str) -> &'static str {
    match diag {
        "critic" => "This learner has no critic, or the task has no map to draw it on.",
        "ratios" => "This learner takes no importance ratios (only PPO, PPO-KL, SPO and GRPO do).",
        "history" => "No start state's history is kept on a map this large.",
        "credit" => "This learner uses no λ.",
        _ => "Nothing to draw for this learner.",
    }
}

/// The diagnostic the view settings choose (`diag`, `learner`), drawn from the run: the
/// lab's view, computed where the run is. None when it has nothing to draw.
pub fn diagnostic(
    exp: &PgExperiment,
    scenario: &Scenario,
    settings: &[(String, String)],
) -> Option<Figure> {
    let Scenario::PolicyGradient(pg) = scenario else {
        return None;
    };
    let flag = |k: &str| {
        settings
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let diag = flag("diag").unwrap_or("policy");
    let learner = setting_index(settings, "learner", exp.plan().learners.len());
    let env = &pg.env;
    let grid = env.grid();
    match diag {
        "critic" => grid
            .and_then(|g| map_of(exp, g, learner, true))
            .filter(|_| exp.mean_values(learner).is_some()),
        "ratios" => ratios_of(exp, learner),
        "history" => history_of(exp, env, learner),
        "credit" => credit_of(exp, env, learner),
        _ => match grid {
            Some(g) => map_of(exp, g, learner, false),
            None => start_policy_of(exp, env, learner),
        },
    }
}

pub fn diagnostics(shell: Shell<PolicyGradientLab>) -> impl IntoView {
    let note = RwSignal::new(None::<&'static str>);
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let diag = shell.flag("diag").unwrap_or_else(|| "policy".into());
        let fig = shell.runner.with(|run| run.view.clone());
        note.set(fig.is_none().then(|| missing(&diag)));
        match fig {
            Some(f) => draw_figure(area, &f, style).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    });
    view! {
        <section class="card figure" aria-label="Diagnostics">
            <div class="figure-bar">
                {view_control(shell.page, LEARNER)}
                {view_control(shell.page, DIAGNOSTIC)}
            </div>
            <Plot label="Diagnostics of one learner" class="main" draw=draw/>
            <p class="caption muted" data-testid="diag-note">{move || note.get().unwrap_or(
                "Policy: on a map, each cell's four triangles are the probabilities of its moves, \
                 the arrow the likeliest; in twenty questions, π at the first turn. Ratios: π_new/π_old of the last update's samples; PPO zeroes the \
                 gradient of a sample whose ratio left 1 ± ε on the side its advantage pushes. \
                 Credit: how much of the final reward's TD error reaches earlier steps."
            )}</p>
        </section>
    }
}
