//! The map editor: pick a tool, then click or drag over the map to paint walls, floor,
//! starts, goals, pits, cliffs and teleports; add or remove rows and columns. Each stroke
//! edits the scenario (so the link holds the edited map) and is validated like any edit:
//! a map that cannot run is refused with the reason, and the run is left as it was.

use std::collections::BTreeMap;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::{CellSpec, GridScenario, MAX_GRID_SIDE};
use playground_figure::gridworld::map_rows;

use super::GridworldLab;
use crate::shell::Shell;

type Rows = Vec<Vec<char>>;
type Cells = BTreeMap<String, CellSpec>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Wall,
    Floor,
    Start,
    Goal,
    Pit,
    Cliff,
    Teleport,
}

impl Tool {
    const ALL: [Tool; 7] = [
        Tool::Wall,
        Tool::Floor,
        Tool::Start,
        Tool::Goal,
        Tool::Pit,
        Tool::Cliff,
        Tool::Teleport,
    ];

    fn label(self) -> &'static str {
        match self {
            Tool::Wall => "# wall",
            Tool::Floor => ". floor",
            Tool::Start => "S start",
            Tool::Goal => "G goal (+1, ends)",
            Tool::Pit => "H pit (−1, ends)",
            Tool::Cliff => "C cliff (−100, back to start)",
            Tool::Teleport => "teleport (two clicks: pad, then landing)",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tool::Wall => "wall",
            Tool::Floor => "floor",
            Tool::Start => "start",
            Tool::Goal => "goal",
            Tool::Pit => "pit",
            Tool::Cliff => "cliff",
            Tool::Teleport => "teleport",
        }
    }

    /// The character painted, and the cell entry it needs (added only if absent, so a
    /// letter the user tuned in TOML keeps its settings).
    fn paint(self) -> (char, Option<CellSpec>) {
        match self {
            Tool::Wall => ('#', None),
            Tool::Floor => ('.', None),
            Tool::Start => ('S', None),
            Tool::Goal => ('G', None),
            Tool::Pit => (
                'H',
                Some(CellSpec {
                    terminal: true,
                    reward: Some(-1.0),
                    ..CellSpec::default()
                }),
            ),
            Tool::Cliff => (
                'C',
                Some(CellSpec {
                    to_start: true,
                    reward: Some(-100.0),
                    ..CellSpec::default()
                }),
            ),
            Tool::Teleport => ('.', None),
        }
    }
}

/// Letters offered for teleport pads (the landing is the same letter in lower case).
const PAD_LETTERS: &str = "JKMNPQRUVWXYZ";

fn join(rows: &Rows) -> String {
    let lines: Vec<String> = rows.iter().map(|r| r.iter().collect()).collect();
    format!("\n{}\n", lines.join("\n"))
}

/// Entries for letters no longer on the map go: validation would refuse them.
fn prune(rows: &Rows, cells: &mut Cells) {
    cells.retain(|k, _| rows.iter().flatten().any(|c| c.to_string() == *k));
}

fn set(rows: &mut Rows, (r, c): (usize, usize), ch: char) {
    if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
        *cell = ch;
    }
}

fn paint(rows: &mut Rows, cells: &mut Cells, at: (usize, usize), tool: Tool) {
    let (ch, spec) = tool.paint();
    set(rows, at, ch);
    if let Some(spec) = spec {
        cells.entry(ch.to_string()).or_insert(spec);
    }
}

/// A pad at `pad` jumping to `landing`, with the first free pad letter.
fn teleport(
    rows: &mut Rows,
    cells: &mut Cells,
    pad: (usize, usize),
    landing: (usize, usize),
) -> Result<(), String> {
    let used = |l: char| {
        rows.iter()
            .flatten()
            .any(|&c| c == l || c == l.to_ascii_lowercase())
    };
    let letter = PAD_LETTERS
        .chars()
        .find(|&l| !used(l))
        .ok_or("every teleport letter is in use")?;
    set(rows, pad, letter);
    set(rows, landing, letter.to_ascii_lowercase());
    cells.insert(
        letter.to_string(),
        CellSpec {
            teleport: Some(letter.to_ascii_lowercase().to_string()),
            reward: Some(0.0),
            ..CellSpec::default()
        },
    );
    Ok(())
}

