//! The visitor's labels as a file: what the page keeps in browser storage and exports,
//! and what it imports. Versioned, tied to the map it was made on, and read strictly: an
//! unknown field, a cell off the map or a move the map cannot make refuses the whole file
//! with a message, so nothing half-read replaces what is stored.
//!
//! ```json
//! {"format": "policy-playground/reward-labels", "version": 1,
//!  "map": "S..\n..G",
//!  "labels": [{"first":  {"cells": [[0,0],[0,1]], "moves": ["right"]},
//!              "second": {"cells": [[0,0],[1,0]], "moves": ["down"]},
//!              "answer": "first"}]}
//! ```
//!
//! `cells` lists the cells the segment visits (one more than its moves); `answer` is
//! `first`, `second`, `equal` or `cant-tell` (kept, but not fitted: it says nothing about
//! which is better).

use playground_core::scenario::{Move, REWARD_MAX_SEGMENT};
use serde::{Deserialize, Serialize};

use super::segment::{Answer, Segment, Step};
use super::world::World;

pub const FORMAT: &str = "policy-playground/reward-labels";
pub const VERSION: u32 = 1;
/// The most labels a file may hold (a visitor labels a few hundred at most).
pub const MAX_LABELS: usize = 10_000;
/// The largest file read, in bytes.
pub const MAX_BYTES: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFile {
    pub format: String,
    pub version: u32,
    /// The map the labels were made on, rows joined by newlines, blank lines dropped.
    pub map: String,
    pub labels: Vec<StoredLabel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredLabel {
    pub first: StoredSegment,
    pub second: StoredSegment,
    pub answer: HumanAnswer,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredSegment {
    /// (row, column) of every cell visited, from the first.
    pub cells: Vec<[usize; 2]>,
    pub moves: Vec<Move>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HumanAnswer {
    First,
    Second,
    Equal,
    CantTell,
}

impl HumanAnswer {
    /// The Bradley–Terry answer, None for "can't tell".
    pub fn answer(self) -> Option<Answer> {
        match self {
            HumanAnswer::First => Some(Answer::First),
            HumanAnswer::Second => Some(Answer::Second),
            HumanAnswer::Equal => Some(Answer::Equal),
            HumanAnswer::CantTell => None,
        }
    }
}

/// A map's rows as stored: trimmed, blank lines dropped.
pub fn normalise_map(map: &str) -> String {
    map.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

impl LabelFile {
    pub fn new(map: &str) -> LabelFile {
        LabelFile {
            format: FORMAT.to_string(),
            version: VERSION,
            map: normalise_map(map),
            labels: Vec::new(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a label file always serialises")
    }

    /// Read a file, checking its format, version and size (not yet its map).
    pub fn from_json(text: &str) -> Result<LabelFile, String> {
        if text.len() > MAX_BYTES {
            return Err(format!(
                "the file is {} KB; a label file is at most {} KB",
                text.len() / 1024,
                MAX_BYTES / 1024
            ));
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a JSON file: {e}"))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(format!(
                "not a label file: its \"format\" is not \"{FORMAT}\""
            ));
        }
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) if v > u64::from(VERSION) => {
                return Err(format!(
                    "label file version {v} was written by a newer Policy Playground (this one \
                     reads version {VERSION})"
                ));
            }
            _ => return Err(format!("the label file's \"version\" must be {VERSION}")),
        }
        let file: LabelFile =
            serde_json::from_value(value).map_err(|e| format!("a malformed label file: {e}"))?;
        if file.labels.len() > MAX_LABELS {
            return Err(format!(
                "{} labels; a file holds at most {MAX_LABELS}",
                file.labels.len()
            ));
        }
        Ok(file)
    }

    /// Every label as segments of this world (those that end early padded to `length`
    /// steps), or the first problem found. The file must be for this world's map.
    pub fn segments(
        &self,
        world: &World,
        map: &str,
        length: usize,
    ) -> Result<Vec<HumanLabel>, String> {
        if self.map != normalise_map(map) {
            return Err("these labels were made on another map".into());
        }
        self.labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let read = |s: &StoredSegment, which: &str| {
                    s.to_segment(world, length)
                        .map_err(|e| format!("label {}: the {which} segment {e}", i + 1))
                };
                Ok(HumanLabel {
                    first: read(&l.first, "first")?,
                    second: read(&l.second, "second")?,
                    answer: l.answer,
                })
            })
            .collect()
    }

    pub fn push(&mut self, world: &World, first: &Segment, second: &Segment, answer: HumanAnswer) {
        self.labels.push(StoredLabel {
            first: StoredSegment::from_segment(world, first),
            second: StoredSegment::from_segment(world, second),
            answer,
        });
    }
}

/// A label read back as segments.
#[derive(Clone, Debug, PartialEq)]
pub struct HumanLabel {
    pub first: Segment,
    pub second: Segment,
    pub answer: HumanAnswer,
}

impl StoredSegment {
    pub fn from_segment(world: &World, segment: &Segment) -> StoredSegment {
        let g = &world.grid;
        let cell = |s: usize| {
            let (r, c) = g.cell_of(s);
            [r, c]
        };
        let mut cells: Vec<[usize; 2]> = segment.steps.iter().map(|s| cell(s.state)).collect();
        if let Some(last) = segment.steps.last() {
            cells.push(cell(last.next));
        }
        StoredSegment {
            cells,
            moves: segment.steps.iter().map(|s| g.moves()[s.action]).collect(),
        }
    }

    /// The segment, if every cell is a state of the map and every move can lead where
    /// the next cell says; padded to `length` if it ends at a terminal cell.
    pub fn to_segment(&self, world: &World, length: usize) -> Result<Segment, String> {
        let g = &world.grid;
        let mdp = world.mdp();
        if self.moves.is_empty() || self.moves.len() > REWARD_MAX_SEGMENT {
            return Err(format!(
                "has {} moves (1 to {REWARD_MAX_SEGMENT})",
                self.moves.len()
            ));
        }
        if self.cells.len() != self.moves.len() + 1 {
            return Err("needs one more cell than moves".into());
        }
        let state = |[r, c]: [usize; 2]| {
            g.state_at(r, c)
                .ok_or_else(|| format!("visits ({r}, {c}), which is not a free cell of the map"))
        };
        let mut steps = Vec::with_capacity(self.moves.len());
        for (i, m) in self.moves.iter().enumerate() {
            let s = state(self.cells[i])?;
            let next = state(self.cells[i + 1])?;
            let action = g
                .moves()
                .iter()
                .position(|x| x == m)
                .ok_or_else(|| format!("uses the move {m:?}, which this map does not have"))?;
            if mdp.terminal[s] {
                return Err(format!("goes on after the terminal cell at step {}", i + 1));
            }
            let outcome = mdp
                .outcomes(s, action)
                .iter()
                .find(|o| o.next == next && o.prob > 0.0)
                .ok_or_else(|| format!("makes an impossible move at step {}", i + 1))?;
            steps.push(Step {
                state: s,
                action,
                next,
                reward: outcome.reward,
            });
        }
        let ended = steps.last().is_some_and(|s| mdp.terminal[s.next]);
        let padding = if ended {
            length.saturating_sub(steps.len())
        } else {
            0
        };
        Ok(Segment { steps, padding })
    }
}
