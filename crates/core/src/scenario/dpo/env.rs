//! The DPO Lab's responses and data: one to four prompts, each with its responses'
//! reference probabilities, gold rewards and lengths; the preference data (the whole
//! population of pairs, sampled pairs, or an explicit list); and the policy's form.

use serde::{Deserialize, Serialize};

use super::{
    DPO_MAX_FEATURES, DPO_MAX_FLIP, DPO_MAX_LENGTH, DPO_MAX_LIST, DPO_MAX_LISTS, DPO_MAX_PAIRS,
    DPO_MAX_PROMPTS, DPO_MAX_RESPONSES, DPO_MAX_REWARD,
};
use crate::scenario::{ScenarioError, Validator};

/// Numbers for one prompt, or one row of them per prompt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Rows {
    One(Vec<f64>),
    Many(Vec<Vec<f64>>),
}

impl Rows {
    /// One row per prompt.
    pub fn rows(&self) -> Vec<&[f64]> {
        match self {
            Rows::One(r) => vec![r.as_slice()],
            Rows::Many(rs) => rs.iter().map(Vec::as_slice).collect(),
        }
    }
}

/// `pairs = N` (sampled) or `pairs = [[chosen, rejected], …]` (explicit; with several
/// prompts each pair is `[prompt, chosen, rejected]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PairsSpec {
    Count(usize),
    List(Vec<Vec<usize>>),
}

/// One explicit preference: chosen ≻ rejected, responses of `prompt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExplicitPair {
    pub prompt: usize,
    pub chosen: usize,
    pub rejected: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DpoEnv {
    /// π_ref over each prompt's responses (each row normalised to sum 1).
    pub ref_probs: Rows,
    /// r*(y), shaped as `ref_probs`.
    pub gold_reward: Rows,
    /// Each response's length in tokens (SimPO and AlphaPO divide by it); 1 if left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lengths: Option<Rows>,
    /// "population": every pair of distinct responses, labelled with its Bradley–Terry
    /// probabilities. Left out, the data is the population unless `pairs` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Sampled pairs (a count) or an explicit list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairs: Option<PairsSpec>,
    /// Where sampled pairs' and lists' responses come from: "reference" or "uniform".
    #[serde(default = "default_source")]
    pub source: String,
    /// Sampled labels always prefer the higher gold reward (else Bradley–Terry).
    #[serde(default)]
    pub deterministic: bool,
    /// Each sampled label is flipped with this probability.
    #[serde(default)]
    pub flip: f64,
    /// How many responses a listwise learner's ranked list holds.
    #[serde(default = "default_list_size")]
    pub list_size: usize,
    /// How many ranked lists listwise learners see (ranked by Plackett–Luce on r*).
    #[serde(default = "default_lists")]
    pub lists: usize,
    /// "tabular" (a free logit per response) or "log-linear" (π ∝ π_ref·exp(θᵀφ(y))).
    #[serde(default = "default_policy")]
    pub policy: String,
    /// φ(y) for the log-linear policy: one row per response, prompt after prompt (θ is
    /// shared by every prompt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<Vec<f64>>>,
}

fn default_source() -> String {
    "reference".into()
}
fn default_list_size() -> usize {
    4
}
fn default_lists() -> usize {
    256
}
fn default_policy() -> String {
    "tabular".into()
}

impl DpoEnv {
    /// How many prompts.
    pub fn prompts(&self) -> usize {
        self.ref_probs.rows().len()
    }

    /// How many responses each prompt has.
    pub fn responses(&self) -> Vec<usize> {
        self.ref_probs.rows().iter().map(|r| r.len()).collect()
    }

    /// Sampled pairs' count, if the data is sampled.
    pub fn sampled_pairs(&self) -> Option<usize> {
        match self.pairs {
            Some(PairsSpec::Count(n)) => Some(n),
            _ => None,
        }
    }

    /// The explicit pairs, if the data is a list (`[c, r]` is prompt 0's).
    pub fn explicit_pairs(&self) -> Option<Vec<ExplicitPair>> {
        let Some(PairsSpec::List(list)) = &self.pairs else {
            return None;
        };
        let pair = |p: &Vec<usize>| match p.as_slice() {
            [c, r] => ExplicitPair {
                prompt: 0,
                chosen: *c,
                rejected: *r,
            },
            [x, c, r] => ExplicitPair {
                prompt: *x,
                chosen: *c,
                rejected: *r,
            },
            // Refused by validation.
            _ => ExplicitPair {
                prompt: usize::MAX,
                chosen: 0,
                rejected: 0,
            },
        };
        Some(list.iter().map(pair).collect())
    }

    /// Whether the data is every pair of distinct responses.
    pub fn is_population(&self) -> bool {
        self.pairs.is_none()
    }

    /// How many pairs the data holds: sampled, listed, or the population's n(n − 1)
    /// ordered pairs per prompt.
    pub fn pair_count(&self) -> usize {
        match &self.pairs {
            Some(PairsSpec::Count(n)) => *n,
            Some(PairsSpec::List(l)) => l.len(),
            None => self
                .responses()
                .iter()
                .map(|n| n * n.saturating_sub(1))
                .sum(),
        }
    }

    pub fn is_log_linear(&self) -> bool {
        self.policy == "log-linear"
    }

