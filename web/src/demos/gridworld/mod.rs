//! The Gridworld Lab: dynamic programming and tabular learners on maps you can paint.
//! The maths is `playground_core::gridworld`; this module adds the lab's own panels: the
//! learning curves, the map editor and an animated replay of the last episode.

mod explain;
mod map_editor;
mod panels;

use leptos::prelude::*;
use playground_core::gridworld::GridExperiment;
use playground_core::scenario::GridScenario;
use playground_core::split::{Role, Shard};
use playground_core::{Experiment, Scenario};
use playground_figure::Figure;
use playground_figure::gridworld::{MapData, Show, map_figure};

use crate::components::verify::Reference;
use crate::runner::Snapshot;
use crate::runner::crewed::Crewed;
use crate::shell::{Demo, Lab, Shell, ViewOption};
use serde::{Deserialize, Serialize};

pub const DEMO: Demo = Demo {
    kind: "gridworld",
    path: "/gridworld",
    title: "Gridworld Lab",
    nav: "Gridworld",
    lede: "An agent moves on a map, one cell at a time, and collects rewards. Dynamic \
           programming computes every cell's exact value from the map itself; Q-learning, \
           SARSA and their cousins learn the same values from experience alone, and the ways \
           they explore decide whether they ever find the treasure. Paint your own map.",
    blurb: "Value and policy iteration, Q-learning, SARSA, Monte Carlo, PSRL and exploration \
            bonuses on maps you paint: values and policies drawn live, checked against the \
            exact dynamic-programming answer.",
    highlights: &[
        "Sutton & Barto's gridworlds, to the printed decimal",
        "Q-learning's risky path beside SARSA's safe one",
        "ε-greedy lost on RiverSwim, posterior sampling not",
        "a map editor: walls, cliffs, goals, teleports",
    ],
    default_preset: "grid-sutton-barto-5x5",
    panels: &[("curves", "learning curves"), ("map", "map editor")],
    file_stem: "gridworld",
    view_options: &[
        ViewOption::Learner {
            key: "learner",
            label: "Map of",
        },
        ViewOption::Choice {
            key: "show",
            label: "Show",
            options: &[
                ("values", "Values"),
                ("policy", "Policy"),
                ("q", "Q(s, a)"),
                ("visits", "Visits"),
                ("path", "Last episode"),
            ],
        },
    ],
};

/// What the lab's map and curves show of a run beyond its series: each learner's map data
/// and last episode, and the exact optimum.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GridView {
    /// Each learner's per-cell data, without a replay (see [`replayed`]).
    pub maps: Vec<MapData>,
    /// Each learner's last episode in run 1, as cells (row-major indices).
    pub paths: Vec<Vec<usize>>,
    /// V*(start), by policy iteration on the exact model.
    pub optimal_start_value: Option<f64>,
}

impl GridView {
    fn of(exp: &GridExperiment) -> Self {
        let learners = exp.scenario().learners.len();
        let g = exp.grid();
        GridView {
            maps: (0..learners).map(|l| map_data(exp, l)).collect(),
            paths: (0..learners)
                .map(|l| {
                    exp.last_path(l)
                        .unwrap_or_default()
                        .iter()
                        .map(|&s| {
                            let (r, c) = g.cell_of(s);
                            r * g.cols() + c
                        })
                        .collect()
                })
                .collect(),
            optimal_start_value: exp.optimal_start_value(),
        }
    }

    /// The learner a view flag names, kept within the scenario's learners.
    pub fn chosen(&self, flag: Option<&str>) -> usize {
        let n = self.maps.len().max(1);
        flag.and_then(|f| f.parse::<usize>().ok())
            .unwrap_or(0)
            .min(n - 1)
    }

    /// A learner's map with its last episode drawn up to the replay's tick (the whole
    /// episode without a replay).
    pub fn replayed(&self, learner: usize, replay: Option<usize>) -> MapData {
        let mut data = self.maps.get(learner).cloned().unwrap_or_default();
        let path = self.paths.get(learner).map_or(&[][..], Vec::as_slice);
        if path.is_empty() {
            return data;
        }
        // A replay walks the path one tick per step and rests on the last cell a while.
        let upto = replay.map_or(path.len(), |tick| {
            (tick % (path.len() + REPLAY_REST)).min(path.len() - 1) + 1
        });
        data.trail = vec![None; data.values.len()];
        for (step, &cell) in path[..upto].iter().enumerate() {
            data.trail[cell] = Some(step as f64);
            data.agent = Some(cell);
        }
        data
    }
}

