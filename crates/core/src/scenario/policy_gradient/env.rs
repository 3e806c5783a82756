//! What the Policy-Gradient Lab's learners run on: a gridworld map (the Gridworld Lab's
//! format, unchanged) or a game of twenty questions.
//!
//! ```toml
//! [env]                      # a map: no `type`, as in every file written so far
//! map = "S.G"
//!
//! [env]                      # or twenty questions
//! type = "twenty-questions"
//! turns = 5
//! ```
//!
//! A table without `type` is a map, so today's files read as before and write back
//! byte for byte; `type = "gridworld"` may also be given. Twenty questions is written with
//! its `type`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{GridEnv, ScenarioError, Validator};

/// The `type` names, in the order the form lists them.
pub const PG_ENV_TYPES: &[&str] = &["gridworld", "twenty-questions"];

/// The hidden items of twenty questions: the numbers 0 to 15, equally likely.
pub const QUESTION_ITEMS: usize = 16;
/// Yes/no questions that each halve the items: "is bit k of the number set?".
pub const QUESTION_BITS: usize = 4;
/// Turns (questions and the final guess) of one game, at most.
pub const MAX_TURNS: usize = 6;
/// Questions of each extra kind (uninformative, redundant), at most.
pub const MAX_EXTRA_QUESTIONS: usize = 2;

#[derive(Clone, Debug, PartialEq)]
pub enum PgEnv {
    Grid(GridEnv),
    TwentyQuestions(TwentyQuestionsEnv),
}

/// Twenty questions, small enough to solve exactly: a number from 0 to 15 is hidden; each
/// turn the policy asks one of a fixed set of yes/no questions or guesses a number. A
/// guess ends the game, paying 1 if right and 0 if wrong; a game that runs out of turns
/// pays 0. The policy sees only the answers so far, never the number.
///
/// The questions, in action order: the four bit questions ("is bit k set?", k = 0…3), then
/// `redundant` rephrasings of bit questions ("odd?" is bit 0 again), then `uninformative`
/// ones every number answers "yes" to; then the guesses 0…15.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwentyQuestionsEnv {
    /// Turns of one game, the final guess included: `turns − 1` questions at most.
    #[serde(default = "default_turns")]
    pub turns: usize,
    /// Questions that repeat a bit question in other words.
    #[serde(default = "one")]
    pub redundant: usize,
    /// Questions every number answers "yes" to.
    #[serde(default = "one")]
    pub uninformative: usize,
}

fn default_turns() -> usize {
    5
}
fn one() -> usize {
    1
}

impl Default for TwentyQuestionsEnv {
    fn default() -> Self {
        TwentyQuestionsEnv {
            turns: default_turns(),
            redundant: one(),
            uninformative: one(),
        }
    }
}

impl TwentyQuestionsEnv {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        v.count("turns", self.turns, 1, MAX_TURNS)?;
        v.count("redundant", self.redundant, 0, MAX_EXTRA_QUESTIONS)?;
        v.count("uninformative", self.uninformative, 0, MAX_EXTRA_QUESTIONS)
    }

    /// How many questions there are to ask.
    pub fn questions(&self) -> usize {
        QUESTION_BITS + self.redundant + self.uninformative
    }
}

impl PgEnv {
    /// The map, when the task is a gridworld.
    pub fn grid(&self) -> Option<&GridEnv> {
        match self {
            PgEnv::Grid(g) => Some(g),
            PgEnv::TwentyQuestions(_) => None,
        }
    }

    /// The most steps an episode takes before it is cut off (a map's cap; a game's turns,
    /// after which it is over).
    pub fn episode_cap(&self) -> usize {
        match self {
            PgEnv::Grid(g) => g.episode_cap,
            PgEnv::TwentyQuestions(q) => q.turns,
        }
    }

    /// The `type` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            PgEnv::Grid(_) => PG_ENV_TYPES[0],
            PgEnv::TwentyQuestions(_) => PG_ENV_TYPES[1],
        }
    }
}

impl Serialize for PgEnv {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The fields with the `type` tag first.
        #[derive(Serialize)]
        struct Tagged<'a, T> {
            #[serde(rename = "type")]
            kind: &'static str,
            #[serde(flatten)]
            fields: &'a T,
        }
        match self {
            // Untagged: maps are written exactly as before there was a choice.
            PgEnv::Grid(g) => g.serialize(s),
            PgEnv::TwentyQuestions(q) => Tagged {
                kind: self.type_name(),
                fields: q,
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for PgEnv {
    /// Read the table, take out `type`, then hand the rest to the chosen task's own
    /// (strict) deserialiser, so its errors name the fields it knows.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(d)?;
        let Some(table) = value.as_object_mut() else {
            return Err(D::Error::custom(format!(
                "env must be a table (a gridworld map, or `type = \"twenty-questions\"` with its \
                 fields), not {value}"
            )));
        };
        let kind = match table.remove("type") {
            None => PG_ENV_TYPES[0].to_string(),
            Some(serde_json::Value::String(k)) => k,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "env.type must be text, one of `gridworld` or `twenty-questions`, not {other}"
                )));
            }
        };
        let read = |v| -> Result<PgEnv, D::Error> {
            match kind.as_str() {
                "gridworld" => serde_json::from_value(v).map(PgEnv::Grid),
                "twenty-questions" => serde_json::from_value(v).map(PgEnv::TwentyQuestions),
                other => return Err(D::Error::unknown_variant(other, PG_ENV_TYPES)),
            }
            .map_err(D::Error::custom)
        };
        read(value)
    }
}