    pub(super) fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        let sizes = self.responses();
        v.count("ref_probs", sizes.len(), 1, DPO_MAX_PROMPTS)
            .map_err(|_| {
                ScenarioError::invalid(
                    "env.ref_probs",
                    format!("{} prompts", sizes.len()),
                    format!("1 to {DPO_MAX_PROMPTS} rows, one per prompt"),
                )
            })?;
        for (x, row) in self.ref_probs.rows().iter().enumerate() {
            let at = |k: usize| row_name("ref_probs", sizes.len(), x, Some(k));
            v.rule(
                (2..=DPO_MAX_RESPONSES).contains(&row.len()),
                &row_name("ref_probs", sizes.len(), x, None),
                format!("{} responses", row.len()),
                &format!("2 to {DPO_MAX_RESPONSES} responses"),
            )?;
            for (k, &p) in row.iter().enumerate() {
                v.above(&at(k), p, 0.0, 1.0)?;
            }
        }
        self.validate_shaped(
            &v,
            "gold_reward",
            &self.gold_reward,
            -DPO_MAX_REWARD,
            DPO_MAX_REWARD,
        )?;
        if let Some(lengths) = &self.lengths {
            self.validate_shaped(&v, "lengths", lengths, 1.0, DPO_MAX_LENGTH)?;
        }
        self.validate_data(&v)?;
        v.count("list_size", self.list_size, 2, DPO_MAX_LIST)?;
        v.count("lists", self.lists, 1, DPO_MAX_LISTS)?;
        self.validate_policy(&v)
    }

    /// A table shaped exactly as `ref_probs`, each value in [lo, hi].
    fn validate_shaped(
        &self,
        v: &Validator,
        name: &str,
        rows: &Rows,
        lo: f64,
        hi: f64,
    ) -> Result<(), ScenarioError> {
        let sizes = self.responses();
        let got: Vec<usize> = rows.rows().iter().map(|r| r.len()).collect();
        v.rule(
            got == sizes,
            name,
            format!("rows of {got:?} values"),
            &format!("one value per response, shaped as ref_probs ({sizes:?})"),
        )?;
        for (x, row) in rows.rows().iter().enumerate() {
            for (k, &r) in row.iter().enumerate() {
                v.range(&row_name(name, sizes.len(), x, Some(k)), r, lo, hi)?;
            }
        }
        Ok(())
    }

    fn validate_data(&self, v: &Validator) -> Result<(), ScenarioError> {
        if let Some(data) = &self.data {
            v.rule(
                data == "population" && self.pairs.is_none(),
                "data",
                format!("{data:?}"),
                "\"population\", and only when `pairs` is left out: sampled or listed pairs \
                 replace the population, so remove `data` (Edit as TOML) to use them",
            )?;
        }
        match &self.pairs {
            Some(PairsSpec::Count(n)) => v.count("pairs", *n, 1, DPO_MAX_PAIRS)?,
            Some(PairsSpec::List(list)) => {
                v.count("pairs", list.len(), 1, DPO_MAX_PAIRS)?;
                let sizes = self.responses();
                for (i, p) in self.explicit_pairs().unwrap_or_default().iter().enumerate() {
                    let ok = sizes
                        .get(p.prompt)
                        .is_some_and(|&n| p.chosen < n && p.rejected < n && p.chosen != p.rejected);
                    let shape = if sizes.len() == 1 {
                        "[chosen, rejected] (or [0, chosen, rejected])"
                    } else {
                        "[prompt, chosen, rejected]"
                    };
                    v.rule(
                        ok && (list[i].len() == 3 || sizes.len() == 1),
                        &format!("pairs[{i}]"),
                        format!("{:?}", list[i]),
                        &format!("{shape}: indices of two different responses, counted from 0"),
                    )?;
                }
            }
            None => {}
        }
        v.rule(
            self.source == "reference" || self.source == "uniform",
            "source",
            format!("{:?}", self.source),
            "\"reference\" or \"uniform\"",
        )?;
        v.range("flip", self.flip, 0.0, DPO_MAX_FLIP)
    }

    fn validate_policy(&self, v: &Validator) -> Result<(), ScenarioError> {
        v.rule(
            self.policy == "tabular" || self.policy == "log-linear",
            "policy",
            format!("{:?}", self.policy),
            "\"tabular\" or \"log-linear\"",
        )?;
        let rows: usize = self.responses().iter().sum();
        match &self.features {
            None => v.rule(
                !self.is_log_linear(),
                "features",
                "none",
                "one row of features per response when policy = \"log-linear\"",
            ),
            Some(f) => {
                let width = f.first().map_or(0, Vec::len);
                v.rule(
                    f.len() == rows
                        && (1..=DPO_MAX_FEATURES).contains(&width)
                        && f.iter().all(|r| r.len() == width),
                    "features",
                    format!("{} rows of {width}", f.len()),
                    &format!(
                        "one row per response ({rows}, prompt after prompt), each of the same \
                         1 to {DPO_MAX_FEATURES} numbers"
                    ),
                )?;
                for (k, x) in f.iter().flatten().enumerate() {
                    v.range(
                        &format!("features[{}][{}]", k / width, k % width),
                        *x,
                        -100.0,
                        100.0,
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// `ref_probs[3]` for one prompt, `ref_probs[1][3]` for several.
fn row_name(name: &str, prompts: usize, x: usize, k: Option<usize>) -> String {
    match (prompts, k) {
        (1, Some(k)) => format!("{name}[{k}]"),
        (1, None) => name.to_string(),
        (_, Some(k)) => format!("{name}[{x}][{k}]"),
        (_, None) => format!("{name}[{x}]"),
    }
}
