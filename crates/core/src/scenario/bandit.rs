//! The Bandit Arena's scenario: one environment, up to eight agents side by side.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

/// The most agents one arena compares.
pub const MAX_AGENTS: usize = 8;
/// Arms an environment may have.
pub const MAX_ARMS: usize = 64;
/// Limits that keep a run finite in a browser tab.
pub const MAX_STEPS: usize = 100_000;
pub const MAX_RUNS: usize = 10_000;
/// runs × steps per agent: ~10 s of work on a laptop for the slowest agent.
pub const MAX_RUN_STEPS: usize = 20_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BanditScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Time steps per run (the horizon T).
    pub steps: usize,
    /// Independent runs averaged in every curve.
    pub runs: usize,
    pub env: EnvSpec,
    pub agents: Vec<AgentSpec>,
}

/// The environments. Every one is a k-armed bandit; they differ in how rewards are made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum EnvSpec {
    /// Arm a pays 1 with probability means[a], else 0.
    Bernoulli { means: Vec<f64> },
    /// Sutton & Barto's 10-armed testbed: q*(a) ~ N(offset, 1) per run, rewards ~ N(q*(a), 1).
    GaussianTestbed {
        #[serde(default = "ten")]
        arms: usize,
        #[serde(default)]
        offset: f64,
    },
    /// Fixed Gaussian arms with their own standard deviations.
    Gaussian { means: Vec<f64>, sds: Vec<f64> },
    /// All q*(a) start at `initial` and take independent N(0, walk_sd²) steps every step;
    /// rewards ~ N(q*(a), 1) (Sutton & Barto, exercise 2.5).
    Nonstationary {
        #[serde(default = "ten")]
        arms: usize,
        #[serde(default = "default_walk_sd")]
        walk_sd: f64,
        #[serde(default)]
        initial: f64,
    },
    /// An oblivious adversary that knew your algorithm: the reward table is fixed before
    /// the run by simulating UCB with exploration constant `rigged_c` and paying 0 on the
    /// arm UCB is about to pull and 1 on every other arm.
    Adversarial {
        #[serde(default = "two")]
        arms: usize,
        #[serde(default = "default_c")]
        rigged_c: f64,
    },
}

