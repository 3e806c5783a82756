//! The multi-objective scenario (`kind = "pareto"`, the Pareto Lab, demo 4): an
//! environment with two objectives and up to eight learners that look for its Pareto
//! front, drawn as a scatter of returns and a hypervolume curve.
//!
//! ```toml
//! kind = "pareto"
//! seed = 1
//! steps = 30
//! [env]
//! type = "deep-sea-treasure"   # or treasure-map, bandit, helpful-harmless, groups,
//! variant = "concave"          # time-preferences; "convex": the convex variant
//! [[learners]]
//! type = "linear"              # also chebyshev, hypervolume, soup, conditioned, maxmin,
//! weights = 21                 # single-reward, markov-aggregate, augmented-aggregate
//! ```
//!
//! Every environment comes down to a finite set of *outcomes*: the returns (objective 1,
//! objective 2) of its deterministic policies (a path to a treasure, an arm, a response).
//! The scalarising learners (linear, Chebyshev, hypervolume-guided) pick deterministic
//! policies, one per step; the KL-regularised learners (soups, a conditioned policy,
//! MaxMin, single-reward RLHF) hold a softmax policy over the outcomes, anchored at π_ref
//! with strength β, and take one exact mirror-ascent step per time step; the aggregators
//! re-plan among time-preference plans at each step, discounting from now (Markov) or
//! carrying γ_i^τ (augmented).

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const PARETO_MAX_STEPS: usize = 5_000;
pub const PARETO_MAX_LEARNERS: usize = 8;
/// Weights of a scalarisation sweep.
pub const PARETO_MAX_WEIGHTS: usize = 101;
/// Points of a soup's interpolation path or of a conditioned policy's weight grid.
pub const PARETO_MAX_POINTS: usize = 21;
pub const PARETO_MAX_LEARNING_RATE: f64 = 10.0;
pub const PARETO_MAX_BETA: f64 = 100.0;
/// The smallest β: r/β stays below 10⁶ for every allowed reward, so logits stay finite.
pub const PARETO_MIN_BETA: f64 = 0.001;
/// Rows and columns of a treasure map.
pub const PARETO_MAX_SIDE: usize = 12;
/// Steps of an episode (the time objective is at least −horizon).
pub const PARETO_MAX_HORIZON: usize = 100;
pub const PARETO_MAX_TREASURES: usize = 10;
pub const PARETO_MAX_ARMS: usize = 64;
pub const PARETO_MIN_RESPONSES: usize = 2;
pub const PARETO_MAX_RESPONSES: usize = 128;
/// The largest |reward| or treasure.
pub const PARETO_MAX_REWARD: f64 = 1000.0;
pub const PARETO_MAX_CORRELATION: f64 = 0.95;
/// Plans of a time-preferences environment.
pub const PARETO_MAX_PLANS: usize = 16;
/// The latest time a plan may deliver a reward.
pub const PARETO_MAX_TIME: usize = 100;

/// Deep Sea Treasure's map (Vamplew et al. 2011): a submarine starts at `S` (top left),
/// `.` is sea, `#` the sea floor, `A`–`J` the ten treasures, each ending the episode.
pub const DST_MAP: [&str; 11] = [
    "S.........",
    "A.........",
    "#B........",
    "##C.......",
    "###DEF....",
    "######....",
    "######....",
    "######GH..",
    "########..",
    "########I.",
    "#########J",
];
/// The treasures of the concave (original) Deep Sea Treasure, A to J.
pub const DST_CONCAVE: [f64; 10] = [1.0, 2.0, 3.0, 5.0, 8.0, 16.0, 24.0, 50.0, 74.0, 124.0];
/// The treasures of the convex variant: every Pareto point is on the convex hull.
pub const DST_CONVEX: [f64; 10] = [0.7, 8.2, 11.5, 14.0, 15.1, 16.1, 19.6, 20.3, 22.4, 23.7];
/// The shortest time to each treasure, A to J (the published front's second objective).
pub const DST_TIMES: [usize; 10] = [1, 3, 5, 7, 8, 9, 13, 14, 17, 19];
/// The letters that mark treasures in a map, in order.
pub const TREASURE_LETTERS: &str = "ABCDEFGHIJ";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParetoScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Steps of every learner.
    #[serde(default = "default_steps")]
    pub steps: usize,
    pub env: ParetoEnv,
    pub learners: Vec<ParetoLearner>,
}

