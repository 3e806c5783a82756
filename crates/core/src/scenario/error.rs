//! Errors that name the field, the value and what is allowed.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    /// The text is not a well-formed scenario (syntax, a missing or unknown field, a wrong type).
    Parse(String),
    /// A field holds a value outside its allowed range.
    Invalid {
        field: String,
        value: String,
        allowed: String,
    },
}

impl ScenarioError {
    pub fn invalid(
        field: impl Into<String>,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        ScenarioError::Invalid {
            field: field.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Parse(msg) => write!(f, "could not read the scenario: {msg}"),
            ScenarioError::Invalid {
                field,
                value,
                allowed,
            } => write!(f, "{field} = {value} is not allowed: expected {allowed}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Small helpers so each scenario's `validate` reads as a list of rules.
#[derive(Debug)]
pub struct Validator {
    prefix: String,
}

impl Validator {
    pub fn new(prefix: impl Into<String>) -> Self {
        Validator {
            prefix: prefix.into(),
        }
    }

    fn field(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// A finite number in [lo, hi].
    pub fn range(&self, name: &str, v: f64, lo: f64, hi: f64) -> Result<(), ScenarioError> {
        if v.is_finite() && v >= lo && v <= hi {
            Ok(())
        } else {
            Err(ScenarioError::invalid(
                self.field(name),
                v,
                format!("a number from {lo} to {hi}"),
            ))
        }
    }

    /// A finite number strictly greater than lo and at most hi.
    pub fn above(&self, name: &str, v: f64, lo: f64, hi: f64) -> Result<(), ScenarioError> {
        if v.is_finite() && v > lo && v <= hi {
            Ok(())
        } else {
            Err(ScenarioError::invalid(
                self.field(name),
                v,
                format!("a number above {lo} and at most {hi}"),
            ))
        }
    }

    /// A whole number in [lo, hi].
    pub fn count(&self, name: &str, v: usize, lo: usize, hi: usize) -> Result<(), ScenarioError> {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(ScenarioError::invalid(
                self.field(name),
                v,
                format!("a whole number from {lo} to {hi}"),
            ))
        }
    }

    /// A seed: any whole number a JavaScript number holds exactly, so a link or a JSON
    /// report carries it unchanged.
    pub fn seed(&self, name: &str, seed: u64) -> Result<(), ScenarioError> {
        let max = super::MAX_SEED;
        self.rule(
            seed <= max,
            name,
            seed,
            &format!("a whole number from 0 to {max} (2⁵³ − 1)"),
        )
    }

    /// Learners' own labels, in order (None where a learner has none): each at most 40
    /// characters and none repeated, since results are keyed by label.
    pub fn custom_labels<'a>(
        &self,
        labels: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<(), ScenarioError> {
        let mut seen: Vec<&str> = Vec::new();
        for (i, label) in labels.into_iter().enumerate() {
            let Some(label) = label else { continue };
            self.rule(
                !seen.contains(&label) && label.chars().count() <= 40,
                &format!("learners[{i}].label"),
                format!("{label:?}"),
                "a label of at most 40 characters no other learner has",
            )?;
            seen.push(label);
        }
        Ok(())
    }

    /// A rule that needs its own wording.
    pub fn rule(
        &self,
        ok: bool,
        name: &str,
        value: impl fmt::Display,
        allowed: &str,
    ) -> Result<(), ScenarioError> {
        if ok {
            Ok(())
        } else {
            Err(ScenarioError::invalid(self.field(name), value, allowed))
        }
    }
}