/// The agents. `label` names the curve; left out, it is made from the parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AgentSpec {
    /// ε-greedy; ε = 0 is greedy. `step_size` None means sample averages, Some(α) a
    /// constant step size; `initial` is Q₁ (set it high for optimistic initial values).
    EpsilonGreedy {
        epsilon: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        step_size: Option<f64>,
        #[serde(default)]
        initial: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Upper confidence bound, index Q(a) + c·√(ln t / N(a)). c = √2 is Auer et al.'s UCB1.
    Ucb {
        #[serde(default = "default_c")]
        c: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// KL-UCB for rewards in [0, 1]: the largest q with N(a)·kl(Q(a), q) ≤ ln t + c·ln ln t.
    KlUcb {
        #[serde(default)]
        c: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Thompson sampling with a Beta(prior_a, prior_b) prior on Bernoulli arms.
    ThompsonBeta {
        #[serde(default = "one")]
        prior_a: f64,
        #[serde(default = "one")]
        prior_b: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Thompson sampling for Gaussian rewards of known standard deviation `noise_sd`, with a
    /// N(prior_mean, prior_sd²) prior on each arm's mean.
    ThompsonGaussian {
        #[serde(default)]
        prior_mean: f64,
        #[serde(default = "one")]
        prior_sd: f64,
        #[serde(default = "one")]
        noise_sd: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Thompson sampling for Gaussian rewards of unknown variance, with a
    /// Normal–Gamma(mu0, lambda0, alpha0, beta0) prior on (mean, precision).
    ThompsonNormalGamma {
        #[serde(default)]
        mu0: f64,
        #[serde(default = "one")]
        lambda0: f64,
        #[serde(default = "one")]
        alpha0: f64,
        #[serde(default = "one")]
        beta0: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Gradient bandit (softmax preferences), step size `alpha`, with or without the
    /// average-reward baseline.
    Gradient {
        alpha: f64,
        #[serde(default = "yes")]
        baseline: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// EXP3 (Auer et al. 2002) for rewards in [0, 1], exploration rate `gamma`.
    Exp3 {
        #[serde(default = "default_gamma")]
        gamma: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn ten() -> usize {
    10
}
fn two() -> usize {
    2
}
fn one() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}
fn default_c() -> f64 {
    2.0
}
fn default_walk_sd() -> f64 {
    0.01
}
fn default_gamma() -> f64 {
    0.1
}

impl EnvSpec {
    /// Number of arms.
    pub fn arms(&self) -> usize {
        match self {
            EnvSpec::Bernoulli { means } | EnvSpec::Gaussian { means, .. } => means.len(),
            EnvSpec::GaussianTestbed { arms, .. }
            | EnvSpec::Nonstationary { arms, .. }
            | EnvSpec::Adversarial { arms, .. } => *arms,
        }
    }

    /// True when every reward lies in [0, 1] (what EXP3, KL-UCB and Beta TS assume).
    pub fn rewards_in_unit_interval(&self) -> bool {
        matches!(
            self,
            EnvSpec::Bernoulli { .. } | EnvSpec::Adversarial { .. }
        )
    }

    /// The `type` tag as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            EnvSpec::Bernoulli { .. } => "bernoulli",
            EnvSpec::GaussianTestbed { .. } => "gaussian-testbed",
            EnvSpec::Gaussian { .. } => "gaussian",
            EnvSpec::Nonstationary { .. } => "nonstationary",
            EnvSpec::Adversarial { .. } => "adversarial",
        }
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        v.count("arms", self.arms(), 2, MAX_ARMS)?;
        match self {
            EnvSpec::Bernoulli { means } => {
                for (i, &m) in means.iter().enumerate() {
                    v.range(&format!("means[{i}]"), m, 0.0, 1.0)?;
                }
            }
            EnvSpec::GaussianTestbed { offset, .. } => v.range("offset", *offset, -100.0, 100.0)?,
            EnvSpec::Gaussian { means, sds } => {
                v.rule(
                    sds.len() == means.len(),
                    "sds",
                    format!("{} values", sds.len()),
                    &format!("one standard deviation per arm ({} values)", means.len()),
                )?;
                for (i, &m) in means.iter().enumerate() {
                    v.range(&format!("means[{i}]"), m, -100.0, 100.0)?;
                }
                for (i, &s) in sds.iter().enumerate() {
                    v.above(&format!("sds[{i}]"), s, 0.0, 100.0)?;
                }
            }
            EnvSpec::Nonstationary {
                walk_sd, initial, ..
            } => {
                v.range("walk_sd", *walk_sd, 0.0, 10.0)?;
                v.range("initial", *initial, -100.0, 100.0)?;
            }
            EnvSpec::Adversarial { rigged_c, .. } => v.range("rigged_c", *rigged_c, 0.0, 100.0)?,
        }
        Ok(())
    }
}

impl AgentSpec {
    /// The user's label, if any.
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            AgentSpec::EpsilonGreedy { label, .. }
            | AgentSpec::Ucb { label, .. }
            | AgentSpec::KlUcb { label, .. }
            | AgentSpec::ThompsonBeta { label, .. }
            | AgentSpec::ThompsonGaussian { label, .. }
            | AgentSpec::ThompsonNormalGamma { label, .. }
            | AgentSpec::Gradient { label, .. }
            | AgentSpec::Exp3 { label, .. } => label.as_deref(),
        }
    }

    /// The label shown on curves: the user's, or one made from the parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        match self {
            AgentSpec::EpsilonGreedy {
                epsilon,
                step_size,
                initial,
                ..
            } => {
                let mut s = if *epsilon == 0.0 {
                    "greedy".to_string()
                } else {
                    format!("ε-greedy ε={epsilon}")
                };
                if let Some(a) = step_size {
                    s += &format!(" α={a}");
                }
                if *initial != 0.0 {
                    s += &format!(" Q₁={initial}");
                }
                s
            }
            AgentSpec::Ucb { c, .. } if (*c - std::f64::consts::SQRT_2).abs() < 1e-12 => {
                "UCB1 c=√2".to_string()
            }
            AgentSpec::Ucb { c, .. } => format!("UCB c={c}"),
            AgentSpec::KlUcb { c, .. } => format!("KL-UCB c={c}"),
            AgentSpec::ThompsonBeta { .. } => "Thompson (Beta)".to_string(),
            AgentSpec::ThompsonGaussian { .. } => "Thompson (Gaussian)".to_string(),
            AgentSpec::ThompsonNormalGamma { .. } => "Thompson (Normal–Gamma)".to_string(),
            AgentSpec::Gradient {
                alpha, baseline, ..
            } => {
                let b = if *baseline { "with" } else { "without" };
                format!("gradient α={alpha} {b} baseline")
            }
            AgentSpec::Exp3 { gamma, .. } => format!("EXP3 γ={gamma}"),
        }
    }

    /// The `type` tag as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            AgentSpec::EpsilonGreedy { .. } => "epsilon-greedy",
            AgentSpec::Ucb { .. } => "ucb",
            AgentSpec::KlUcb { .. } => "kl-ucb",
            AgentSpec::ThompsonBeta { .. } => "thompson-beta",
            AgentSpec::ThompsonGaussian { .. } => "thompson-gaussian",
            AgentSpec::ThompsonNormalGamma { .. } => "thompson-normal-gamma",
            AgentSpec::Gradient { .. } => "gradient",
            AgentSpec::Exp3 { .. } => "exp3",
        }
    }

    /// Agents that keep a posterior over each arm's mean (Thompson sampling), which the
    /// page animates.
    pub fn has_posterior(&self) -> bool {
        matches!(
            self,
            AgentSpec::ThompsonBeta { .. }
                | AgentSpec::ThompsonGaussian { .. }
                | AgentSpec::ThompsonNormalGamma { .. }
        )
    }

    /// Agents whose maths assumes rewards in [0, 1].
    fn needs_unit_rewards(&self) -> bool {
        matches!(
            self,
            AgentSpec::KlUcb { .. } | AgentSpec::ThompsonBeta { .. } | AgentSpec::Exp3 { .. }
        )
    }

    fn validate(&self, index: usize, env: &EnvSpec) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("agents[{index}]"));
        if self.needs_unit_rewards() && !env.rewards_in_unit_interval() {
            return Err(ScenarioError::invalid(
                format!("agents[{index}].type"),
                self.type_name(),
                format!(
                    "an agent for rewards in [0, 1]; env.type = {} pays unbounded rewards \
                     (use bernoulli or adversarial)",
                    env.type_name()
                ),
            ));
        }
        if let Some(l) = self.custom_label() {
            v.rule(
                !l.trim().is_empty() && l.chars().count() <= 40,
                "label",
                format!("{l:?}"),
                "1 to 40 characters",
            )?;
        }
        match self {
            AgentSpec::EpsilonGreedy {
                epsilon,
                step_size,
                initial,
                ..
            } => {
                v.range("epsilon", *epsilon, 0.0, 1.0)?;
                if let Some(a) = step_size {
                    v.above("step_size", *a, 0.0, 1.0)?;
                }
                v.range("initial", *initial, -100.0, 100.0)
            }
            AgentSpec::Ucb { c, .. } => v.range("c", *c, 0.0, 100.0),
            AgentSpec::KlUcb { c, .. } => v.range("c", *c, 0.0, 10.0),
            AgentSpec::ThompsonBeta {
                prior_a, prior_b, ..
            } => {
                v.above("prior_a", *prior_a, 0.0, 1e6)?;
                v.above("prior_b", *prior_b, 0.0, 1e6)
            }
            AgentSpec::ThompsonGaussian {
                prior_mean,
                prior_sd,
                noise_sd,
                ..
            } => {
                v.range("prior_mean", *prior_mean, -100.0, 100.0)?;
                v.above("prior_sd", *prior_sd, 0.0, 1e3)?;
                v.above("noise_sd", *noise_sd, 0.0, 1e3)
            }
            AgentSpec::ThompsonNormalGamma {
                mu0,
                lambda0,
                alpha0,
                beta0,
                ..
            } => {
                v.range("mu0", *mu0, -100.0, 100.0)?;
                v.above("lambda0", *lambda0, 0.0, 1e6)?;
                v.above("alpha0", *alpha0, 0.0, 1e6)?;
                v.above("beta0", *beta0, 0.0, 1e6)
            }
            AgentSpec::Gradient { alpha, .. } => v.above("alpha", *alpha, 0.0, 10.0),
            AgentSpec::Exp3 { gamma, .. } => v.above("gamma", *gamma, 0.0, 1.0),
        }
    }
}

impl BanditScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, MAX_STEPS)?;
        v.count("runs", self.runs, 1, MAX_RUNS)?;
        v.rule(
            self.runs * self.steps <= MAX_RUN_STEPS,
            "runs",
            self.runs,
            &format!(
                "runs × steps ≤ {MAX_RUN_STEPS} (at most {} runs of {} steps)",
                MAX_RUN_STEPS / self.steps,
                self.steps
            ),
        )?;
        v.count("agents", self.agents.len(), 1, MAX_AGENTS)
            .map_err(|_| {
                ScenarioError::invalid(
                    "agents",
                    format!("{} agents", self.agents.len()),
                    format!("1 to {MAX_AGENTS} agents"),
                )
            })?;
        self.env.validate()?;
        for (i, a) in self.agents.iter().enumerate() {
            a.validate(i, &self.env)?;
        }
        Ok(())
    }

    /// Curve labels, made unique by numbering repeats ("UCB c=2", "UCB c=2 #2").
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.agents.iter().map(|a| a.label()))
    }
}
