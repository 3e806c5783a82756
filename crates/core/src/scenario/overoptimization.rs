//! The reward-overoptimization scenario (`kind = "overoptimization"`, issue 7, demo 3):
//! a few thousand discrete responses with features φ, a nonlinear gold reward r*, a
//! proxy reward model (or an ensemble of them) fitted to N noisy Bradley–Terry labels,
//! and learners that optimise the proxy ever harder while the gold reward is watched.
//!
//! ```toml
//! kind = "overoptimization"
//! seed = 1
//! steps = 300              # the policy-gradient learners' steps
//! [env]
//! responses = 2000         # discrete responses, features φ ~ N(0, I_d) from the seed
//! features = 4             # d
//! curvature = 0.5          # r*(y) = wᵀφ − (curvature/2)·‖φ‖², w a random unit vector
//! labels = 1000            # Bradley–Terry labels on pairs drawn from π_ref
//! label_noise = 0.0        # the fraction of labels flipped
//! proxy = "linear"         # or "mlp" (one tanh hidden layer of `hidden` units), or
//!                          # "compositional" (linear in φ and ½‖φ‖²)
//! ensemble = 1             # K proxies, each on its own bootstrap resample (K > 1)
//! [[learners]]
//! type = "best-of-n"
//! max_n = 1000
//! [[learners]]
//! type = "kl-optimum"
//! reward = "worst-case"
//! ```
//!
//! With `components = 2` the gold reward is a sum of two parts, c_k(y) = u_k − (c/2)·u_k²
//! with u_k = w_kᵀφ and w₁·w₂ = `component_correlation`; each part has its own labels and
//! its own proxy p_k, and the proxy learners optimise is p₁ + p₂. A `constrained` learner
//! (constrained RLHF) keeps each E_π p_k below a threshold, by default the part's "proxy
//! point": the value of E_π p_k where the unconstrained KL optimum's E_π c_k peaks.
//!
//! π_ref is uniform, or with `ref_temperature` T the softmax of vᵀφ/T for a random unit
//! vector v. Every learner optimises one proxy R made from the ensemble's rewards r̂_k
//! (each centred to mean 0 under π_ref): `reward = "mean"` (R = mean_k r̂_k),
//! `"worst-case"` (R = min_k r̂_k) or `"uncertainty-weighted"` (R = mean_k r̂_k −
//! λ·Var_k r̂_k, λ = `penalty`). Best-of-n and the KL-regularised optimum sweep their
//! optimisation pressure over `points` points; policy gradient takes one exact step per
//! time step.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const OVEROPT_MAX_RESPONSES: usize = 5000;
pub const OVEROPT_MIN_RESPONSES: usize = 2;
pub const OVEROPT_MAX_FEATURES: usize = 16;
pub const OVEROPT_MAX_CURVATURE: f64 = 10.0;
pub const OVEROPT_MAX_REF_TEMPERATURE: f64 = 100.0;
pub const OVEROPT_MAX_LABELS: usize = 100_000;
pub const OVEROPT_MAX_LABEL_NOISE: f64 = 0.5;
pub const OVEROPT_MAX_HIDDEN: usize = 32;
pub const OVEROPT_MAX_EPOCHS: usize = 20_000;
pub const OVEROPT_MAX_L2: f64 = 10.0;
pub const OVEROPT_MAX_ENSEMBLE: usize = 8;
pub const OVEROPT_MAX_STEPS: usize = 100_000;
pub const OVEROPT_MAX_LEARNERS: usize = 8;
pub const OVEROPT_MAX_POINTS: usize = 200;
pub const OVEROPT_MAX_N: usize = 1_000_000;
pub const OVEROPT_MIN_BETA: f64 = 1e-4;
pub const OVEROPT_MAX_BETA: f64 = 1e4;
pub const OVEROPT_MAX_LEARNING_RATE: f64 = 1e4;
pub const OVEROPT_MAX_PENALTY: f64 = 1e3;
pub const OVEROPT_MAX_COMPONENTS: usize = 2;
/// |w₁·w₂| of two gold parts: at 1 they would be one part.
pub const OVEROPT_MAX_CORRELATION: f64 = 0.99;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OveroptScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Steps of the policy-gradient learners (the sweeps take `points` steps).
    #[serde(default = "default_steps")]
    pub steps: usize,
    #[serde(default)]
    pub env: OveroptEnv,
    pub learners: Vec<OveroptLearner>,
}

