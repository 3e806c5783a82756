//! The Scenario: the unit of everything.
//!
//! A Scenario names what runs (environment, learners, hyperparameters), with which seed,
//! for how long and how many times. The URL encodes it, the Share button exports it, the
//! CLI runs it, presets are files of it and tests load it. Every field is validated: a bad
//! value gives a [`ScenarioError`] naming the field, the value and what is allowed.

mod bandit;
mod bayesopt;
mod constrained;
mod dpo;
mod error;
pub mod form;
pub(crate) mod gridworld;
mod lm;
mod lm_alignment;
mod nash;
mod overoptimization;
mod pareto;
mod policy_gradient;
mod reward_learning;
mod url;

pub use bandit::{
    AgentSpec, BanditScenario, EnvSpec, MAX_AGENTS, MAX_ARMS, MAX_RUN_STEPS, MAX_RUNS, MAX_STEPS,
};
pub use bayesopt::{
    BAYESOPT_GRID_1D, BAYESOPT_GRID_2D, BAYESOPT_MAX_BATCH, BAYESOPT_MAX_BETA,
    BAYESOPT_MAX_DUEL_NOISE, BAYESOPT_MAX_DUELS, BAYESOPT_MAX_FIT_OBSERVATIONS, BAYESOPT_MAX_GAMMA,
    BAYESOPT_MAX_INITIAL, BAYESOPT_MAX_LEARNERS, BAYESOPT_MAX_LENGTHSCALE, BAYESOPT_MAX_MCMC_WORK,
    BAYESOPT_MAX_NOISE, BAYESOPT_MAX_NOISE_VARIANCE, BAYESOPT_MAX_OBSERVATIONS,
    BAYESOPT_MAX_POINTS, BAYESOPT_MAX_PRIOR_WIDTH, BAYESOPT_MAX_RUNS, BAYESOPT_MAX_SAMPLES,
    BAYESOPT_MAX_SIGNAL, BAYESOPT_MAX_STEPS, BAYESOPT_MAX_XI, BAYESOPT_MIN_NOISE_VARIANCE,
    BayesoptEnv, BayesoptLearner, BayesoptScenario, Explore, GpSpec, Inference, Kernel, Objective,
};
pub use constrained::{
    CONSTRAINED_MAX_BETA, CONSTRAINED_MAX_LAMBDA, CONSTRAINED_MAX_LEARNERS,
    CONSTRAINED_MAX_LEARNING_RATE, CONSTRAINED_MAX_RESPONSES, CONSTRAINED_MAX_STEPS,
    CONSTRAINED_MAX_VALUE, CONSTRAINED_MIN_BETA, CONSTRAINED_MIN_RESPONSES, ConstrainedEnv,
    ConstrainedLearner, ConstrainedScenario,
};
pub use dpo::{
    DIVERGENCES, DPO_MAX_FEATURES, DPO_MAX_FLIP, DPO_MAX_LEARNERS, DPO_MAX_LENGTH, DPO_MAX_LIST,
    DPO_MAX_LISTS, DPO_MAX_PAIRS, DPO_MAX_PROMPTS, DPO_MAX_RESPONSES, DPO_MAX_REWARD,
    DPO_MAX_STEPS, DPO_MAX_WORK, DpoEnv, DpoLearner, DpoScenario, ExplicitPair, FEEDBACKS,
    PairsSpec, Rows,
};
pub use error::{ScenarioError, Validator};
pub use gridworld::{
    CellSpec, EvaluationMethod, EvaluationSpec, Exploration, GridEnv, GridLearner, GridScenario,
    LearnerKind, MAX_EPISODE_CAP, MAX_EPISODES, MAX_EXPERIENCE, MAX_GRID_RUNS, MAX_GRID_SIDE,
    MAX_LEARNERS, MAX_N, MAX_NOVELTY_ROWS, MAX_NOVELTY_STATES, MAX_PSRL_STATES, MIN_TOLERANCE,
    MOVE_NAMES, MixedSpec, MonteCarloSpec, Move, MoveOutcome, NStepSpec, Novelty,
    PolicyIterationSpec, PsrlSpec, TdSpec, ValueIterationSpec,
};
pub use lm::{
    LEARNER_LABEL as LM_LEARNER_LABEL, LmBackend, LmCorpus, LmModel, LmOptimizer, LmScenario,
    LmTrain,
};
pub use lm_alignment::{
    ALIGN_MAX_BATCH, ALIGN_MAX_BETA, ALIGN_MAX_BONUS, ALIGN_MAX_EPOCHS, ALIGN_MAX_GROUP,
    ALIGN_MAX_LEARNERS, ALIGN_MAX_LEARNING_RATE, ALIGN_MAX_LENGTH, ALIGN_MAX_PAIRS,
    ALIGN_MAX_PRETRAIN_STEPS, ALIGN_MAX_SHIFT, ALIGN_MAX_STEPS, ALIGN_MAX_WEIGHT, ALIGN_MIN_LENGTH,
    ALIGN_SENTIMENT, ALIGN_WORDS, AlignLearner, AlignRewardSource, AlignScenario, AlignWorld,
    GoldReward, Reference,
};
pub use nash::{
    NASH_MAX_BETA, NASH_MAX_LEARNERS, NASH_MAX_LEARNING_RATE, NASH_MAX_RESPONSES, NASH_MAX_STEPS,
    NASH_MIN_RESPONSES, NASH_TOLERANCE, NashEnv, NashLearner, NashScenario,
};
pub use overoptimization::{
    OVEROPT_MAX_BETA, OVEROPT_MAX_COMPONENTS, OVEROPT_MAX_CORRELATION, OVEROPT_MAX_CURVATURE,
    OVEROPT_MAX_ENSEMBLE, OVEROPT_MAX_EPOCHS, OVEROPT_MAX_FEATURES, OVEROPT_MAX_HIDDEN,
    OVEROPT_MAX_L2, OVEROPT_MAX_LABEL_NOISE, OVEROPT_MAX_LABELS, OVEROPT_MAX_LEARNERS,
    OVEROPT_MAX_LEARNING_RATE, OVEROPT_MAX_N, OVEROPT_MAX_PENALTY, OVEROPT_MAX_POINTS,
    OVEROPT_MAX_REF_TEMPERATURE, OVEROPT_MAX_RESPONSES, OVEROPT_MAX_STEPS, OVEROPT_MIN_BETA,
    OVEROPT_MIN_RESPONSES, OveroptEnv, OveroptLearner, OveroptScenario, ProxyKind, RewardMode,
};
pub use pareto::{
    DST_CONCAVE, DST_CONVEX, DST_MAP, DST_TIMES, DstVariant, PARETO_MAX_ARMS, PARETO_MAX_BETA,
    PARETO_MAX_CORRELATION, PARETO_MAX_HORIZON, PARETO_MAX_LEARNERS, PARETO_MAX_LEARNING_RATE,
    PARETO_MAX_PLANS, PARETO_MAX_POINTS, PARETO_MAX_RESPONSES, PARETO_MAX_REWARD, PARETO_MAX_SIDE,
    PARETO_MAX_STEPS, PARETO_MAX_TIME, PARETO_MAX_TREASURES, PARETO_MAX_WEIGHTS, PARETO_MIN_BETA,
    PARETO_MIN_RESPONSES, ParetoEnv, ParetoLearner, ParetoScenario, SoupTrainer, TREASURE_LETTERS,
};
pub use policy_gradient::{
    Baseline, Lambdas, MAX_EXTRA_QUESTIONS, MAX_TURNS, PG_ENV_TYPES, PG_MAX_BATCH, PG_MAX_BUDGET,
    PG_MAX_CG_ITERS, PG_MAX_EPOCHS, PG_MAX_GROUP, PG_MAX_HIDDEN, PG_MAX_ITERATIONS,
    PG_MAX_LEARNERS, PG_MAX_MINIBATCHES, PG_MAX_RUNS, PG_MAX_TRANSITIONS, PgEnv, PgLearner,
    PgScenario, PolicyKind, QUESTION_BITS, QUESTION_ITEMS, Sampling, Supervision,
    TwentyQuestionsEnv,
};
pub use reward_learning::{
    Feedback, Labeller, QueryRule, REWARD_MAX_CANDIDATES, REWARD_MAX_ENSEMBLE, REWARD_MAX_HIDDEN,
    REWARD_MAX_L2, REWARD_MAX_LEARNERS, REWARD_MAX_MLP_WORK, REWARD_MAX_RATIONALITY,
    REWARD_MAX_RUNS, REWARD_MAX_SEGMENT, REWARD_MAX_STATES, REWARD_MAX_STEPS, REWARD_MAX_WORK,
    REWARD_MLP_STEPS, RewardFeatures, RewardLearner, RewardModel, RewardScenario,
};
pub use url::{MAX_LINK_BYTES, UI_PREFIX, query_pairs, unescape};