/// Which Deep Sea Treasure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DstVariant {
    Concave,
    Convex,
}

/// The environment: where the two objectives come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ParetoEnv {
    /// Deep Sea Treasure: objectives (treasure, −time), undiscounted.
    DeepSeaTreasure {
        #[serde(default = "default_variant")]
        variant: DstVariant,
        /// Steps before an episode is cut off with no treasure (return (0, −horizon)).
        #[serde(default = "default_horizon")]
        horizon: usize,
    },
    /// A small deterministic gridworld of your own: `S` start, `.` sea, `#` rock, `A`–`J`
    /// treasures (values in `treasures`, in letter order). Objectives (treasure, −time).
    TreasureMap {
        map: Vec<String>,
        treasures: Vec<f64>,
        #[serde(default = "default_horizon")]
        horizon: usize,
    },
    /// A two-objective bandit: each arm's expected rewards [r₁, r₂].
    Bandit { arms: Vec<Vec<f64>> },
    /// `responses` responses with two gold rewards (helpful, harmless) drawn from the seed
    /// as correlated standard normals, and π_ref = softmax of independent normals.
    HelpfulHarmless {
        #[serde(default = "default_responses")]
        responses: usize,
        #[serde(default = "default_correlation")]
        correlation: f64,
    },
    /// Two groups of users who score the same responses: row k of `rewards` is group k's
    /// reward per response; `shares` the groups' sizes.
    Groups {
        rewards: Vec<Vec<f64>>,
        shares: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ref_probs: Option<Vec<f64>>,
    },
    /// Two objectives discounted at different rates γ₁, γ₂, and a few plans, each
    /// delivering reward r₁ on objective 1 at time t₁ and r₂ on objective 2 at time t₂
    /// (a row [r₁, t₁, r₂, t₂]); the plans are alike until the first delivery of any.
    TimePreferences {
        gammas: Vec<f64>,
        plans: Vec<Vec<f64>>,
    },
}

