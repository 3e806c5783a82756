//! The Gridworld Lab's own panels: learning curves, the caption that says what the map
//! shows, and the clock that replays the last episode.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use playground_core::gridworld::{COVERAGE, RESIDUAL, RETURN, START_VALUE};
use playground_figure::gridworld::metric_figure;
use playground_figure::{Style, draw_lines};

use super::GridworldLab;
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::{Shell, ViewOption, view_control};

/// How long each step of a replayed episode stays on screen.
const REPLAY_TICK: Duration = Duration::from_millis(160);

/// The replay's clock: ticks while the page is open; the map turns ticks into steps.
#[derive(Clone, Copy, Debug)]
struct Replay(RwSignal<usize>);

pub fn start_replay() {
    let tick = RwSignal::new(0usize);
    provide_context(Replay(tick));
    if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), REPLAY_TICK) {
        on_cleanup(move || handle.clear());
    }
}

/// The replay's tick (tracked), when the page has a replay clock.
pub fn replay_step() -> Option<usize> {
    use_context::<Replay>().map(|r| r.0.get())
}

const METRICS: ViewOption = ViewOption::Choice {
    key: "metric",
    label: "Curve",
    options: &[
        (RETURN, "Return per episode"),
        (START_VALUE, "Value of the start"),
        (RESIDUAL, "DP residual"),
        (COVERAGE, "Coverage"),
    ],
};

pub fn curves_panel(shell: Shell<GridworldLab>) -> impl IntoView {
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        shell.runner.version.track();
        let metric = shell.flag("metric").unwrap_or_else(|| RETURN.to_string());
        let log_x = shell.flag("logx").as_deref() == Some("1");
        let fig = shell.runner.with(|run| {
            metric_figure(
                &run.series,
                &metric,
                run.horizon,
                run.view.optimal_start_value,
                log_x,
            )
        })?;
        draw_lines(area, &fig, style).map_err(|e| e.to_string())
    });
    view! {
        <section class="card figure" aria-label="Learning curves">
            <div class="figure-bar">
                {view_control(shell.page, METRICS)}
                {view_control(shell.page, ViewOption::Toggle { key: "logx", label: "log x axis" })}
            </div>
            <Plot label="Learning curves of every learner" class="small" draw=draw/>
            <p class="caption muted">
                "Return: the undiscounted reward of each episode. Value of the start: what the \
                 learner believes an episode is worth (max Q at the start), against the exact \
                 optimum (dashed); above it is over-estimation. DP residual: the largest change \
                 of a planner's sweep (one sweep per step). Coverage: the share of the map an \
                 episode visited (learners with a novelty bonus). Means over runs, 95% bands."
            </p>
        </section>
    }
}

/// Under the map: what it shows and how to read it.
pub fn caption(shell: Shell<GridworldLab>) -> impl IntoView {
    let text = move || match shell.flag("show").as_deref() {
        Some("policy") => "Arrows: the greedy move in each cell (every tied move is drawn).",
        Some("q") => {
            "Each cell is cut into four triangles, one per move, coloured by its \
                      action value Q(s, a)."
        }
        Some("visits") => {
            "Colour and numbers: how often each cell was visited per run — \
                           where exploration went."
        }
        Some("path") => {
            "Run 1's last episode, replayed: the ring is the agent, the numbers \
                         the step at which it was last in each cell."
        }
        _ => {
            "Colour and numbers: V(s); arrows: greedy moves (all tied moves are drawn). \
              Orange cells send the agent back to the start; ringed cells end the episode."
        }
    };
    view! { <p class="caption muted">{text}</p> }
}
