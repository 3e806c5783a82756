//! The intransitive-preferences scenario (`kind = "nash"`, issue 7, demo 4): one prompt
//! with three to five responses, a general preference matrix P (row i, column j =
//! P(i ≻ j)) that may be cyclic, and up to eight learners that look for the Minimax
//! Winner, each drawn as a trajectory on the probability simplex.
//!
//! ```toml
//! kind = "nash"
//! seed = 1
//! steps = 2000
//! [env]
//! preferences = [[0.5, 0.9, 0.1],
//!                [0.1, 0.5, 0.9],
//!                [0.9, 0.1, 0.5]]   # rock, paper, scissors
//! ref_probs = [0.6, 0.3, 0.1]      # π_ref; left out, uniform
//! [[learners]]
//! type = "extragradient"
//! learning_rate = 0.5
//! ```
//!
//! Every learner starts at π_ref and takes one exact step per time step (no sampling:
//! the seed only names the run). Hyperparameters: `learning_rate` (η) for every learner;
//! `beta` is RLHF's KL coefficient β and Nash-MD's regularisation τ toward π_ref.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const NASH_MIN_RESPONSES: usize = 3;
pub const NASH_MAX_RESPONSES: usize = 5;
pub const NASH_MAX_STEPS: usize = 100_000;
pub const NASH_MAX_LEARNERS: usize = 8;
pub const NASH_MAX_LEARNING_RATE: f64 = 100.0;
pub const NASH_MAX_BETA: f64 = 100.0;
/// How far P(i ≻ j) + P(j ≻ i) may be from 1 (and P(i ≻ i) from ½): room for decimals
/// written by hand, no more. The engine then uses the exactly complementary matrix.
pub const NASH_TOLERANCE: f64 = 1e-9;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NashScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Steps of every learner.
    #[serde(default = "default_steps")]
    pub steps: usize,
    pub env: NashEnv,
    pub learners: Vec<NashLearner>,
}

/// The responses: who beats whom, and the reference policy every learner starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NashEnv {
    /// Row i, column j: P(i ≻ j). Square, 3 to 5 responses, P(i ≻ j) + P(j ≻ i) = 1 and
    /// P(i ≻ i) = ½.
    pub preferences: Vec<Vec<f64>>,
    /// π_ref, one positive weight per response (normalised to sum 1); left out, uniform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_probs: Option<Vec<f64>>,
}

