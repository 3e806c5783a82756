//! The Gridworld Lab's figure: one learner's state values as a heatmap with its greedy
//! policy as arrows (or its action values as triangles), read from the run's finals
//! (`values`, `policy`, `q`: rows in map order) and drawn over the scenario's map.

use playground_core::scenario::{GridEnv, Move};
use serde_json::Value;

use crate::kinds::FigureInput;
use crate::{CellKind, GridCell, GridFigure};

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
    let arrow = policy.and_then(|p| Move::ALL.iter().position(|m| m.arrow() == p));
    let q = at(finals, "q", rc)
        .and_then(Value::as_array)
        .filter(|_| show_q)
        .map(|values| {
            let mut q = [None; 4];
            for (i, m) in env.moves.iter().enumerate() {
                let slot = Move::ALL.iter().position(|x| x == m).unwrap_or(0);
                q[slot] = values.get(i).and_then(Value::as_f64);
            }
            q
        });
    GridCell {
        kind,
        value: at(finals, "values", rc).and_then(Value::as_f64),
        arrow,
        letter: ch.is_alphabetic().then_some(ch),
        q,
        marked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_rows_drop_the_blank_lines_around_the_map() {
        assert_eq!(
            map_rows("\n.A.\n#.G\n\n"),
            vec![vec!['.', 'A', '.'], vec!['#', '.', 'G']]
        );
        assert!(map_rows("\n \n").is_empty());
    }
}