/// One learner's per-cell data, read straight from the experiment (the report's finals
/// hold the same values, q and policy; the page adds visits and the last episode).
fn map_data(exp: &GridExperiment, learner: usize) -> MapData {
    let g = exp.grid();
    let flat = |rows: Vec<Vec<Option<f64>>>| rows.into_iter().flatten().collect::<Vec<_>>();
    let (values, q) = (exp.values(learner), exp.q_values(learner));
    let k = g.actions();
    let terminal = &g.mdp().terminal;
    MapData {
        label: exp.series().learners[learner].label.clone(),
        values: flat(g.per_cell(|s| values[s])),
        q: g.per_cell(|s| (!terminal[s]).then(|| q[s * k..(s + 1) * k].to_vec()))
            .into_iter()
            .flatten()
            .map(Option::flatten)
            .collect(),
        visits: exp
            .visits(learner)
            .map(|v| flat(g.per_cell(|s| v[s])))
            .unwrap_or_default(),
        trail: Vec::new(),
        agent: None,
        policy: Vec::new(),
    }
}

/// Ticks a replay rests on the episode's last cell before starting again.
const REPLAY_REST: usize = 8;

#[derive(Debug)]
pub struct GridworldLab;

fn gridworld(scenario: &Scenario) -> Result<&GridScenario, String> {
    match scenario {
        Scenario::Gridworld(g) => Ok(g),
        other => Err(format!(
            "a {} scenario is not a gridworld scenario",
            other.kind()
        )),
    }
}

impl Lab for GridworldLab {
    const DEMO: &'static Demo = &DEMO;
    /// Runs split over the cores the browser reports (see `runner::crew`).
    type Exp = Crewed<GridExperiment>;
    type Command = ();
    type Reply = ();
    type View = GridView;

    fn view(exp: &Self::Exp, _: &Scenario, _: &[(String, String)]) -> GridView {
        GridView::of(exp)
    }

    fn build(scenario: &Scenario) -> Result<Self::Exp, String> {
        let g = gridworld(scenario)?.clone();
        GridExperiment::check(&g).map_err(|e| e.to_string())?;
        Crewed::build(scenario, move |role| {
            GridExperiment::share(g.clone(), role).map_err(|e| e.to_string())
        })
    }

    fn share(scenario: &Scenario, role: Role) -> Result<Box<dyn Shard>, String> {
        let g = gridworld(scenario)?.clone();
        match GridExperiment::share(g, role) {
            Ok(e) => Ok(Box::new(e)),
            Err(e) => Err(e.to_string()),
        }
    }

    fn started(_shell: Shell<Self>) {
        panels::start_replay();
    }

    /// The map of the chosen learner (the CLI draws the same map from the report).
    fn figure(
        scenario: &Scenario,
        run: &Snapshot<GridView>,
        view: &[(String, String)],
    ) -> Result<Figure, String> {
        let Scenario::Gridworld(g) = scenario else {
            return Err("not a gridworld scenario".into());
        };
        let flag = |k: &str| {
            view.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let show = Show::from_flag(flag("show"));
        let learner = run.view.chosen(flag("learner"));
        let replay = (show == Show::Path).then(panels::replay_step).flatten();
        let data = run.view.replayed(learner, replay);
        Ok(Figure::Grid(map_figure(&g.env, &data, show)))
    }

    fn caption(shell: Shell<Self>) -> AnyView {
        panels::caption(shell).into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <Show when=move || !ui.hides("curves")>{panels::curves_panel(shell)}</Show>
        }
        .into_any()
    }

    fn side(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! {
            <Show when=move || !ui.hides("map")>{map_editor::map_editor(shell)}</Show>
        }
        .into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }

    fn references(exp: &Self::Exp) -> Vec<Reference> {
        exp.optimal_start_value()
            .map(|v| Reference {
                name: "Optimal value of the start".into(),
                detail: format!(
                    "V*(start) = {v:.4}, by policy iteration on the exact model: the most any \
                     learner can expect per episode (discounted). The dashed line on the \
                     start-value curves."
                ),
            })
            .into_iter()
            .collect()
    }
}
