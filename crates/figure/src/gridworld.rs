//! The Gridworld Lab's figures: one learner's state values as a heatmap with its greedy
//! policy as arrows (or its action values as triangles), read from the run's finals
//! (`values`, `policy`, `q`: rows in map order) and drawn over the scenario's map; and the
//! learners' curves (return per episode, the start state's estimated value, DP residuals,
//! the share of the map visited per episode).

use playground_core::Series;
use playground_core::gridworld::{COVERAGE, RESIDUAL, RETURN, START_VALUE};
use playground_core::scenario::{GridEnv, Move};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::kinds::FigureInput;
use crate::{CellKind, GridCell, GridFigure, Line, LineFigure, PALETTE, metric_lines};

/// A metric's title, in words.
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        RETURN => "Return per episode",
        START_VALUE => "Estimated value of the start, max Q",
        RESIDUAL => "Largest value change per sweep",
        COVERAGE => "Share of the map visited per episode",
        _ => "Value",
    }
}

/// One metric for every learner that has it, with 95% bands; given the optimum V*(start),
/// the start-value plot shows it as a dashed line (above it is over-estimation).
pub fn metric_figure(
    series: &Series,
    metric: &str,
    horizon: usize,
    optimum: Option<f64>,
    log_x: bool,
) -> Result<LineFigure, String> {
    if ![RETURN, START_VALUE, RESIDUAL, COVERAGE].contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a gridworld run; choose {RETURN}, {START_VALUE}, \
             {RESIDUAL} or {COVERAGE} (learners with the novelty option)"
        ));
    }
    let x_label = if metric == RESIDUAL {
        "sweep"
    } else {
        "episode"
    };
    let mut fig = metric_lines(series, metric, metric_title(metric), x_label);
    let end = horizon.max(2) as f64;
    if metric == START_VALUE
        && let Some(v) = optimum
    {
        fig.lines.push(Line {
            label: format!("optimum V*(start) = {v:.3}"),
            color: PALETTE[6],
            xs: vec![1.0, end],
            ys: vec![v, v],
            band: None,
            dashed: true,
        });
    }
    Ok(LineFigure {
        log_x,
        x_range: Some((1.0, end)),
        ..fig
    })
}

/// The map's rows of characters, without the blank lines around them.
pub fn map_rows(map: &str) -> Vec<Vec<char>> {
    let lines: Vec<&str> = map.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b]
            .iter()
            .map(|l| l.trim().chars().collect())
            .collect(),
        _ => Vec::new(),
    }
}

/// What the map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// State values as colour and numbers, greedy moves as arrows.
    Values,
    /// Greedy moves only, on a plain map.
    Policy,
    /// The four action values of each cell as triangles.
    Q,
    /// How often each cell was visited, as colour.
    Visits,
    /// A path (run 1's last episode) marked on a plain map.
    Path,
    /// The policy's probability of each move, as four triangles (the `q` data holds
    /// probabilities), with the likeliest move's arrow.
    Probs,
}

impl Show {
    /// From the `show` view flag (values when absent or unknown).
    pub fn from_flag(flag: Option<&str>) -> Show {
        match flag {
            Some("policy") => Show::Policy,
            Some("q") => Show::Q,
            Some("visits") => Show::Visits,
            Some("path") => Show::Path,
            Some("probs") => Show::Probs,
            _ => Show::Values,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Show::Values => "values V(s) and greedy moves",
            Show::Policy => "greedy moves",
            Show::Q => "action values Q(s, a)",
            Show::Visits => "visits per cell",
            Show::Path => "run 1's last episode, step by step",
            Show::Probs => "action probabilities π(a | s)",
        }
    }
}

/// One learner's per-cell data, row-major over the map (rows × cols). Terminal cells are
/// those marked `·` in `policy` or with no action values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub label: String,
    pub values: Vec<Option<f64>>,
    /// Action values in the environment's move order.
    pub q: Vec<Option<Vec<f64>>>,
    /// Visit counts (empty when the learner has none).
    pub visits: Vec<Option<f64>>,
    /// A path drawn as a trail: each cell's last step on it (empty when none).
    pub trail: Vec<Option<f64>>,
    /// The cell the agent is on, marked with a ring.
    pub agent: Option<usize>,
    /// One arrow or `·` per cell, when no action values say more (the report's `policy`).
    pub policy: Vec<Option<char>>,
}

/// The map of one learner's data, showing `show`.
pub fn map_figure(env: &GridEnv, data: &MapData, show: Show) -> GridFigure {
    let rows = map_rows(&env.map);
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells = Vec::with_capacity(rows.len() * cols);
    for (r, row) in rows.iter().enumerate() {
        for c in 0..cols {
            let ch = row.get(c).copied().unwrap_or('#');
            cells.push(cell(env, data, r * cols + c, ch, show));
        }
    }
    GridFigure {
        title: format!("{}: {}", data.label, show.words()),
        rows: rows.len(),
        cols,
        range: GridFigure::fit_range(&cells),
        cells,
        numbers: matches!(show, Show::Values | Show::Visits | Show::Path),
        arrows_over_q: show == Show::Probs,
    }
}