/// One learner. The scalarising ones (`linear`, `chebyshev`, `hypervolume`) pick one
/// deterministic policy per step; the others hold a softmax policy over the outcomes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ParetoLearner {
    /// Linear scalarisation over a sweep of `weights` weights w = ((k+½)/K, 1 − (k+½)/K):
    /// the deterministic policy maximising w·J (objectives scaled to [0, 1]), one weight
    /// per step.
    Linear {
        #[serde(default = "default_weights")]
        weights: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Chebyshev scalarisation over the same sweep: the policy minimising
    /// max_i w_i·|z*_i − J_i| (scaled objectives), z* the reference point.
    Chebyshev {
        #[serde(default = "default_weights")]
        weights: usize,
        /// z* in the objectives' own units; left out, the ideal point plus 1% of each range.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<Vec<f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Hypervolume-guided dynamic weighting: each step's utility is the hypervolume the
    /// candidate adds to the points found so far, so the weighting moves to wherever the
    /// front is still missing.
    Hypervolume {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Rewarded soups: two single-objective policies (logits over the outcomes) trained
    /// by KL-regularised mirror ascent, or by Adam with the neural engine (`trainer =
    /// "adam"`), then their logits interpolated at `points` values of λ.
    Soup {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_points")]
        points: usize,
        #[serde(default, skip_serializing_if = "SoupTrainer::is_mirror")]
        trainer: SoupTrainer,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// One policy conditioned on the weight: logits = log π_ref + w₁a₁ + w₂a₂, trained on
    /// a weight drawn from the seed at each step; evaluated at `points` weights.
    Conditioned {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default = "default_points")]
        points: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// MaxMin-RLHF: max_π min_k E_π r_k − β·KL(π‖π_ref), by mirror descent on its dual
    /// weights over the objectives (groups).
    Maxmin {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Single-reward RLHF: one reward, the share-weighted mean of the objectives (equal
    /// shares outside `groups`), KL-regularised by mirror ascent.
    SingleReward {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default = "default_lr")]
        learning_rate: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Markov aggregation of discounted objectives: at step τ it re-plans with
    /// w₁·Σγ₁^(t−τ)r₁ + w₂·Σγ₂^(t−τ)r₂, discounting from now (w = (weight, 1 − weight)).
    MarkovAggregate {
        #[serde(default = "default_weight")]
        weight: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The same aggregation with the state augmented by γ_i^τ: at step τ each objective's
    /// weight is w_i·γ_i^τ, which keeps the plan preferred at τ = 0.
    AugmentedAggregate {
        #[serde(default = "default_weight")]
        weight: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    100
}
fn default_variant() -> DstVariant {
    DstVariant::Concave
}
fn default_horizon() -> usize {
    25
}
fn default_responses() -> usize {
    64
}
fn default_correlation() -> f64 {
    -0.6
}
fn default_weights() -> usize {
    21
}
/// How a soup's experts are trained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoupTrainer {
    /// Exact mirror ascent (natural gradient) steps of size η.
    #[default]
    Mirror,
    /// Adam (step size η) on the gradient the neural engine's autodiff takes.
    Adam,
}

impl SoupTrainer {
    fn is_mirror(&self) -> bool {
        *self == SoupTrainer::Mirror
    }
}

fn default_beta() -> f64 {
    0.1
}
fn default_lr() -> f64 {
    1.0
}
fn default_points() -> usize {
    11
}
fn default_weight() -> f64 {
    0.5
}

impl ParetoLearner {
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            ParetoLearner::Linear { label, .. }
            | ParetoLearner::Chebyshev { label, .. }
            | ParetoLearner::Hypervolume { label }
            | ParetoLearner::Soup { label, .. }
            | ParetoLearner::Conditioned { label, .. }
            | ParetoLearner::Maxmin { label, .. }
            | ParetoLearner::SingleReward { label, .. }
            | ParetoLearner::MarkovAggregate { label, .. }
            | ParetoLearner::AugmentedAggregate { label, .. } => label.as_deref(),
        }
    }

    /// β and η of the KL-regularised learners.
    pub fn beta_and_rate(&self) -> Option<(f64, f64)> {
        match *self {
            ParetoLearner::Soup {
                beta,
                learning_rate,
                ..
            }
            | ParetoLearner::Conditioned {
                beta,
                learning_rate,
                ..
            }
            | ParetoLearner::Maxmin {
                beta,
                learning_rate,
                ..
            }
            | ParetoLearner::SingleReward {
                beta,
                learning_rate,
                ..
            } => Some((beta, learning_rate)),
            _ => None,
        }
    }

    /// The curve's name: the label, or the method and its parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        match *self {
            ParetoLearner::Linear { weights, .. } => format!("linear ×{weights}"),
            ParetoLearner::Chebyshev { weights, .. } => format!("Chebyshev ×{weights}"),
            ParetoLearner::Hypervolume { .. } => "hypervolume-guided".to_string(),
            ParetoLearner::Soup {
                beta,
                trainer: SoupTrainer::Adam,
                ..
            } => format!("soup β={beta} (Adam)"),
            ParetoLearner::Soup { beta, .. } => format!("soup β={beta}"),
            ParetoLearner::Conditioned { beta, .. } => format!("conditioned β={beta}"),
            ParetoLearner::Maxmin { beta, .. } => format!("MaxMin β={beta}"),
            ParetoLearner::SingleReward { beta, .. } => format!("single reward β={beta}"),
            ParetoLearner::MarkovAggregate { weight, .. } => format!("Markov w₁={weight}"),
            ParetoLearner::AugmentedAggregate { weight, .. } => format!("augmented w₁={weight}"),
        }
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        match self {
            ParetoLearner::Linear { weights, .. } => {
                v.count("weights", *weights, 1, PARETO_MAX_WEIGHTS)?
            }
            ParetoLearner::Chebyshev {
                weights, reference, ..
            } => {
                v.count("weights", *weights, 1, PARETO_MAX_WEIGHTS)?;
                if let Some(z) = reference {
                    v.rule(
                        z.len() == 2,
                        "reference",
                        format!("{} values", z.len()),
                        "two values, one per objective",
                    )?;
                    for (k, &x) in z.iter().enumerate() {
                        v.range(
                            &format!("reference[{k}]"),
                            x,
                            -PARETO_MAX_REWARD,
                            PARETO_MAX_REWARD,
                        )?;
                    }
                }
            }
            ParetoLearner::Soup { points, .. } | ParetoLearner::Conditioned { points, .. } => {
                v.count("points", *points, 2, PARETO_MAX_POINTS)?
            }
            ParetoLearner::MarkovAggregate { weight, .. }
            | ParetoLearner::AugmentedAggregate { weight, .. } => {
                v.range("weight", *weight, 0.0, 1.0)?
            }
            _ => {}
        }
        if let Some((beta, eta)) = self.beta_and_rate() {
            v.range("beta", beta, PARETO_MIN_BETA, PARETO_MAX_BETA)?;
            v.above("learning_rate", eta, 0.0, PARETO_MAX_LEARNING_RATE)?;
            // The step keeps (1 − ηβ) of the old logits: above 1 it would overshoot.
            v.rule(
                eta * beta <= 1.0,
                "learning_rate",
                eta,
                &format!(
                    "learning_rate × beta ≤ 1 (beta is {beta}: at most {})",
                    1.0 / beta
                ),
            )?;
        }
        Ok(())
    }
}