use serde::{Deserialize, Serialize};

/// The current format version. Files without a `version` field are read as this version;
/// files from a newer format are refused with a clear message. When the format grows,
/// bump this and teach [`Scenario::migrate`] to lift older files.
pub const CURRENT_VERSION: u32 = 1;

/// Seeds stay below 2⁵³ so they survive JavaScript numbers and TOML's signed integers.
pub const MAX_SEED: u64 = (1 << 53) - 1;

pub(crate) fn current_version() -> u32 {
    CURRENT_VERSION
}

/// Labels made unique by numbering repeats ("SARSA", "SARSA #2"): curves and results
/// are named by them.
pub(crate) fn unique_labels(bases: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for base in bases {
        let mut label = base.clone();
        let mut k = 2;
        while out.contains(&label) {
            label = format!("{base} #{k}");
            k += 1;
        }
        out.push(label);
    }
    out
}

/// π_ref from optional weights, one per response: normalised to sum 1, or uniform over `n`
/// responses when left out.
pub(crate) fn reference_probs(weights: Option<&[f64]>, n: usize) -> Vec<f64> {
    match weights {
        Some(w) => {
            let z: f64 = w.iter().sum();
            w.iter().map(|p| p / z).collect()
        }
        None => vec![1.0 / n as f64; n],
    }
}

