//! The Gridworld Lab's learners: planners (policy evaluation, value and policy
//! iteration) and learners from experience (TD, n-step, Monte Carlo, PSRL), with their
//! exploration settings, labels and validation.

use serde::{Deserialize, Serialize};

use super::env::{is_false, is_zero};
use super::*;
use crate::gridworld::{Grid, Policy};
use crate::scenario::{ScenarioError, Validator};

/// The learners. Planners (`policy-evaluation`, `value-iteration`, `policy-iteration`)
/// read the model; the others learn from episodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum GridLearner {
    /// v_π of one policy, by sweeps or by one linear solve.
    PolicyEvaluation(EvaluationSpec),
    /// Synchronous value iteration.
    ValueIteration(ValueIterationSpec),
    /// Policy iteration with exact evaluation (a linear solve per iteration).
    PolicyIteration(PolicyIterationSpec),
    /// Off-policy TD control: target r + γ max Q(s′, ·).
    QLearning(TdSpec),
    /// On-policy TD control: target r + γ Q(s′, a′) for the action a′ taken next.
    Sarsa(TdSpec),
    /// Target r + γ Σ π(a′|s′) Q(s′, a′) under the behaviour policy.
    ExpectedSarsa(TdSpec),
    /// Two tables, each evaluated at the other's greedy action (van Hasselt 2010).
    DoubleQLearning(TdSpec),
    /// SARSA with n-step returns.
    NStepSarsa(NStepSpec),
    /// On-policy first-visit Monte Carlo control with an ε-soft policy.
    MonteCarlo(MonteCarloSpec),
    /// Target r + γ[(1 − κ)·E_π Q(s′, ·) + κ·max Q(s′, ·)], κ annealed over the episodes.
    MixedBackup(MixedSpec),
    /// Posterior sampling: one sampled model per episode, solved, then followed greedily.
    Psrl(PsrlSpec),
}

/// How policy evaluation computes v_π.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvaluationMethod {
    /// Iterative policy evaluation: one Bellman sweep per step.
    #[default]
    Sweeps,
    /// One exact solve of (I − γP_π) v = r_π.
    Linear,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationSpec {
    /// Rows of arrows (←↑→↓, or <^>v), one per cell where the agent acts; other cells
    /// hold any other character. Left out: the equiprobable random policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(default)]
    pub method: EvaluationMethod,
    /// Sweeps update the values in place (Gauss–Seidel) instead of from a copy.
    #[serde(default)]
    pub in_place: bool,
    /// Sweeping stops once no value changes by more than this.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueIterationSpec {
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyIterationSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The settings every learner that learns from experience shares.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Exploration {
    /// Probability of a uniformly random action (ε-greedy).
    pub epsilon: f64,
    /// Above 0: Boltzmann (softmax) selection at this temperature instead of ε-greedy.
    pub temperature: f64,
    /// Q₀, every action value's starting point.
    pub initial: f64,
    /// β of the count bonus β/√N(s, a) added to each reward.
    pub bonus: f64,
    /// A constant c added to every reward.
    pub reward_shift: f64,
    /// Weight of the information-gain reward (see `gridworld::bonus`).
    pub info_gain: f64,
}

/// The episodic novelty settings of the one-step TD learners (`gridworld::novelty`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Novelty {
    /// β, paid on the first visit to a cell in an episode.
    pub beta: f64,
    /// The table is indexed by (state, set of cells visited this episode).
    pub state: bool,
}

