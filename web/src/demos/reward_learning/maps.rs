//! The true reward beside one learner's learned reward (run 1), each with the policy it
//! implies drawn as arrows.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::{GridEnv, RewardFeatures};
use playground_figure::gridworld::{MapData, Show, map_figure};
use playground_figure::{Figure, Style, draw_figure};
use playground_pref::reward_learning::RewardExperiment;
use playground_pref::reward_learning::world::World;
use serde_json::Value;

use super::RewardLab;
use super::labeller::Setting;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, setting_index, view_control};

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

/// Learner `l`'s learned reward (run 1) and the policy it implies.
/// The chosen learner's learned map (the lab's view, computed where the run is).
pub fn chosen_learned_map(
    e: &RewardExperiment,
    scenario: &Scenario,
    settings: &[(String, String)],
) -> Option<MapData> {
    let Scenario::RewardLearning(r) = scenario else {
        return None;
    };
    let l = setting_index(settings, "learner", r.learners.len());
    Some(learned_map(e, l))
}

pub fn learned_map(e: &RewardExperiment, l: usize) -> MapData {
    let label = e.plan().labels().get(l).cloned().unwrap_or_default();
    let f = e.learner_finals(l);
    MapData {
        label: format!("{label}, run 1: learned reward"),
        values: numbers(&f["learned_reward"]),
        policy: arrows(&f["policy"]),
        ..MapData::default()
    }
}

/// The true reward per cell (a per-move reward as its mean over moves) and the optimal
/// moves.
pub fn true_map(world: &World, features: RewardFeatures) -> MapData {
    let g = &world.grid;
    let truth = world.true_reward(features);
    MapData {
        label: "the true reward and the optimal policy".into(),
        values: g
            .per_cell(|s| world.per_state(features, truth, s))
            .into_iter()
            .flatten()
            .map(Option::flatten)
            .collect(),
        policy: arrow_cells(&g.arrows(&world.optimum.policy)),
        ..MapData::default()
    }
}

/// The chosen learner's index (the `learner` view flag).
fn learner_index(shell: Shell<RewardLab>, learners: usize) -> usize {
    shell
        .flag("learner")
        .and_then(|x| x.parse::<usize>().ok())
        .unwrap_or(0)
        .min(learners.saturating_sub(1))
}

/// The learned map redraws as the run goes on; the true map only when the map or the
/// learner's kind of reward changes (it never reads the run).
fn map_plot(
    shell: Shell<RewardLab>,
    setting: Memo<Option<Setting>>,
    learned: bool,
) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        let Scenario::RewardLearning(r) = shell.scenario.get() else {
            return Ok(());
        };
        let l = learner_index(shell, r.learners.len());
        let data = if learned {
            shell.runner.slow_version.track();
            shell.runner.with(|run| run.view.clone())
        } else {
            setting.with(|s| {
                s.as_ref()
                    .map(|s| true_map(&s.world, r.learners[l].features()))
            })
        };
        match data {
            Some(data) => draw_map(&r.env, &data, Show::Values, area, style),
            None => Ok(()),
        }
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

pub fn panel(shell: Shell<RewardLab>, setting: Memo<Option<Setting>>) -> impl IntoView {
    view! {
        <section class="card figure" aria-label="Reward maps">
            <div class="figure-bar">{view_control(shell.page, LEARNER)}</div>
            <div class="pair">{map_plot(shell, setting, false)}{map_plot(shell, setting, true)}</div>
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