/// Optional π_ref weights (`ref_probs`): one positive weight per response.
pub(crate) fn check_ref_probs(
    v: &Validator,
    weights: Option<&[f64]>,
    n: usize,
) -> Result<(), ScenarioError> {
    let Some(r) = weights else {
        return Ok(());
    };
    v.rule(
        r.len() == n,
        "ref_probs",
        format!("{} values", r.len()),
        &format!("one probability per response ({n})"),
    )?;
    for (k, &p) in r.iter().enumerate() {
        v.above(&format!("ref_probs[{k}]"), p, 0.0, 1.0)?;
    }
    Ok(())
}

/// TOML has no null: a field left empty (an absent option) is left out.
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Every kind of scenario the playground runs, told apart by the `kind` field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Scenario {
    Bandit(BanditScenario),
    Gridworld(GridScenario),
    PolicyGradient(PgScenario),
    Transformer(LmScenario),
    Dpo(DpoScenario),
    Nash(NashScenario),
    Overoptimization(OveroptScenario),
    RewardLearning(RewardScenario),
    LmAlignment(AlignScenario),
    Pareto(ParetoScenario),
    Constrained(ConstrainedScenario),
    Bayesopt(BayesoptScenario),
}

/// The largest scenario file read: the biggest preset is a few kilobytes, and a map at
/// the largest side about one, so a larger file is a mistake and is refused before it is
/// parsed.
pub const MAX_FILE_BYTES: usize = 1 << 20;

fn check_size(text: &str, what: &str, limit: usize) -> Result<(), ScenarioError> {
    if text.len() > limit {
        return Err(ScenarioError::Parse(format!(
            "the {what} is {} KB; a scenario {what} is at most {} KB",
            text.len().div_ceil(1024),
            limit / 1024
        )));
    }
    Ok(())
}

impl Scenario {
    /// Parse TOML, then validate.
    pub fn from_toml(text: &str) -> Result<Self, ScenarioError> {
        check_size(text, "file", MAX_FILE_BYTES)?;
        let value: toml::Value =
            toml::from_str(text).map_err(|e| ScenarioError::Parse(e.message().to_string()))?;
        let json = serde_json::to_value(value).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        Self::from_value(json)
    }