/// Which family the proxy reward model is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProxyKind {
    /// r̂(y) = θᵀφ, fitted exactly (Newton).
    #[default]
    Linear,
    /// r̂(y) = aᵀtanh(Wφ + b), fitted by full-batch gradient descent with momentum.
    Mlp,
    /// A compositional preference model: a few named attributes scored separately, then
    /// combined linearly (logistic regression on the labels). The attributes are φ's
    /// coordinates and how extreme the response is, ½‖φ‖².
    Compositional,
}

impl ProxyKind {
    pub fn name(self) -> &'static str {
        match self {
            ProxyKind::Linear => "linear",
            ProxyKind::Mlp => "mlp",
            ProxyKind::Compositional => "compositional",
        }
    }
}

/// The responses, the gold reward, π_ref, the labels and the proxy reward model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OveroptEnv {
    #[serde(default = "default_responses")]
    pub responses: usize,
    /// d, the dimension of φ.
    #[serde(default = "default_features")]
    pub features: usize,
    /// c in r*(y) = wᵀφ − (c/2)·‖φ‖²: 0 makes the gold reward linear.
    #[serde(default = "default_curvature")]
    pub curvature: f64,
    /// T in π_ref ∝ exp(vᵀφ/T); left out, π_ref is uniform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_temperature: Option<f64>,
    /// N, the Bradley–Terry labels.
    #[serde(default = "default_labels")]
    pub labels: usize,
    /// The probability that a label is flipped after it is drawn.
    #[serde(default)]
    pub label_noise: f64,
    #[serde(default)]
    pub proxy: ProxyKind,
    /// Hidden units of the MLP proxy.
    #[serde(default = "default_hidden")]
    pub hidden: usize,
    /// Full-batch gradient steps of the MLP proxy.
    #[serde(default = "default_epochs")]
    pub epochs: usize,
    /// The L2 coefficient of the proxy's Bradley–Terry loss.
    #[serde(default = "default_l2")]
    pub l2: f64,
    /// K, the proxies in the ensemble.
    #[serde(default = "default_ensemble")]
    pub ensemble: usize,
    /// Parts of the gold reward, each with its own labels and proxy (1 or 2).
    #[serde(default = "default_ensemble")]
    pub components: usize,
    /// w₁·w₂: the correlation of the two parts' directions under N(0, I).
    #[serde(default)]
    pub component_correlation: f64,
}

impl Default for OveroptEnv {
    fn default() -> Self {
        OveroptEnv {
            responses: default_responses(),
            features: default_features(),
            curvature: default_curvature(),
            ref_temperature: None,
            labels: default_labels(),
            label_noise: 0.0,
            proxy: ProxyKind::Linear,
            hidden: default_hidden(),
            epochs: default_epochs(),
            l2: default_l2(),
            ensemble: default_ensemble(),
            components: default_ensemble(),
            component_correlation: 0.0,
        }
    }
}

/// What a learner optimises, made from the ensemble's (π_ref-centred) rewards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RewardMode {
    /// mean_k r̂_k.
    #[default]
    Mean,
    /// WCO: min_k r̂_k.
    WorstCase,
    /// UWO: mean_k r̂_k − λ·Var_k r̂_k.
    UncertaintyWeighted,
}

impl RewardMode {
    pub fn name(self) -> &'static str {
        match self {
            RewardMode::Mean => "mean",
            RewardMode::WorstCase => "worst-case",
            RewardMode::UncertaintyWeighted => "uncertainty-weighted",
        }
    }
}

