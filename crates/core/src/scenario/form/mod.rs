//! What an editor, a reference page or a lecturer writing a file by hand needs to know
//! about every field of every kind of Scenario: its label, its meaning, its default and
//! its allowed range.
//!
//! One table per kind ([`KIND_FORMS`]). The web editor is generated from these tables,
//! `playground schema` and `docs/scenarios.md` print them, and `tests/form.rs` walks every
//! variant of every spec (found through serde, not a hand-written list) to check that the
//! tables name every field and say exactly what validation enforces.

mod bandit;
mod bayesopt;
mod constrained;
mod doc;
mod dpo;
mod dpo_learners;
mod gridworld;
mod lm_alignment;
mod nash;
mod overoptimization;
mod pareto;
pub mod policy_gradient;
mod reward_learning;
mod transformer;

pub use bandit::{AGENT_FORMS, ENV_FORMS, agent_form, env_form};
pub use doc::{markdown, text};
pub use gridworld::{CELL_FIELDS, ENV_FIELDS, LEARNER_FORMS, MOVE_OUTCOME_FIELDS};

/// How a field is edited and what it may hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    /// A number in [min, max] (or (min, max] when `exclusive_min`).
    Number {
        min: f64,
        max: f64,
        exclusive_min: bool,
        step: f64,
    },
    /// A whole number in [min, max].
    Integer {
        min: u64,
        max: u64,
    },
    /// A number in (min, max] that may be left out (empty input: the field is absent).
    Optional {
        min: f64,
        max: f64,
        step: f64,
        empty_means: &'static str,
    },
    Bool,
    /// A list of numbers in [min, max] (exclusive min when `exclusive_min`).
    List {
        min: f64,
        max: f64,
        exclusive_min: bool,
    },
    /// Numbers for one row, or several rows of them (one per prompt, per response or per
    /// row of a matrix), each in [min, max] (exclusive min when `exclusive_min`); edited
    /// one row per line.
    Table {
        min: f64,
        max: f64,
        exclusive_min: bool,
    },
    /// A count, or a list of tuples of indices (a preference dataset's pairs), edited as a
    /// number or one tuple per line.
    CountOrTuples {
        max: u64,
    },
    /// One of a few words.
    Choice {
        options: &'static [&'static str],
    },
    /// A list of distinct words, each one of `options`, in the order the user wants (a
    /// gridworld's moves).
    Subset {
        options: &'static [&'static str],
    },
    /// Free text of at most `max_chars` characters (a label).
    Text {
        max_chars: usize,
    },
    /// Several lines of text drawn as a grid (a gridworld's map); its page has an editor
    /// of its own.
    Map,
    /// A table of named sub-tables, each with these fields (a gridworld's `cells.A`).
    Entries {
        /// What names the entries, in words ("a letter used in the map").
        key: &'static str,
        fields: &'static [Field],
    },
}

/// What leaving a field out means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Omitted {
    /// The field must be given.
    Required,
    /// The field takes this value (written as JSON).
    Is(&'static str),
    /// The field is absent; the words say what that means.
    Means(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// The key in files and links.
    pub name: &'static str,
    /// A short label for a form.
    pub label: &'static str,
    /// What the field means, in a sentence.
    pub help: &'static str,
    pub kind: FieldKind,
    pub omitted: Omitted,
    /// A rule that ties this field to another, in words ("at most model.vocab"). The
    /// range above is then the widest the field may ever take.
    pub rule: Option<&'static str>,
}

impl Field {
    /// The same field with a rule that ties it to another.
    pub const fn with_rule(self, rule: &'static str) -> Field {
        Field {
            rule: Some(rule),
            ..self
        }
    }
}

/// One type of a tagged object (an environment or an agent): its `type` name, its title,
/// its fields and a valid instance (JSON) used when the user picks the type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeForm {
    pub type_name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    pub default: &'static str,
}