    /// Parse JSON, then validate.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        check_size(text, "file", MAX_FILE_BYTES)?;
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        Self::from_value(value)
    }

    /// Read a file's text, as TOML when it looks like TOML and as JSON otherwise.
    pub fn from_text(text: &str) -> Result<Self, ScenarioError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// Build from a generic value (both file formats and the URL form pass through here).
    pub fn from_value(mut value: serde_json::Value) -> Result<Self, ScenarioError> {
        Self::migrate(&mut value)?;
        let scenario: Scenario =
            serde_json::from_value(value).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Lift an older file to the current format. Version 1 is the first, so this only
    /// refuses versions it does not know.
    fn migrate(value: &mut serde_json::Value) -> Result<(), ScenarioError> {
        let Some(obj) = value.as_object_mut() else {
            return Err(ScenarioError::Parse(
                "a scenario must be a table of fields".into(),
            ));
        };
        match obj.get("version") {
            None => Ok(()),
            Some(v) => match v.as_u64() {
                Some(n) if (1..=CURRENT_VERSION as u64).contains(&n) => Ok(()),
                Some(n) if n > CURRENT_VERSION as u64 => Err(ScenarioError::invalid(
                    "version",
                    n,
                    format!(
                        "1 to {CURRENT_VERSION} (this file was written by a newer Policy Playground)"
                    ),
                )),
                _ => Err(ScenarioError::invalid("version", v, "a whole number ≥ 1")),
            },
        }
    }

    /// Check every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        match self {
            Scenario::Bandit(b) => b.validate(),
            Scenario::Gridworld(g) => g.validate(),
            Scenario::PolicyGradient(p) => p.validate(),
            Scenario::Transformer(t) => t.validate(),
            Scenario::Dpo(d) => d.validate(),
            Scenario::Nash(n) => n.validate(),
            Scenario::Overoptimization(o) => o.validate(),
            Scenario::RewardLearning(r) => r.validate(),
            Scenario::LmAlignment(a) => a.validate(),
            Scenario::Pareto(p) => p.validate(),
            Scenario::Constrained(c) => c.validate(),
            Scenario::Bayesopt(b) => b.validate(),
        }
    }

    /// The scenario as a generic value: the one serialisation every format goes through
    /// (TOML, JSON, links), so the web bundle holds one serialiser per spec type.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a validated scenario always serialises")
    }

    pub fn to_toml(&self) -> String {
        let mut value = self.to_value();
        drop_nulls(&mut value);
        toml::to_string(&value).expect("a validated scenario always serialises")
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value())
            .expect("a validated scenario always serialises")
    }

    /// The seed, whatever the kind.
    pub fn seed(&self) -> u64 {
        match self {
            Scenario::Bandit(b) => b.seed,
            Scenario::Gridworld(g) => g.seed,
            Scenario::PolicyGradient(p) => p.seed,
            Scenario::Transformer(t) => t.seed,
            Scenario::Dpo(d) => d.seed,
            Scenario::Nash(n) => n.seed,
            Scenario::Overoptimization(o) => o.seed,
            Scenario::RewardLearning(r) => r.seed,
            Scenario::LmAlignment(a) => a.seed,
            Scenario::Pareto(p) => p.seed,
            Scenario::Constrained(c) => c.seed,
            Scenario::Bayesopt(b) => b.seed,
        }
    }

    /// The same scenario with another seed (the Reseed button).
    pub fn with_seed(&self, seed: u64) -> Self {
        let mut s = self.clone();
        match &mut s {
            Scenario::Bandit(b) => b.seed = seed,
            Scenario::Gridworld(g) => g.seed = seed,
            Scenario::PolicyGradient(p) => p.seed = seed,
            Scenario::Transformer(t) => t.seed = seed,
            Scenario::Dpo(d) => d.seed = seed,
            Scenario::Nash(n) => n.seed = seed,
            Scenario::Overoptimization(o) => o.seed = seed,
            Scenario::RewardLearning(r) => r.seed = seed,
            Scenario::LmAlignment(a) => a.seed = seed,
            Scenario::Pareto(p) => p.seed = seed,
            Scenario::Constrained(c) => c.seed = seed,
            Scenario::Bayesopt(b) => b.seed = seed,
        }
        s
    }

    /// The learners' labels, in order: the names of curves and of results.
    pub fn labels(&self) -> Vec<String> {
        match self {
            Scenario::Bandit(b) => b.labels(),
            Scenario::Gridworld(g) => g.labels(),
            Scenario::PolicyGradient(p) => p.labels(),
            Scenario::Transformer(_) => vec![lm::LEARNER_LABEL.to_string()],
            Scenario::Dpo(d) => d.labels(),
            Scenario::Nash(n) => n.labels(),
            Scenario::Overoptimization(o) => o.labels(),
            Scenario::RewardLearning(r) => r.labels(),
            Scenario::LmAlignment(a) => a.labels(),
            Scenario::Pareto(p) => p.labels(),
            Scenario::Constrained(c) => c.labels(),
            Scenario::Bayesopt(b) => b.labels(),
        }
    }

    /// The `kind` tag as written in files and URLs.
    pub fn kind(&self) -> &'static str {
        match self {
            Scenario::Bandit(_) => "bandit",
            Scenario::Gridworld(_) => "gridworld",
            Scenario::PolicyGradient(_) => "policy-gradient",
            Scenario::Transformer(_) => "transformer",
            Scenario::Dpo(_) => "dpo",
            Scenario::Nash(_) => "nash",
            Scenario::Overoptimization(_) => "overoptimization",
            Scenario::RewardLearning(_) => "reward-learning",
            Scenario::LmAlignment(_) => "lm-alignment",
            Scenario::Pareto(_) => "pareto",
            Scenario::Constrained(_) => "constrained",
            Scenario::Bayesopt(_) => "bayesopt",
        }
    }
}