fn resize(rows: &mut Rows, d_rows: i64, d_cols: i64) {
    let cols = rows.first().map_or(1, Vec::len) as i64;
    let (new_rows, new_cols) = (rows.len() as i64 + d_rows, cols + d_cols);
    let max = MAX_GRID_SIDE as i64;
    if !(1..=max).contains(&new_rows) || !(1..=max).contains(&new_cols) {
        return;
    }
    rows.resize(new_rows as usize, vec!['.'; cols as usize]);
    for row in rows.iter_mut() {
        row.resize(new_cols as usize, '.');
    }
}

/// Apply a change to the map and its cells; keep it if the scenario still validates.
fn edit(
    shell: Shell<GridworldLab>,
    error: RwSignal<Option<String>>,
    change: impl FnOnce(&mut Rows, &mut Cells) -> Result<(), String>,
) {
    let Scenario::Gridworld(mut g) = shell.scenario.get_untracked() else {
        return;
    };
    let mut rows = map_rows(&g.env.map);
    if let Err(e) = change(&mut rows, &mut g.env.cells) {
        error.set(Some(e));
        return;
    }
    prune(&rows, &mut g.env.cells);
    g.env.map = join(&rows);
    let s = Scenario::Gridworld(g);
    // Painting a cell with what it holds changes nothing: the run goes on.
    if shell.scenario.with_untracked(|now| *now == s) {
        return;
    }
    match s.validate() {
        Ok(()) => {
            error.set(None);
            shell.apply(s, None);
        }
        Err(e) => error.set(Some(format!("That map cannot run: {e}"))),
    }
}

fn grid_of(s: &Scenario) -> Option<&GridScenario> {
    match s {
        Scenario::Gridworld(g) => Some(g),
        _ => None,
    }
}

fn cell_class(ch: char, cells: &Cells) -> &'static str {
    let spec = cells.get(&ch.to_string());
    match ch {
        '#' => "wall",
        '.' => "floor",
        'S' => "start",
        _ if spec.is_some_and(|c| c.to_start) => "cliff",
        _ if spec.is_some_and(|c| c.terminal && c.reward.unwrap_or(0.0) < 0.0) => "pit",
        'G' => "goal",
        _ if spec.is_some_and(|c| c.terminal) => "goal",
        _ => "named",
    }
}