/// A part of a kind's form, at a path of its JSON (dots between keys; "" is the top).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Section {
    /// Fixed fields of one table.
    Fields {
        path: &'static str,
        title: &'static str,
        fields: &'static [Field],
    },
    /// One tagged object, its type chosen from a list (the bandit's `env`). An object
    /// without `type` is of the first type (the Policy-Gradient Lab's map).
    OneOf {
        path: &'static str,
        title: &'static str,
        types: &'static [TypeForm],
    },
    /// A list of tagged objects (agents, learners); `common` are the fields every type
    /// has (a label).
    ListOf {
        path: &'static str,
        title: &'static str,
        types: &'static [TypeForm],
        common: &'static [Field],
        max: usize,
    },
}

impl Section {
    pub fn path(&self) -> &'static str {
        match self {
            Section::Fields { path, .. }
            | Section::OneOf { path, .. }
            | Section::ListOf { path, .. } => path,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Section::Fields { title, .. }
            | Section::OneOf { title, .. }
            | Section::ListOf { title, .. } => title,
        }
    }
}

/// Every field of one kind of Scenario, with a small valid example.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindForm {
    /// The `kind` tag.
    pub kind: &'static str,
    pub title: &'static str,
    /// What a scenario of this kind runs, in a sentence or two.
    pub help: &'static str,
    pub sections: &'static [Section],
    /// A short, valid scenario of this kind (TOML).
    pub example: &'static str,
}

impl KindForm {
    pub fn section(&self, path: &str) -> Option<&'static Section> {
        self.sections.iter().find(|s| s.path() == path)
    }
}

/// Every kind's form, in the order the gallery shows the demos.
pub const KIND_FORMS: &[KindForm] = &[
    bandit::KIND,
    gridworld::KIND,
    policy_gradient::KIND,
    transformer::KIND,
    dpo::KIND,
    nash::KIND,
    overoptimization::KIND,
    reward_learning::KIND,
    lm_alignment::KIND,
    pareto::KIND,
    constrained::KIND,
    bayesopt::KIND,
];

/// The form of a kind, by its `kind` tag.
pub fn kind_form(kind: &str) -> Option<&'static KindForm> {
    KIND_FORMS.iter().find(|k| k.kind == kind)
}

/// Fields every kind has at its top level.
pub const VERSION: Field = Field {
    name: "version",
    label: "format version",
    help: "the Scenario format version the file was written for; newer files are refused with a message",
    kind: FieldKind::Integer {
        min: 1,
        max: super::CURRENT_VERSION as u64,
    },
    omitted: Omitted::Is("1"),
    rule: None,
};

pub const SEED: Field = Field {
    name: "seed",
    label: "seed",
    help: "seeds every random stream: the same scenario and seed give the same numbers everywhere",
    kind: FieldKind::Integer {
        min: 0,
        max: super::MAX_SEED,
    },
    omitted: Omitted::Required,
    rule: None,
};

/// A curve's label, shared by every list item that has one.
pub const LABEL: Field = Field {
    name: "label",
    label: "label",
    help: "the name on curves and in results; left out, one is made from the parameters",
    kind: FieldKind::Text { max_chars: 40 },
    omitted: Omitted::Means("made from the type and parameters"),
    rule: None,
};

/// Constructors that keep the tables short. `num` is a closed range; `pos` is (0, max].
pub const fn num(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    min: f64,
    max: f64,
    step: f64,
    omitted: Omitted,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Number {
            min,
            max,
            exclusive_min: false,
            step,
        },
        omitted,
        rule: None,
    }
}

pub const fn pos(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    max: f64,
    step: f64,
    omitted: Omitted,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Number {
            min: 0.0,
            max,
            exclusive_min: true,
            step,
        },
        omitted,
        rule: None,
    }
}

pub const fn int(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    min: u64,
    max: u64,
    omitted: Omitted,
) -> Field {
    Field {
        name,
        label,
        help,
        kind: FieldKind::Integer { min, max },
        omitted,
        rule: None,
    }
}
