//! The true reward beside one learner's learned reward (run 1), each with the policy it
//! implies drawn as arrows.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::GridEnv;
use playground_figure::gridworld::{MapData, Show, map_figure};
use playground_figure::{Figure, Style, draw_figure};
use playground_pref::reward_learning::RewardExperiment;
use serde_json::Value;

use super::RewardLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, view_control};

const LEARNER: ViewOption = ViewOption::Learner {
    key: "learner",
    label: "Learner",
};

/// Row-major cells of a finals table (rows of numbers or nulls).
fn numbers(rows: &Value) -> Vec<Option<f64>> {
    rows.as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
        .map(|v| v.as_f64())
        .collect()
}

/// Row-major arrows of a finals policy (strings of arrows).
fn arrows(rows: &Value) -> Vec<Option<char>> {
    let rows: Vec<&str> = rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r.as_str().unwrap_or(""))
        .collect();
    arrow_cells(&rows)
}

/// Rows of policy characters (`Grid::arrows`) as one per cell, row-major; walls None.
pub fn arrow_cells<S: AsRef<str>>(rows: &[S]) -> Vec<Option<char>> {
    rows.iter()
        .flat_map(|r| r.as_ref().chars().collect::<Vec<_>>())
        .map(|c| (c != '#').then_some(c))
        .collect()
}

/// The map data of the true (`learned = false`) or learned reward of learner `l`.
pub fn map_data(e: &RewardExperiment, l: usize, learned: bool) -> MapData {
    let label = e.plan().labels().get(l).cloned().unwrap_or_default();
    let f = e.learner_finals(l);
    let (values, policy, title) = if learned {
        (
            &f["learned_reward"],
            &f["policy"],
            format!("{label}, run 1: learned reward"),
        )
    } else {
        (
            &f["true_reward"],
            &f["optimal_policy"],
            "true reward".to_string(),
        )
    };
    MapData {
        label: title,
        values: numbers(values),
        policy: arrows(policy),
        ..MapData::default()
    }
}

fn map_plot(shell: Shell<RewardLab>, learned: bool) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.slow_version.track();
        let Scenario::RewardLearning(r) = shell.scenario.get() else {
            return Ok(());
        };
        let l = shell
            .flag("learner")
            .and_then(|x| x.parse::<usize>().ok())
            .unwrap_or(0)
            .min(r.learners.len() - 1);
        let Some(data) = shell.runner.with(|e| map_data(e, l, learned)) else {
            return Ok(());
        };
        draw_map(&r.env, &data, Show::Values, area, style)
    });
    let label = if learned {
        "The learned reward per cell with the policy it implies"
    } else {
        "The true reward per cell with the optimal policy"
    };
    view! { <Plot label=label class="small" draw=draw/> }
}

/// A map figure titled by its data's label.
pub fn draw_map(
    env: &GridEnv,
    data: &MapData,
    show: Show,
    area: &Area,
    style: &Style,
) -> Result<(), String> {
    let mut fig = map_figure(env, data, show);
    fig.title = data.label.clone();
    draw_figure(area, &Figure::Grid(fig), style).map_err(|e| e.to_string())
}

pub fn panel(shell: Shell<RewardLab>) -> impl IntoView {
    view! {
        <section class="card figure" aria-label="Reward maps">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}</div>
            <div class="pair">{map_plot(shell, false)}{map_plot(shell, true)}</div>
            <p class="caption muted">
                "Left: the reward each cell pays on entry, which the learners never see, and the \
                 optimal moves. Right: the reward one learner has learned so far (a reward per \
                 move is shown as its mean over moves) and the moves value iteration makes on it. \
                 Learned rewards are known only up to a constant and a scale, so compare \
                 patterns, not numbers."
            </p>
        </section>
    }
}