pub fn map_editor(shell: Shell<GridworldLab>) -> impl IntoView {
    let tool = RwSignal::new(Tool::Wall);
    let error = RwSignal::new(None::<String>);
    let painting = RwSignal::new(false);
    let pad = RwSignal::new(None::<(usize, usize)>);
    let up = window_event_listener(leptos::ev::pointerup, move |_| painting.set(false));
    on_cleanup(move || up.remove());
    let stroke = move |at: (usize, usize)| match (tool.get_untracked(), pad.get_untracked()) {
        (Tool::Teleport, None) => pad.set(Some(at)),
        (Tool::Teleport, Some(from)) => {
            pad.set(None);
            edit(shell, error, |rows, cells| teleport(rows, cells, from, at));
        }
        (t, _) => edit(shell, error, |rows, cells| {
            paint(rows, cells, at, t);
            Ok(())
        }),
    };
    let map = Memo::new(move |_| {
        shell.scenario.with(|s| {
            grid_of(s)
                .map(|g| (map_rows(&g.env.map), g.env.cells.clone()))
                .unwrap_or_default()
        })
    });
    let cols = move || map.with(|(rows, _)| rows.first().map_or(1, Vec::len));
    let cell_button = move |r: usize, c: usize, ch: char, class: &'static str| {
        let pending = move || pad.get() == Some((r, c));
        view! {
            <button
                class=move || format!("map-cell {class}{}", if pending() { " pending" } else { "" })
                aria-label=format!("row {}, column {}: {ch}", r + 1, c + 1)
                data-testid=format!("map-cell-{r}-{c}")
                on:pointerdown=move |ev| {
                    ev.prevent_default();
                    painting.set(tool.get_untracked() != Tool::Teleport);
                    stroke((r, c));
                }
                on:pointerenter=move |_| {
                    if painting.get_untracked() {
                        stroke((r, c));
                    }
                }
            >
                {(ch != '.').then_some(ch)}
            </button>
        }
    };
    let resize_button = move |label: &'static str, testid: &'static str, dr: i64, dc: i64| {
        view! {
            <button class="ghost" data-testid=testid
                on:click=move |_| edit(shell, error, |rows, _| { resize(rows, dr, dc); Ok(()) })>{label}</button>
        }
    };
    view! {
        <section class="card map-editor" aria-labelledby="map-title">
            <h2 id="map-title">"Map"</h2>
            <div class="tools" role="radiogroup" aria-label="Paint with">
                {Tool::ALL.iter().map(|&t| view! {
                    <label class="check tool">
                        <input type="radio" name="map-tool" prop:checked=move || tool.get() == t
                            on:change=move |_| { tool.set(t); pad.set(None); } data-testid=format!("tool-{}", t.id())/>
                        {t.label()}
                    </label>
                }).collect_view()}
            </div>
            <div class="map-grid" style=move || format!("grid-template-columns: repeat({}, minmax(0, 1fr))", cols())>
                {move || map.with(|(rows, cells)| {
                    rows.iter().enumerate().flat_map(|(r, row)| {
                        row.iter().enumerate().map(move |(c, &ch)| cell_button(r, c, ch, cell_class(ch, cells)))
                    }).collect_view()
                })}
            </div>
            // Below the map, so a message never moves the cells under the pointer.
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="map-error">{e}</p> })}
            {move || pad.get().map(|_| view! { <p class="muted">"Now click where the pad should land."</p> })}
            <div class="button-row resize">
                {resize_button("+ row", "add-row", 1, 0)}
                {resize_button("− row", "remove-row", -1, 0)}
                {resize_button("+ column", "add-column", 0, 1)}
                {resize_button("− column", "remove-column", 0, -1)}
            </div>
            <p class="muted">"Rewards, slip, wind and other letters: edit the scenario as TOML below."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn rows(text: &str) -> Rows {
        map_rows(text)
    }

    #[wasm_bindgen_test]
    fn painting_a_cliff_adds_its_entry_once_and_pruning_drops_unused_ones() {
        let mut r = rows("S..\n..G");
        let mut cells = Cells::new();
        paint(&mut r, &mut cells, (0, 1), Tool::Cliff);
        cells.get_mut("C").unwrap().reward = Some(-5.0);
        paint(&mut r, &mut cells, (0, 2), Tool::Cliff);
        assert_eq!(join(&r), "\nSCC\n..G\n");
        assert_eq!(
            cells["C"].reward,
            Some(-5.0),
            "a tuned letter keeps its settings"
        );
        paint(&mut r, &mut cells, (0, 1), Tool::Floor);
        paint(&mut r, &mut cells, (0, 2), Tool::Wall);
        prune(&r, &mut cells);
        assert!(cells.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_teleport_takes_a_free_letter_and_its_landing() {
        let mut r = rows("J..\n...");
        let mut cells = Cells::new();
        teleport(&mut r, &mut cells, (0, 1), (1, 2)).unwrap();
        assert_eq!(join(&r), "\nJK.\n..k\n");
        assert_eq!(cells["K"].teleport.as_deref(), Some("k"));
    }

    #[wasm_bindgen_test]
    fn resizing_stays_within_one_and_the_largest_side() {
        let mut r = rows("..\n..");
        resize(&mut r, 1, -1);
        assert_eq!(join(&r), "\n.\n.\n.\n");
        resize(&mut r, 0, -1);
        assert_eq!(r[0].len(), 1, "never below one column");
    }
}