/// One learner. `learning_rate` is η; `beta` is β for RLHF and τ for Nash-MD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum NashLearner {
    /// A Bradley–Terry reward r̂ fitted to the matrix (every ordered pair, weighted by
    /// its probability), then KL-regularised policy optimisation toward its optimum
    /// π_ref·e^{r̂/β}/Z by exact mirror-ascent steps.
    Rlhf {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// SPO: the reward of a response is its win rate P(y ≻ π_t) against the policy
    /// itself, climbed by a softmax policy-gradient step.
    SelfPlay {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Hedge: π_{t+1} ∝ π_t·exp(η·P(y ≻ π_t)).
    MultiplicativeWeights {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A look-ahead multiplicative step, then the step from π_t with the look-ahead's
    /// win rates.
    Extragradient {
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Nash-MD: π_{t+1} ∝ π_t^{1−ητ}·π_ref^{ητ}·exp(η·P(y ≻ π̃_t)), π̃_t ∝ π_t^{1−ητ}·π_ref^{ητ}
    /// (τ = `beta`; τ = 0 is multiplicative weights).
    NashMd {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    1000
}
fn default_beta() -> f64 {
    0.1
}
fn default_lr() -> f64 {
    0.1
}

impl NashLearner {
    pub fn learning_rate(&self) -> f64 {
        match *self {
            NashLearner::Rlhf { learning_rate, .. }
            | NashLearner::SelfPlay { learning_rate, .. }
            | NashLearner::MultiplicativeWeights { learning_rate, .. }
            | NashLearner::Extragradient { learning_rate, .. }
            | NashLearner::NashMd { learning_rate, .. } => learning_rate,
        }
    }

    /// β (RLHF) or τ (Nash-MD); `None` for the learners without one.
    pub fn beta(&self) -> Option<f64> {
        match *self {
            NashLearner::Rlhf { beta, .. } | NashLearner::NashMd { beta, .. } => Some(beta),
            _ => None,
        }
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            NashLearner::Rlhf { label, .. }
            | NashLearner::SelfPlay { label, .. }
            | NashLearner::MultiplicativeWeights { label, .. }
            | NashLearner::Extragradient { label, .. }
            | NashLearner::NashMd { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the method and its parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let eta = self.learning_rate();
        match *self {
            NashLearner::Rlhf { beta, .. } => format!("RLHF β={beta}"),
            NashLearner::SelfPlay { .. } => format!("self-play η={eta}"),
            NashLearner::MultiplicativeWeights { .. } => format!("MW η={eta}"),
            NashLearner::Extragradient { .. } => format!("extragradient η={eta}"),
            NashLearner::NashMd { beta, .. } => format!("Nash-MD β={beta}, η={eta}"),
        }
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        let eta = self.learning_rate();
        v.above("learning_rate", eta, 0.0, NASH_MAX_LEARNING_RATE)?;
        match *self {
            NashLearner::Rlhf { beta, .. } => v.above("beta", beta, 0.0, NASH_MAX_BETA)?,
            NashLearner::NashMd { beta, .. } => v.range("beta", beta, 0.0, NASH_MAX_BETA)?,
            _ => return Ok(()),
        }
        // The step keeps π_t^{1−ηβ}: a negative power would push away from π_t.
        let beta = self.beta().unwrap_or(0.0);
        v.rule(
            eta * beta <= 1.0,
            "learning_rate",
            eta,
            &format!(
                "learning_rate × beta ≤ 1 (beta is {beta}: at most {})",
                1.0 / beta
            ),
        )
    }
}

impl NashScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, NASH_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, NASH_MAX_LEARNERS)?;
        self.env.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            if matches!(l, NashLearner::Rlhf { .. }) {
                v.rule(
                    self.env.every_response_wins_and_loses(),
                    "env.preferences",
                    "this matrix",
                    &format!(
                        "for learners[{i}] (rlhf): every response beats every other through a \
                         chain of preferences above 0; otherwise the Bradley–Terry fit has no \
                         finite maximum"
                    ),
                )?;
            }
        }
        v.custom_labels(self.learners.iter().map(NashLearner::custom_label))
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl NashEnv {
    /// How many responses.
    pub fn responses(&self) -> usize {
        self.preferences.len()
    }

    /// π_ref, normalised (uniform when left out).
    pub fn reference(&self) -> Vec<f64> {
        super::reference_probs(self.ref_probs.as_deref(), self.responses())
    }

    /// The matrix made complementary: P(i ≻ j) = (P_ij + 1 − P_ji)/2 above the diagonal,
    /// P(j ≻ i) = 1 − P(i ≻ j) below it and ½ on it, so the game's identities (its value
    /// is ½) hold to rounding whatever slack validation allowed.
    pub fn complementary(&self) -> Vec<Vec<f64>> {
        let p = &self.preferences;
        let n = self.responses();
        let mut out = vec![vec![0.5; n]; n];
        for i in 0..n {
            for j in i + 1..n {
                out[i][j] = (p[i][j] + 1.0 - p[j][i]) / 2.0;
                out[j][i] = 1.0 - out[i][j];
            }
        }
        out
    }

    /// Whether the "beats with probability above 0" graph is strongly connected: the
    /// condition (Zermelo, Ford) for a finite Bradley–Terry maximum-likelihood fit.
    pub fn every_response_wins_and_loses(&self) -> bool {
        let n = self.responses();
        let p = &self.preferences;
        // Every response reached from response 0 along edges i → j where i beats j (or,
        // backwards, where j beats i).
        let reach = |forward: bool| {
            let mut seen = vec![false; n];
            let mut stack = vec![0];
            seen[0] = true;
            while let Some(i) = stack.pop() {
                for (j, s) in seen.iter_mut().enumerate() {
                    let beats = if forward { p[i][j] } else { p[j][i] } > 0.0;
                    if beats && !*s {
                        *s = true;
                        stack.push(j);
                    }
                }
            }
            seen.iter().all(|&s| s)
        };
        n > 0 && reach(true) && reach(false)
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        let n = self.responses();
        v.rule(
            (NASH_MIN_RESPONSES..=NASH_MAX_RESPONSES).contains(&n),
            "preferences",
            format!("{n} rows"),
            &format!(
                "a square matrix of {NASH_MIN_RESPONSES} to {NASH_MAX_RESPONSES} responses, \
                 one row per response"
            ),
        )?;
        for (i, row) in self.preferences.iter().enumerate() {
            v.rule(
                row.len() == n,
                &format!("preferences[{i}]"),
                format!("{} entries", row.len()),
                &format!("{n} entries: the matrix is square, one column per response"),
            )?;
            for (j, &p) in row.iter().enumerate() {
                v.range(&format!("preferences[{i}][{j}]"), p, 0.0, 1.0)?;
            }
        }
        for i in 0..n {
            v.rule(
                (self.preferences[i][i] - 0.5).abs() <= NASH_TOLERANCE,
                &format!("preferences[{i}][{i}]"),
                self.preferences[i][i],
                "0.5: a response ties with itself",
            )?;
            for j in i + 1..n {
                let (a, b) = (self.preferences[i][j], self.preferences[j][i]);
                v.rule(
                    (a + b - 1.0).abs() <= NASH_TOLERANCE,
                    &format!("preferences[{j}][{i}]"),
                    b,
                    &format!(
                        "1 − preferences[{i}][{j}] = {} (P({j} ≻ {i}) + P({i} ≻ {j}) = 1, \
                         within {NASH_TOLERANCE:e})",
                        1.0 - a
                    ),
                )?;
            }
        }
        super::check_ref_probs(&v, self.ref_probs.as_deref(), n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<NashScenario, String> {
        let mut value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
        // The `kind` tag belongs to the Scenario enum, not to this type.
        if let Some(t) = value.as_table_mut() {
            t.remove("kind");
        }
        let s: NashScenario = value.try_into().map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    const RPS: &str = r#"
kind = "nash"
seed = 1
[env]
preferences = [[0.5, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]]
[[learners]]
type = "rlhf"
"#;

    #[test]
    fn defaults_and_labels() {
        let s = parse(RPS).unwrap();
        assert_eq!(s.steps, 1000);
        assert_eq!(s.env.reference(), vec![1.0 / 3.0; 3]);
        assert_eq!(s.labels(), ["RLHF β=0.1"]);
        assert_eq!(
            s.learners[0],
            NashLearner::Rlhf {
                beta: 0.1,
                learning_rate: 0.1,
                label: None
            }
        );
    }

    #[test]
    fn the_presets_are_valid() {
        for text in [
            include_str!("../../presets/nash-rock-paper-scissors.toml"),
            include_str!("../../presets/nash-unequal-cycle.toml"),
            include_str!("../../presets/nash-transitive.toml"),
        ] {
            parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }

    fn refused(from: &str, to: &str) -> String {
        let text = RPS.replace(from, to);
        assert_ne!(text, RPS, "{from} is in the example");
        parse(&text).expect_err(&text)
    }

    #[test]
    fn bad_matrices_are_refused_with_a_clear_message() {
        let e = refused("[0.9, 0.1, 0.5]]", "[0.9, 0.1, 0.5], [0.5, 0.5, 0.5]]");
        assert!(
            e.contains("preferences[0] = 3 entries") && e.contains("4 entries"),
            "{e}"
        );
        let e = refused("[0.1, 0.5, 0.9]", "[0.1, 0.5]");
        assert!(e.contains("preferences[1]") && e.contains("square"), "{e}");
        let e = refused("[0.1, 0.5, 0.9]", "[0.1, 0.5, 1.9]");
        assert!(e.contains("preferences[1][2] = 1.9"), "{e}");
        let e = refused("[0.5, 0.9, 0.1]", "[0.5, 0.8, 0.1]");
        assert!(e.contains("preferences[1][0]") && e.contains("= 1"), "{e}");
        let e = refused("[0.1, 0.5, 0.9]", "[0.1, 0.4, 0.9]");
        assert!(e.contains("preferences[1][1]") && e.contains("0.5"), "{e}");
        let e = refused(
            "[[0.5, 0.9, 0.1], [0.1, 0.5, 0.9], [0.9, 0.1, 0.5]]",
            "[[0.5]]",
        );
        assert!(
            e.contains("1 rows") && e.contains("square matrix of 3 to 5"),
            "{e}"
        );
    }

    #[test]
    fn reference_and_learner_rules() {
        let with_ref =
            |r: &str| RPS.replace("[[learners]]", &format!("ref_probs = {r}\n[[learners]]"));
        assert!(parse(&with_ref("[2.0, 1.0, 1.0]")).is_err());
        let e = parse(&with_ref("[0.5, 0.5]")).unwrap_err();
        assert!(e.contains("one probability per response (3)"), "{e}");
        let e = parse(&with_ref("[0.5, 0.0, 0.5]")).unwrap_err();
        assert!(e.contains("ref_probs[1]"), "{e}");
        let s = parse(&with_ref("[0.2, 0.2, 0.4]")).unwrap();
        assert_eq!(s.env.reference(), vec![0.25, 0.25, 0.5]);

        let e = refused(
            "type = \"rlhf\"",
            "type = \"nash-md\"\nbeta = 0.5\nlearning_rate = 3",
        );
        assert!(e.contains("learning_rate × beta ≤ 1"), "{e}");
        assert!(parse(&RPS.replace("type = \"rlhf\"", "type = \"nash-md\"\nbeta = 0")).is_ok());
        let e = refused("type = \"rlhf\"", "type = \"rlhf\"\nbeta = 0");
        assert!(e.contains("beta"), "{e}");
        let e = refused("type = \"rlhf\"", "type = \"self-play\"\nbeta = 0.1");
        assert!(e.contains("beta"), "{e}");
    }

    #[test]
    fn rlhf_needs_a_finite_bradley_terry_fit() {
        // 0 beats everyone surely: it never loses, its reward would be +∞.
        let sure = RPS
            .replace("[0.5, 0.9, 0.1]", "[0.5, 1.0, 1.0]")
            .replace("[0.1, 0.5, 0.9]", "[0.0, 0.5, 0.9]")
            .replace("[0.9, 0.1, 0.5]", "[0.0, 0.1, 0.5]");
        let e = parse(&sure).unwrap_err();
        assert!(e.contains("rlhf") && e.contains("Bradley–Terry"), "{e}");
        assert!(parse(&sure.replace("\"rlhf\"", "\"extragradient\"")).is_ok());
        // A sure cycle is fine: every response beats every other through the cycle.
        let cycle = RPS.replace("0.9", "1.0").replace("0.1", "0.0");
        assert!(parse(&cycle).is_ok());
    }

    #[test]
    fn the_matrix_is_made_exactly_complementary() {
        let env = NashEnv {
            preferences: vec![
                vec![0.5, 0.7 + 4e-10, 0.2],
                vec![0.3, 0.5, 0.6],
                vec![0.8, 0.4, 0.5],
            ],
            ref_probs: None,
        };
        let p = env.complementary();
        for (i, row) in p.iter().enumerate() {
            assert_eq!(row[i], 0.5);
            for (j, x) in row.iter().enumerate() {
                assert!((x + p[j][i] - 1.0).abs() <= 1e-15);
            }
        }
        assert!((p[0][1] - 0.7).abs() < 1e-9);
    }
}