impl Novelty {
    /// Whether the learner tracks the cells it visits (and so reports `coverage`).
    pub fn used(&self) -> bool {
        self.beta > 0.0 || self.state
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TdSpec {
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    /// β of an episodic novelty bonus, paid on the first visit to a cell in an episode
    /// (see `gridworld::novelty`). Left out of files when 0, as `novelty_state` when false,
    /// so links and files written before they existed read the same.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub novelty: f64,
    /// Index the table by (state, set of cells visited this episode): the statistic the
    /// novelty bonus depends on, so the learner's objective is stationary (SOFE).
    #[serde(default, skip_serializing_if = "is_false")]
    pub novelty_state: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NStepSpec {
    #[serde(default = "default_n")]
    pub n: usize,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixedSpec {
    /// κ in the first episode (1: the optimality operator, Q-learning's max).
    #[serde(default = "one")]
    pub kappa_start: f64,
    /// κ in the last episode (0: the Bellman operator of the behaviour policy).
    #[serde(default)]
    pub kappa_end: f64,
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloSpec {
    /// A constant step size; left out, sample averages of the returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
    #[serde(default)]
    pub temperature: f64,
    #[serde(default)]
    pub initial: f64,
    #[serde(default)]
    pub bonus: f64,
    #[serde(default)]
    pub reward_shift: f64,
    #[serde(default)]
    pub info_gain: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PsrlSpec {
    /// α₀ of the Dirichlet prior on each next-state distribution, per state.
    #[serde(default = "one")]
    pub prior: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

fn default_tolerance() -> f64 {
    1e-10
}
fn default_alpha() -> f64 {
    0.1
}
fn default_epsilon() -> f64 {
    0.1
}
fn default_n() -> usize {
    4
}
fn one() -> f64 {
    1.0
}

impl Default for ValueIterationSpec {
    fn default() -> Self {
        ValueIterationSpec {
            tolerance: default_tolerance(),
            label: None,
        }
    }
}

impl Default for TdSpec {
    fn default() -> Self {
        TdSpec {
            alpha: default_alpha(),
            epsilon: default_epsilon(),
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            novelty: 0.0,
            novelty_state: false,
            label: None,
        }
    }
}

/// What a learner is, as the engine needs it: the shared settings pulled out of
/// whichever spec holds them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LearnerKind {
    Evaluation,
    ValueIteration,
    PolicyIteration,
    /// Learns from episodes: its step size (None: sample averages) and exploration.
    Experience(Option<f64>, Exploration),
    Psrl,
}

impl GridLearner {
    /// The user's label, if any.
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            GridLearner::PolicyEvaluation(s) => s.label.as_deref(),
            GridLearner::ValueIteration(s) => s.label.as_deref(),
            GridLearner::PolicyIteration(s) => s.label.as_deref(),
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => s.label.as_deref(),
            GridLearner::NStepSarsa(s) => s.label.as_deref(),
            GridLearner::MonteCarlo(s) => s.label.as_deref(),
            GridLearner::MixedBackup(s) => s.label.as_deref(),
            GridLearner::Psrl(s) => s.label.as_deref(),
        }
    }

    /// The `type` tag as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            GridLearner::PolicyEvaluation(_) => "policy-evaluation",
            GridLearner::ValueIteration(_) => "value-iteration",
            GridLearner::PolicyIteration(_) => "policy-iteration",
            GridLearner::QLearning(_) => "q-learning",
            GridLearner::Sarsa(_) => "sarsa",
            GridLearner::ExpectedSarsa(_) => "expected-sarsa",
            GridLearner::DoubleQLearning(_) => "double-q-learning",
            GridLearner::NStepSarsa(_) => "n-step-sarsa",
            GridLearner::MonteCarlo(_) => "monte-carlo",
            GridLearner::MixedBackup(_) => "mixed-backup",
            GridLearner::Psrl(_) => "psrl",
        }
    }

    /// The shared settings, by family.
    pub fn kind(&self) -> LearnerKind {
        match self {
            GridLearner::PolicyEvaluation(_) => LearnerKind::Evaluation,
            GridLearner::ValueIteration(_) => LearnerKind::ValueIteration,
            GridLearner::PolicyIteration(_) => LearnerKind::PolicyIteration,
            GridLearner::Psrl(_) => LearnerKind::Psrl,
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => {
                LearnerKind::Experience(Some(s.alpha), s.exploration())
            }
            GridLearner::NStepSarsa(s) => LearnerKind::Experience(Some(s.alpha), s.exploration()),
            GridLearner::MixedBackup(s) => LearnerKind::Experience(Some(s.alpha), s.exploration()),
            GridLearner::MonteCarlo(s) => LearnerKind::Experience(s.alpha, s.exploration()),
        }
    }

    /// The episodic novelty settings (the one-step TD learners have them; others: none).
    pub fn novelty(&self) -> Novelty {
        match self {
            GridLearner::QLearning(s)
            | GridLearner::Sarsa(s)
            | GridLearner::ExpectedSarsa(s)
            | GridLearner::DoubleQLearning(s) => Novelty {
                beta: s.novelty,
                state: s.novelty_state,
            },
            _ => Novelty::default(),
        }
    }

    /// Learners that read the model and plan, rather than learn from episodes.
    pub fn is_planner(&self) -> bool {
        matches!(
            self.kind(),
            LearnerKind::Evaluation | LearnerKind::ValueIteration | LearnerKind::PolicyIteration
        )
    }

    /// Learners that look for the best policy (all but policy evaluation).
    pub fn optimises(&self) -> bool {
        self.kind() != LearnerKind::Evaluation
    }

    /// The label shown on curves: the user's, or one made from the parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let base = match self {
            GridLearner::PolicyEvaluation(s) => evaluation_label(s),
            GridLearner::ValueIteration(_) => "value iteration".to_string(),
            GridLearner::PolicyIteration(_) => "policy iteration".to_string(),
            GridLearner::QLearning(_) => "Q-learning".to_string(),
            GridLearner::Sarsa(_) => "SARSA".to_string(),
            GridLearner::ExpectedSarsa(_) => "expected SARSA".to_string(),
            GridLearner::DoubleQLearning(_) => "double Q-learning".to_string(),
            GridLearner::NStepSarsa(s) => format!("{}-step SARSA", s.n),
            GridLearner::MonteCarlo(_) => "Monte Carlo".to_string(),
            GridLearner::MixedBackup(s) => {
                format!("mixed backup κ {}→{}", s.kappa_start, s.kappa_end)
            }
            GridLearner::Psrl(s) if s.prior == 1.0 => "PSRL".to_string(),
            GridLearner::Psrl(s) => format!("PSRL α₀={}", s.prior),
        };
        match self.kind() {
            LearnerKind::Experience(alpha, e) => {
                base + &exploration_label(alpha, &e) + &novelty_label(self.novelty())
            }
            _ => base,
        }
    }

