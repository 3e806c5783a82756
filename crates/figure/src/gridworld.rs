//! The Gridworld Lab's figures: one learner's state values as a heatmap with its greedy
//! policy as arrows (or its action values as triangles), read from the run's finals
//! (`values`, `policy`, `q`: rows in map order) and drawn over the scenario's map; and the
//! learners' curves (return per episode, the start state's estimated value, DP residuals).

use playground_core::Series;
use playground_core::gridworld::{RESIDUAL, RETURN, START_VALUE};
use playground_core::scenario::{GridEnv, Move};
use serde_json::Value;

use crate::kinds::FigureInput;
use crate::{CellKind, GridCell, GridFigure, Line, LineFigure, PALETTE, metric_lines};

/// A metric's title, in words.
pub fn metric_title(metric: &str) -> &'static str {
    match metric {
        RETURN => "Return per episode",
        START_VALUE => "Estimated value of the start, max Q",
        RESIDUAL => "Largest value change per sweep",
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
    if ![RETURN, START_VALUE, RESIDUAL].contains(&metric) {
        return Err(format!(
            "no metric {metric:?} in a gridworld run; choose {RETURN}, {START_VALUE} or {RESIDUAL}"
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

/// The figure of learner `view.learner` (an index; the first learner with values when
/// absent), showing `view.show` = `values` (default) or `q`.
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
    let show_q = input.flag("show") == Some("q");
    let rows = map_rows(&env.map);
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells = Vec::with_capacity(rows.len() * cols);
    for (r, row) in rows.iter().enumerate() {
        for c in 0..cols {
            let ch = row.get(c).copied().unwrap_or('#');
            cells.push(cell(env, &finals, (r, c), ch, show_q));
        }
    }
    let what = if show_q {
        "action values Q(s, a)"
    } else {
        "values V(s) and greedy policy"
    };
    Ok(GridFigure {
        title: format!("{label}: {what}"),
        rows: rows.len(),
        cols,
        range: GridFigure::fit_range(&cells),
        cells,
        numbers: true,
    })
}

fn at<'a>(finals: &'a Value, name: &str, (r, c): (usize, usize)) -> Option<&'a Value> {
    finals.get(name)?.get(r)?.get(c).filter(|v| !v.is_null())
}

fn cell(env: &GridEnv, finals: &Value, rc: (usize, usize), ch: char, show_q: bool) -> GridCell {
    let policy = finals
        .get("policy")
        .and_then(|p| p.get(rc.0))
        .and_then(Value::as_str)
        .and_then(|row| row.chars().nth(rc.1));
    let kind = match (ch, policy) {
        ('#', _) => CellKind::Wall,
        (_, Some('·')) => CellKind::Terminal,
        _ => CellKind::Floor,
    };
    let q = at(finals, "q", rc).and_then(Value::as_array).map(|values| {
        let mut q = [None; 4];
        for (i, m) in env.moves.iter().enumerate() {
            let slot = Move::ALL.iter().position(|x| x == m).unwrap_or(0);
            q[slot] = values.get(i).and_then(Value::as_f64);
        }
        q
    });
    // Every greedy move when the action values tie (as Sutton & Barto draw them), else
    // the policy's one.
    let arrows = match q {
        Some(q) => greedy_moves(&q),
        None => policy
            .and_then(|p| Move::ALL.iter().position(|m| m.arrow() == p))
            .into_iter()
            .collect(),
    };
    GridCell {
        kind,
        value: at(finals, "values", rc).and_then(Value::as_f64),
        arrows,
        letter: ch.is_alphabetic().then_some(ch),
        q: q.filter(|_| show_q),
        marked: false,
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