impl ParetoScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, PARETO_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, PARETO_MAX_LEARNERS)?;
        self.env.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
        }
        v.custom_labels(self.learners.iter().map(ParetoLearner::custom_label))
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl ParetoEnv {
    /// The map and treasures of a gridworld environment (Deep Sea Treasure's own, or the
    /// visitor's), with its horizon; `None` for the others.
    pub fn grid(&self) -> Option<(Vec<String>, Vec<f64>, usize)> {
        match self {
            ParetoEnv::DeepSeaTreasure { variant, horizon } => {
                let t = match variant {
                    DstVariant::Concave => DST_CONCAVE,
                    DstVariant::Convex => DST_CONVEX,
                };
                Some((
                    DST_MAP.iter().map(|r| r.to_string()).collect(),
                    t.to_vec(),
                    *horizon,
                ))
            }
            ParetoEnv::TreasureMap {
                map,
                treasures,
                horizon,
            } => Some((map.clone(), treasures.clone(), *horizon)),
            _ => None,
        }
    }

    /// The objectives' names.
    pub fn objective_names(&self) -> [&'static str; 2] {
        match self {
            ParetoEnv::DeepSeaTreasure { .. } | ParetoEnv::TreasureMap { .. } => {
                ["treasure", "−time"]
            }
            ParetoEnv::Bandit { .. } => ["objective 1", "objective 2"],
            ParetoEnv::HelpfulHarmless { .. } => ["helpful", "harmless"],
            ParetoEnv::Groups { .. } => ["group 1", "group 2"],
            ParetoEnv::TimePreferences { .. } => ["objective 1 (γ₁)", "objective 2 (γ₂)"],
        }
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        match self {
            ParetoEnv::DeepSeaTreasure { horizon, .. } => {
                v.count("horizon", *horizon, 1, PARETO_MAX_HORIZON)
            }
            ParetoEnv::TreasureMap {
                map,
                treasures,
                horizon,
            } => {
                v.count("horizon", *horizon, 1, PARETO_MAX_HORIZON)?;
                validate_map(&v, map, treasures)
            }
            ParetoEnv::Bandit { arms } => {
                v.count("arms", arms.len(), 2, PARETO_MAX_ARMS)?;
                for (k, arm) in arms.iter().enumerate() {
                    v.rule(
                        arm.len() == 2,
                        &format!("arms[{k}]"),
                        format!("{} values", arm.len()),
                        "two expected rewards [r₁, r₂]",
                    )?;
                    for (j, &x) in arm.iter().enumerate() {
                        let name = format!("arms[{k}][{j}]");
                        v.range(&name, x, -PARETO_MAX_REWARD, PARETO_MAX_REWARD)?;
                    }
                }
                Ok(())
            }
            ParetoEnv::HelpfulHarmless {
                responses,
                correlation,
            } => {
                let n = *responses;
                v.count("responses", n, PARETO_MIN_RESPONSES, PARETO_MAX_RESPONSES)?;
                let c = PARETO_MAX_CORRELATION;
                v.range("correlation", *correlation, -c, c)
            }
            ParetoEnv::Groups {
                rewards,
                shares,
                ref_probs,
            } => validate_groups(&v, rewards, shares, ref_probs.as_deref()),
            ParetoEnv::TimePreferences { gammas, plans } => validate_plans(&v, gammas, plans),
        }
    }
}