    pub(super) fn validate(
        &self,
        index: usize,
        grid: &Grid,
        env: &GridEnv,
    ) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{index}]"));
        if let Some(l) = self.custom_label() {
            v.rule(
                !l.trim().is_empty() && l.chars().count() <= 40,
                "label",
                format!("{l:?}"),
                "1 to 40 characters",
            )?;
        }
        match self {
            GridLearner::PolicyEvaluation(s) => {
                s.validate(&v, index, grid, env)?;
            }
            GridLearner::ValueIteration(s) => {
                v.range("tolerance", s.tolerance, MIN_TOLERANCE, 1.0)?;
            }
            GridLearner::PolicyIteration(_) => {}
            GridLearner::NStepSarsa(s) => v.count("n", s.n, 1, MAX_N)?,
            GridLearner::MixedBackup(s) => {
                v.range("kappa_start", s.kappa_start, 0.0, 1.0)?;
                v.range("kappa_end", s.kappa_end, 0.0, 1.0)?;
            }
            GridLearner::Psrl(s) => {
                v.above("prior", s.prior, 0.0, 1000.0)?;
                v.rule(
                    grid.states() <= MAX_PSRL_STATES,
                    "type",
                    "psrl",
                    &format!(
                        "a learner for maps of at most {MAX_PSRL_STATES} free cells (this map \
                         has {}): PSRL samples and solves a whole model every episode",
                        grid.states()
                    ),
                )?;
            }
            _ => {}
        }
        if let LearnerKind::Experience(alpha, e) = self.kind() {
            if let Some(a) = alpha {
                v.above("alpha", a, 0.0, 1.0)?;
            }
            e.validate(&v)?;
        }
        v.range("novelty", self.novelty().beta, 0.0, 1000.0)
    }
}