/// One learner: how it trades proxy reward for distance from π_ref.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum OveroptLearner {
    /// Best-of-n: draw n responses from π_ref, keep the one R ranks highest; its exact
    /// law for n from 1 to `max_n` at `points` log-spaced values.
    BestOfN {
        #[serde(default = "default_max_n")]
        max_n: usize,
        #[serde(default = "default_points")]
        points: usize,
        #[serde(default)]
        reward: RewardMode,
        #[serde(default = "default_penalty")]
        penalty: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The exact optimum of E_π R − β·KL(π‖π_ref), π_ref·e^{R/β}/Z, for β from
    /// `beta_max` down to `beta_min` at `points` log-spaced values.
    KlOptimum {
        #[serde(default = "default_beta_max")]
        beta_max: f64,
        #[serde(default = "default_beta_min")]
        beta_min: f64,
        #[serde(default = "default_points")]
        points: usize,
        #[serde(default)]
        reward: RewardMode,
        #[serde(default = "default_penalty")]
        penalty: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Constrained RLHF: for β from `beta_max` down to `beta_min`, the exact optimum of
    /// E_π R − β·KL(π‖π_ref) subject to E_π p_k ≤ θ_k for every gold part k, found by
    /// Newton's method on its Lagrange dual. `thresholds` (one per part) default to the
    /// parts' proxy points.
    Constrained {
        #[serde(default = "default_beta_max")]
        beta_max: f64,
        #[serde(default = "default_beta_min")]
        beta_min: f64,
        #[serde(default = "default_points")]
        points: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thresholds: Option<Vec<f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Exact gradient ascent on E_π R − β·KL(π‖π_ref) in the logits, from π_ref, one
    /// step per time step.
    PolicyGradient {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default)]
        reward: RewardMode,
        #[serde(default = "default_penalty")]
        penalty: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    300
}
fn default_responses() -> usize {
    2000
}
fn default_features() -> usize {
    4
}
fn default_curvature() -> f64 {
    0.5
}
fn default_labels() -> usize {
    200
}
fn default_hidden() -> usize {
    8
}
fn default_epochs() -> usize {
    2000
}
fn default_l2() -> f64 {
    0.01
}
fn default_ensemble() -> usize {
    1
}
fn default_max_n() -> usize {
    1000
}
fn default_points() -> usize {
    30
}
fn default_penalty() -> f64 {
    1.0
}
fn default_beta_max() -> f64 {
    10.0
}
fn default_beta_min() -> f64 {
    0.01
}
fn default_beta() -> f64 {
    0.1
}
fn default_lr() -> f64 {
    100.0
}

impl OveroptLearner {
    pub fn reward(&self) -> RewardMode {
        match *self {
            OveroptLearner::BestOfN { reward, .. }
            | OveroptLearner::KlOptimum { reward, .. }
            | OveroptLearner::PolicyGradient { reward, .. } => reward,
            OveroptLearner::Constrained { .. } => RewardMode::Mean,
        }
    }

    /// λ of the uncertainty-weighted reward (ignored by the other modes).
    pub fn penalty(&self) -> f64 {
        match *self {
            OveroptLearner::BestOfN { penalty, .. }
            | OveroptLearner::KlOptimum { penalty, .. }
            | OveroptLearner::PolicyGradient { penalty, .. } => penalty,
            OveroptLearner::Constrained { .. } => default_penalty(),
        }
    }

    /// At most how many points the learner's curve has: `points` for a sweep (best-of-n
    /// drops repeated whole numbers, so may have fewer), `steps` for policy gradient.
    pub fn length(&self, steps: usize) -> usize {
        match *self {
            OveroptLearner::BestOfN { max_n, points, .. } => points.min(max_n),
            OveroptLearner::KlOptimum { points, .. }
            | OveroptLearner::Constrained { points, .. } => points,
            OveroptLearner::PolicyGradient { .. } => steps,
        }
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            OveroptLearner::BestOfN { label, .. }
            | OveroptLearner::KlOptimum { label, .. }
            | OveroptLearner::PolicyGradient { label, .. }
            | OveroptLearner::Constrained { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the method, its parameters and its reward.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let method = match *self {
            OveroptLearner::BestOfN { max_n, .. } => format!("best-of-n ≤{max_n}"),
            OveroptLearner::KlOptimum { .. } => "KL optimum".to_string(),
            OveroptLearner::Constrained { .. } => "constrained RLHF".to_string(),
            OveroptLearner::PolicyGradient {
                beta,
                learning_rate,
                ..
            } => format!("PG β={beta}, η={learning_rate}"),
        };
        match self.reward() {
            RewardMode::Mean => method,
            RewardMode::WorstCase => format!("{method} (WCO)"),
            RewardMode::UncertaintyWeighted => format!("{method} (UWO λ={})", self.penalty()),
        }
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.range("penalty", self.penalty(), 0.0, OVEROPT_MAX_PENALTY)?;
        match *self {
            OveroptLearner::BestOfN { max_n, points, .. } => {
                v.count("max_n", max_n, 1, OVEROPT_MAX_N)?;
                v.count("points", points, 1, OVEROPT_MAX_POINTS)
            }
            OveroptLearner::KlOptimum {
                beta_max,
                beta_min,
                points,
                ..
            }
            | OveroptLearner::Constrained {
                beta_max,
                beta_min,
                points,
                ..
            } => {
                if let OveroptLearner::Constrained {
                    thresholds: Some(t),
                    ..
                } = self
                {
                    v.rule(
                        t.iter().all(|x| x.is_finite()),
                        "thresholds",
                        format!("{t:?}"),
                        "finite numbers, one per gold part (env.components)",
                    )?;
                }
                v.count("points", points, 1, OVEROPT_MAX_POINTS)?;
                v.range("beta_max", beta_max, OVEROPT_MIN_BETA, OVEROPT_MAX_BETA)?;
                v.range("beta_min", beta_min, OVEROPT_MIN_BETA, OVEROPT_MAX_BETA)?;
                v.rule(
                    beta_min <= beta_max,
                    "beta_min",
                    beta_min,
                    &format!("at most beta_max ({beta_max}): the sweep runs from beta_max down"),
                )
            }
            OveroptLearner::PolicyGradient {
                beta,
                learning_rate,
                ..
            } => {
                v.range("beta", beta, 0.0, OVEROPT_MAX_BETA)?;
                v.above(
                    "learning_rate",
                    learning_rate,
                    0.0,
                    OVEROPT_MAX_LEARNING_RATE,
                )
            }
        }
    }
}

impl OveroptScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, OVEROPT_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, OVEROPT_MAX_LEARNERS)?;
        self.env.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
            let v = Validator::new(format!("learners[{i}]"));
            if self.env.components > 1 {
                v.rule(
                    l.reward() == RewardMode::Mean,
                    "reward",
                    l.reward().name(),
                    "\"mean\" with env.components > 1: the parts' proxies are summed, not an \
                     ensemble",
                )?;
            }
            if let OveroptLearner::Constrained {
                thresholds: Some(t),
                ..
            } = l
            {
                v.rule(
                    t.len() == self.env.components,
                    "thresholds",
                    format!("{} numbers", t.len()),
                    &format!("one per gold part ({})", self.env.components),
                )?;
            }
        }
        v.custom_labels(self.learners.iter().map(OveroptLearner::custom_label))
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl OveroptEnv {
    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        v.count(
            "responses",
            self.responses,
            OVEROPT_MIN_RESPONSES,
            OVEROPT_MAX_RESPONSES,
        )?;
        v.count("features", self.features, 1, OVEROPT_MAX_FEATURES)?;
        v.range("curvature", self.curvature, 0.0, OVEROPT_MAX_CURVATURE)?;
        if let Some(t) = self.ref_temperature {
            v.above("ref_temperature", t, 0.0, OVEROPT_MAX_REF_TEMPERATURE)?;
        }
        v.count("labels", self.labels, 1, OVEROPT_MAX_LABELS)?;
        v.rule(
            self.label_noise.is_finite()
                && (0.0..OVEROPT_MAX_LABEL_NOISE).contains(&self.label_noise),
            "label_noise",
            self.label_noise,
            &format!(
                "a number from 0 up to (not including) {OVEROPT_MAX_LABEL_NOISE}: at one half \
                 the labels say nothing"
            ),
        )?;
        v.count("hidden", self.hidden, 1, OVEROPT_MAX_HIDDEN)?;
        v.count("epochs", self.epochs, 1, OVEROPT_MAX_EPOCHS)?;
        v.above("l2", self.l2, 0.0, OVEROPT_MAX_L2)?;
        v.count("ensemble", self.ensemble, 1, OVEROPT_MAX_ENSEMBLE)?;
        v.count("components", self.components, 1, OVEROPT_MAX_COMPONENTS)?;
        v.rule(
            self.components == 1 || self.ensemble == 1,
            "ensemble",
            self.ensemble,
            "1 with components = 2: each part has one proxy",
        )?;
        v.range(
            "component_correlation",
            self.component_correlation,
            -OVEROPT_MAX_CORRELATION,
            OVEROPT_MAX_CORRELATION,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<OveroptScenario, String> {
        let mut value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
        // The `kind` tag belongs to the Scenario enum, not to this type.
        if let Some(t) = value.as_table_mut() {
            t.remove("kind");
        }
        let s: OveroptScenario = value.try_into().map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    const MINIMAL: &str = r#"
kind = "overoptimization"
seed = 1
[[learners]]
type = "best-of-n"
"#;

    #[test]
    fn a_minimal_file_has_defaults() {
        let s = parse(MINIMAL).unwrap();
        assert_eq!(s.env, OveroptEnv::default());
        assert_eq!(s.env.responses, 2000);
        assert_eq!(s.env.features, 4);
        assert_eq!(s.env.labels, 200);
        assert_eq!(s.env.ensemble, 1);
        assert_eq!(s.labels(), ["best-of-n ≤1000"]);
    }

    #[test]
    fn the_presets_are_valid() {
        for text in [
            include_str!("../../presets/overopt-goodhart.toml"),
            include_str!("../../presets/overopt-ensembles.toml"),
        ] {
            parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }

    fn refused(extra_env: &str, learner: &str) -> String {
        let text = format!(
            "seed = 1\n[env]\n{extra_env}\n[[learners]]\ntype = \"best-of-n\"\n{learner}\n"
        );
        parse(&text).expect_err(&text)
    }

    #[test]
    fn bad_values_are_refused_with_a_clear_message() {
        let e = refused("responses = 6000", "");
        assert!(
            e.contains("env.responses") && e.contains("2 to 5000"),
            "{e}"
        );
        let e = refused("features = 17", "");
        assert!(e.contains("env.features"), "{e}");
        let e = refused("label_noise = 0.5", "");
        assert!(
            e.contains("env.label_noise") && e.contains("say nothing"),
            "{e}"
        );
        let e = refused("ensemble = 9", "");
        assert!(e.contains("env.ensemble") && e.contains("1 to 8"), "{e}");
        let e = refused("proxy = \"cubic\"", "");
        assert!(e.contains("cubic"), "{e}");
        let e = refused("", "max_n = 0");
        assert!(e.contains("learners[0].max_n"), "{e}");
        let e = refused("", "reward = \"uncertainty-weighted\"\npenalty = -1");
        assert!(e.contains("learners[0].penalty"), "{e}");
        let text = "seed = 1\n[[learners]]\ntype = \"kl-optimum\"\nbeta_max = 0.1\nbeta_min = 1\n";
        let e = parse(text).unwrap_err();
        assert!(
            e.contains("beta_min") && e.contains("at most beta_max"),
            "{e}"
        );
        let text = "seed = 1\n[[learners]]\ntype = \"policy-gradient\"\nlearning_rate = 0\n";
        let e = parse(text).unwrap_err();
        assert!(e.contains("learning_rate"), "{e}");
    }

    #[test]
    fn labels_name_the_reward() {
        let text = "seed = 1\n[[learners]]\ntype = \"kl-optimum\"\nreward = \"worst-case\"\n\
                    [[learners]]\ntype = \"policy-gradient\"\nreward = \"uncertainty-weighted\"\n\
                    penalty = 2\n[[learners]]\ntype = \"policy-gradient\"\nreward = \
                    \"uncertainty-weighted\"\npenalty = 2\n";
        let s = parse(text).unwrap();
        assert_eq!(
            s.labels(),
            [
                "KL optimum (WCO)",
                "PG β=0.1, η=100 (UWO λ=2)",
                "PG β=0.1, η=100 (UWO λ=2) #2"
            ]
        );
    }
}