fn validate_plans(v: &Validator, gammas: &[f64], plans: &[Vec<f64>]) -> Result<(), ScenarioError> {
    v.rule(
        gammas.len() == 2,
        "gammas",
        format!("{} values", gammas.len()),
        "two discount factors, one per objective",
    )?;
    for (k, &g) in gammas.iter().enumerate() {
        v.above(&format!("gammas[{k}]"), g, 0.0, 1.0)?;
    }
    v.count("plans", plans.len(), 2, PARETO_MAX_PLANS)?;
    for (k, plan) in plans.iter().enumerate() {
        let name = format!("plans[{k}]");
        v.rule(
            plan.len() == 4,
            &name,
            format!("{} values", plan.len()),
            "four values [r₁, t₁, r₂, t₂]",
        )?;
        for j in [0, 2] {
            let r = plan[j];
            v.range(
                &format!("{name}[{j}]"),
                r,
                -PARETO_MAX_REWARD,
                PARETO_MAX_REWARD,
            )?;
        }
        for j in [1, 3] {
            let t = plan[j];
            v.rule(
                t.fract() == 0.0 && (0.0..=PARETO_MAX_TIME as f64).contains(&t),
                &format!("{name}[{j}]"),
                t,
                &format!("a time: a whole number from 0 to {PARETO_MAX_TIME}"),
            )?;
        }
    }
    Ok(())
}

fn validate_groups(
    v: &Validator,
    rewards: &[Vec<f64>],
    shares: &[f64],
    ref_probs: Option<&[f64]>,
) -> Result<(), ScenarioError> {
    v.rule(
        rewards.len() == 2,
        "rewards",
        format!("{} rows", rewards.len()),
        "two rows, one per group",
    )?;
    let n = rewards[0].len();
    for (k, row) in rewards.iter().enumerate() {
        let name = format!("rewards[{k}]");
        v.count(&name, row.len(), PARETO_MIN_RESPONSES, PARETO_MAX_RESPONSES)?;
        v.rule(
            row.len() == n,
            &name,
            format!("{} entries", row.len()),
            &format!("{n} entries: one reward per response, as in rewards[0]"),
        )?;
        for (j, &x) in row.iter().enumerate() {
            let name = format!("rewards[{k}][{j}]");
            v.range(&name, x, -PARETO_MAX_REWARD, PARETO_MAX_REWARD)?;
        }
    }
    v.rule(
        shares.len() == 2,
        "shares",
        format!("{} values", shares.len()),
        "two shares, one per group",
    )?;
    for (k, &s) in shares.iter().enumerate() {
        v.above(&format!("shares[{k}]"), s, 0.0, 1.0)?;
    }
    super::check_ref_probs(v, ref_probs, n)
}