/// The exploration settings of each spec that has them (the same six fields in each).
macro_rules! exploration_of {
    ($($spec:ty),*) => {$(
        impl $spec {
            pub fn exploration(&self) -> Exploration {
                Exploration {
                    epsilon: self.epsilon,
                    temperature: self.temperature,
                    initial: self.initial,
                    bonus: self.bonus,
                    reward_shift: self.reward_shift,
                    info_gain: self.info_gain,
                }
            }
        }
    )*};
}
exploration_of!(TdSpec, NStepSpec, MixedSpec, MonteCarloSpec);

impl Exploration {
    fn validate(&self, v: &Validator) -> Result<(), ScenarioError> {
        v.range("epsilon", self.epsilon, 0.0, 1.0)?;
        v.range("temperature", self.temperature, 0.0, 1000.0)?;
        v.range("initial", self.initial, -1e6, 1e6)?;
        v.range("bonus", self.bonus, 0.0, 1000.0)?;
        v.range("reward_shift", self.reward_shift, -1000.0, 1000.0)?;
        v.range("info_gain", self.info_gain, 0.0, 1000.0)
    }
}

impl EvaluationSpec {
    fn validate(
        &self,
        v: &Validator,
        index: usize,
        grid: &Grid,
        env: &GridEnv,
    ) -> Result<(), ScenarioError> {
        v.range("tolerance", self.tolerance, MIN_TOLERANCE, 1.0)?;
        v.rule(
            !(self.in_place && self.method == EvaluationMethod::Linear),
            "in_place",
            true,
            "false with method = \"linear\" (sweeping in place is a way of sweeping)",
        )?;
        let field = format!("learners[{index}].policy");
        let policy = match &self.policy {
            Some(text) => Policy::parse(text, grid, &field)?,
            None => Policy::uniform(grid.mdp()),
        };
        if env.gamma == 1.0
            && let Some(state) = grid.first_state_stuck_under(|s, a| policy.prob(s, a) > 0.0)
        {
            let (r, c) = grid.cell_of(state);
            return Err(ScenarioError::invalid(
                field,
                format!(
                    "a policy that never ends from row {}, column {}",
                    r + 1,
                    c + 1
                ),
                "a policy that reaches a terminal cell from every cell when env.gamma = 1 \
                 (otherwise its values are infinite or undefined)",
            ));
        }
        Ok(())
    }
}

fn evaluation_label(s: &EvaluationSpec) -> String {
    let policy = if s.policy.is_some() {
        "policy evaluation"
    } else {
        "random-policy evaluation"
    };
    match (s.method, s.in_place) {
        (EvaluationMethod::Linear, _) => format!("{policy} (linear solve)"),
        (EvaluationMethod::Sweeps, true) => format!("{policy} (in place)"),
        (EvaluationMethod::Sweeps, false) => policy.to_string(),
    }
}

/// The settings that differ from the defaults, e.g. " α=0.5 Q₀=10 shift −1".
fn exploration_label(alpha: Option<f64>, e: &Exploration) -> String {
    let mut s = String::new();
    if let Some(a) = alpha.filter(|&a| a != default_alpha()) {
        s += &format!(" α={a}");
    }
    if e.temperature > 0.0 {
        s += &format!(" τ={}", e.temperature);
    } else if e.epsilon != default_epsilon() {
        s += &format!(" ε={}", e.epsilon);
    }
    if e.initial != 0.0 {
        s += &format!(" Q₀={}", e.initial);
    }
    if e.bonus != 0.0 {
        s += &format!(" bonus β={}", e.bonus);
    }
    if e.reward_shift != 0.0 {
        s += &format!(" shift {}", e.reward_shift);
    }
    if e.info_gain != 0.0 {
        s += &format!(" + info gain {}", e.info_gain);
    }
    s
}

/// " novelty β=1 on (s, visited)", or "" without the option.
fn novelty_label(n: Novelty) -> String {
    let mut s = String::new();
    if n.beta != 0.0 {
        s += &format!(" novelty β={}", n.beta);
    }
    if n.state {
        s += " on (s, visited)";
    }
    s
}