/// The map of learner `view.learner` (an index, default 0) from a report's finals
/// (`values`, `q`, `policy` rows), showing `view.show`.
pub fn value_figure(env: &GridEnv, input: &FigureInput<'_>) -> Result<GridFigure, String> {
    let labels: Vec<&str> = input
        .series
        .learners
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    let index = match input.flag("learner") {
        Some(i) => i
            .parse::<usize>()
            .ok()
            .filter(|&i| i < labels.len())
            .ok_or_else(|| format!("no learner {i}: there are {}", labels.len()))?,
        None => 0,
    };
    let label = labels.get(index).copied().unwrap_or("");
    let finals = input.finals.get(label).cloned().unwrap_or(Value::Null);
    let data = from_finals(label, &finals);
    Ok(map_figure(env, &data, Show::from_flag(input.flag("show"))))
}

/// Row-major cells of one table of the finals (rows of cells).
fn table<T>(finals: &Value, name: &str, read: impl Fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    let rows = finals
        .get(name)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let width = rows
        .iter()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let read = &read;
    rows.iter()
        .flat_map(|row| (0..width).map(move |c| row.get(c).and_then(read)))
        .collect()
}

fn from_finals(label: &str, finals: &Value) -> MapData {
    let policy = finals
        .get("policy")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(Value::as_str)
                .flat_map(|r| r.chars().map(Some).collect::<Vec<_>>())
                .collect()
        })
        .unwrap_or_default();
    MapData {
        label: label.to_string(),
        values: table(finals, "values", Value::as_f64),
        q: table(finals, "q", |v| {
            v.as_array()
                .map(|xs| xs.iter().filter_map(Value::as_f64).collect())
        }),
        visits: Vec::new(),
        trail: Vec::new(),
        agent: None,
        policy,
    }
}

fn cell(env: &GridEnv, data: &MapData, k: usize, ch: char, show: Show) -> GridCell {
    let get = |v: &Vec<Option<f64>>| v.get(k).copied().flatten();
    let policy = data.policy.get(k).copied().flatten();
    let q = data.q.get(k).cloned().flatten().map(|values| {
        let mut q = [None; 4];
        for (i, m) in env.moves.iter().enumerate() {
            let slot = Move::ALL.iter().position(|x| x == m).unwrap_or(0);
            q[slot] = values.get(i).copied();
        }
        q
    });
    let kind = kind_of(env, ch);
    // Every greedy move when the action values tie (as Sutton & Barto draw them), else
    // the policy's one.
    let arrows = match (show, q) {
        (Show::Values | Show::Policy | Show::Probs, Some(q)) => greedy_moves(&q),
        (Show::Values | Show::Policy, None) => policy
            .and_then(|p| Move::ALL.iter().position(|m| m.arrow() == p))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let value = match show {
        Show::Values | Show::Q => get(&data.values),
        Show::Visits => get(&data.visits),
        Show::Path => get(&data.trail),
        Show::Policy | Show::Probs => None,
    };
    GridCell {
        kind,
        value,
        arrows,
        letter: ch.is_alphabetic().then_some(ch),
        q: q.filter(|_| matches!(show, Show::Q | Show::Probs)),
        marked: show == Show::Path && data.agent == Some(k),
    }
}

/// What a map character is, from the map format's rules and the cell's entry.
fn kind_of(env: &GridEnv, ch: char) -> CellKind {
    let spec = env.cells.get(&ch.to_string());
    match (ch, spec) {
        ('#', _) => CellKind::Wall,
        (_, Some(c)) if c.to_start => CellKind::Hazard,
        (_, Some(c)) if c.terminal => CellKind::Terminal,
        ('G', _) => CellKind::Terminal,
        _ => CellKind::Floor,
    }
}

/// The moves whose value is within a hair of the best (ties show several arrows).
fn greedy_moves(q: &[Option<f64>; 4]) -> Vec<usize> {
    let best = q
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let tol = 1e-9 * (1.0 + best.abs());
    (0..4)
        .filter(|&a| q[a].is_some_and(|v| v >= best - tol))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_moves_all_get_arrows() {
        assert_eq!(
            greedy_moves(&[Some(1.0), Some(1.0), None, Some(0.5)]),
            vec![0, 1]
        );
        assert_eq!(greedy_moves(&[None, None, Some(-3.0), Some(-2.0)]), vec![3]);
    }

    #[test]
    fn map_rows_drop_the_blank_lines_around_the_map() {
        assert_eq!(
            map_rows("\n.A.\n#.G\n\n"),
            vec![vec!['.', 'A', '.'], vec!['#', '.', 'G']]
        );
        assert!(map_rows("\n \n").is_empty());
    }
}