fn validate_map(v: &Validator, map: &[String], treasures: &[f64]) -> Result<(), ScenarioError> {
    v.count("map", map.len(), 1, PARETO_MAX_SIDE)?;
    let width = map[0].chars().count();
    let mut starts = 0;
    let mut letters = 0;
    for (r, row) in map.iter().enumerate() {
        let name = format!("map[{r}]");
        v.count(&name, row.chars().count(), 1, PARETO_MAX_SIDE)?;
        v.rule(
            row.chars().count() == width,
            &name,
            format!("{:?}", row),
            &format!("{width} characters: every row as wide as the first"),
        )?;
        for c in row.chars() {
            match c {
                'S' => starts += 1,
                '.' | '#' => {}
                c if TREASURE_LETTERS.contains(c) => {
                    let k = TREASURE_LETTERS.find(c).unwrap_or(0);
                    letters = letters.max(k + 1);
                }
                _ => {
                    return v.rule(
                        false,
                        &name,
                        format!("{:?}", row),
                        "only S (start), . (sea), # (rock) and treasures A to J",
                    );
                }
            }
        }
    }
    v.rule(
        starts == 1,
        "map",
        format!("{starts} starts"),
        "exactly one S",
    )?;
    v.count("treasures", treasures.len(), 1, PARETO_MAX_TREASURES)?;
    v.rule(
        letters <= treasures.len(),
        "treasures",
        format!("{} values", treasures.len()),
        &format!("a value for every treasure letter in the map (at least {letters})"),
    )?;
    for (k, &x) in treasures.iter().enumerate() {
        v.range(&format!("treasures[{k}]"), x, 0.0, PARETO_MAX_REWARD)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParetoScenario, String> {
        let mut value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
        // The `kind` tag belongs to the Scenario enum, not to this type.
        if let Some(t) = value.as_table_mut() {
            t.remove("kind");
        }
        let s: ParetoScenario = value.try_into().map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    const DST: &str = r#"
kind = "pareto"
seed = 1
[env]
type = "deep-sea-treasure"
[[learners]]
type = "linear"
"#;

    #[test]
    fn defaults_and_labels() {
        let s = parse(DST).unwrap();
        assert_eq!(s.steps, 100);
        assert_eq!(
            s.env,
            ParetoEnv::DeepSeaTreasure {
                variant: DstVariant::Concave,
                horizon: 25
            }
        );
        assert_eq!(s.labels(), ["linear ×21"]);
        let (map, treasures, horizon) = s.env.grid().unwrap();
        assert_eq!(
            (map.len(), treasures, horizon),
            (11, DST_CONCAVE.to_vec(), 25)
        );
    }

    #[test]
    fn the_presets_are_valid() {
        for text in [
            include_str!("../../presets/pareto-deep-sea-treasure.toml"),
            include_str!("../../presets/pareto-deep-sea-treasure-convex.toml"),
            include_str!("../../presets/pareto-treasure-map.toml"),
            include_str!("../../presets/pareto-rewarded-soups.toml"),
            include_str!("../../presets/pareto-maxmin-rlhf.toml"),
            include_str!("../../presets/pareto-time-preferences.toml"),
            include_str!("../../presets/pareto-two-objective-bandit.toml"),
        ] {
            parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }

    fn refused(env: &str, learner: &str) -> String {
        let text = format!("kind = \"pareto\"\nseed = 1\n[env]\n{env}\n[[learners]]\n{learner}\n");
        parse(&text).expect_err(&text)
    }

    #[test]
    fn bad_maps_are_refused_with_a_clear_message() {
        let lin = "type = \"linear\"";
        let e = refused(
            "type = \"treasure-map\"\nmap = [\"S.A\", \"..\"]\ntreasures = [1]",
            lin,
        );
        assert!(
            e.contains("map[1]") && e.contains("as wide as the first"),
            "{e}"
        );
        let e = refused(
            "type = \"treasure-map\"\nmap = [\"..A\"]\ntreasures = [1]",
            lin,
        );
        assert!(e.contains("exactly one S"), "{e}");
        let e = refused(
            "type = \"treasure-map\"\nmap = [\"S.B\"]\ntreasures = [1]",
            lin,
        );
        assert!(e.contains("at least 2"), "{e}");
        let e = refused(
            "type = \"treasure-map\"\nmap = [\"S.x\"]\ntreasures = [1]",
            lin,
        );
        assert!(e.contains("only S"), "{e}");
    }

    #[test]
    fn bad_groups_and_learners_are_refused() {
        let lin = "type = \"maxmin\"";
        let e = refused(
            "type = \"groups\"\nrewards = [[1, 0], [0, 1, 2]]\nshares = [0.5, 0.5]",
            lin,
        );
        assert!(e.contains("rewards[1]") && e.contains("2 entries"), "{e}");
        let e = refused(
            "type = \"groups\"\nrewards = [[1, 0]]\nshares = [0.5, 0.5]",
            lin,
        );
        assert!(e.contains("two rows"), "{e}");
        let e = refused(
            "type = \"bandit\"\narms = [[1, 0], [0]]",
            "type = \"linear\"",
        );
        assert!(e.contains("arms[1]"), "{e}");
        let e = refused(
            "type = \"helpful-harmless\"",
            "type = \"soup\"\nbeta = 0.5\nlearning_rate = 3",
        );
        assert!(e.contains("learning_rate × beta ≤ 1"), "{e}");
        let e = refused(
            "type = \"helpful-harmless\"",
            "type = \"chebyshev\"\nreference = [1]",
        );
        assert!(e.contains("two values"), "{e}");
        let e = refused(
            "type = \"time-preferences\"\ngammas = [0.5, 0.9]\nplans = [[1, 2.5, 0, 3], [0, 1, 1, 1]]",
            "type = \"markov-aggregate\"",
        );
        assert!(
            e.contains("plans[0][1]") && e.contains("whole number"),
            "{e}"
        );
        let e = refused(
            "type = \"time-preferences\"\ngammas = [0.5, 1.5]\nplans = [[1, 2, 0, 3], [0, 1, 1, 1]]",
            "type = \"augmented-aggregate\"",
        );
        assert!(e.contains("gammas[1]"), "{e}");
    }
}
