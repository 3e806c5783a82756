//! The Bayesian-optimisation scenario (`kind = "bayesopt"`): one objective on the unit
//! interval or square (Forrester, Gramacy–Lee, Branin or a visitor-drawn curve, with
//! optional observation noise), a Gaussian process, and up to eight acquisition rules
//! side by side, each run `runs` times from the same random initial designs.
//!
//! ```toml
//! kind = "bayesopt"
//! seed = 1
//! steps = 15
//! runs = 10
//! [env]
//! objective = "forrester"
//! noise = 0.0
//! [gp]
//! kernel = "matern52"
//! lengthscale = 0.2
//! [[learners]]
//! type = "expected-improvement"
//! ```
//!
//! Every objective is **minimised**; regret is f(x) − f* ≥ 0. Inputs are written in unit
//! coordinates ([0, 1] per axis; Branin's square is mapped onto [−5, 10] × [0, 15]).
//! Acquisitions are maximised exactly over a fixed grid ([`BAYESOPT_GRID_1D`] points in
//! 1-D, [`BAYESOPT_GRID_2D`]² in 2-D), so runs are bit-identical everywhere.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

pub const BAYESOPT_MAX_STEPS: usize = 100;
pub const BAYESOPT_MAX_RUNS: usize = 32;
pub const BAYESOPT_MAX_LEARNERS: usize = 8;
pub const BAYESOPT_MAX_INITIAL: usize = 20;
pub const BAYESOPT_MAX_NOISE: f64 = 10.0;
pub const BAYESOPT_MAX_POINTS: usize = 64;
pub const BAYESOPT_MAX_LENGTHSCALE: f64 = 10.0;
pub const BAYESOPT_MAX_SIGNAL: f64 = 100.0;
pub const BAYESOPT_MIN_NOISE_VARIANCE: f64 = 1e-6;
pub const BAYESOPT_MAX_NOISE_VARIANCE: f64 = 10.0;
pub const BAYESOPT_MAX_BETA: f64 = 100.0;
pub const BAYESOPT_MAX_XI: f64 = 10.0;
pub const BAYESOPT_MAX_BATCH: usize = 8;
pub const BAYESOPT_MAX_PRIOR_WIDTH: f64 = 10.0;
pub const BAYESOPT_MAX_GAMMA: f64 = 100.0;
pub const BAYESOPT_MAX_DUEL_NOISE: f64 = 10.0;
pub const BAYESOPT_MAX_SAMPLES: usize = 2000;
/// runs × samples of one MCMC learner: its chains and their grid predictions stay
/// under a few seconds a step in a tab.
pub const BAYESOPT_MAX_MCMC_WORK: usize = 10_000;
/// Observations one GP run holds at most (initial design + steps × batch): its
/// Cholesky factor and grid predictions stay well under a second per step in a tab.
pub const BAYESOPT_MAX_OBSERVATIONS: usize = 220;
/// With fitted hyperparameters every step solves a small optimisation: fewer points.
pub const BAYESOPT_MAX_FIT_OBSERVATIONS: usize = 60;
/// Duels a preferential learner may hold (its MCMC chain runs over 2 × duels values).
pub const BAYESOPT_MAX_DUELS: usize = 50;
/// Grid points the acquisition is maximised over: 1-D, and per axis in 2-D.
pub const BAYESOPT_GRID_1D: usize = 201;
pub const BAYESOPT_GRID_2D: usize = 41;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BayesoptScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    pub seed: u64,
    /// Acquisition steps of every learner (a batch learner queries `batch` points a step).
    #[serde(default = "default_steps")]
    pub steps: usize,
    /// Independent runs, each from its own random initial design.
    #[serde(default = "default_runs")]
    pub runs: usize,
    pub env: BayesoptEnv,
    #[serde(default)]
    pub gp: GpSpec,
    pub learners: Vec<BayesoptLearner>,
}

/// The function minimised, its observation noise and the initial design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BayesoptEnv {
    pub objective: Objective,
    /// The drawn curve's points (objective = "drawn" only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<[f64; 2]>>,
    /// σ of the Gaussian noise added to every observation, in the objective's units.
    #[serde(default)]
    pub noise: f64,
    /// Random grid points every learner of a run starts from.
    #[serde(default = "default_initial")]
    pub initial: usize,
}

/// The objective, minimised over the unit interval or square.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// f(x) = (6x − 2)²·sin(12x − 4) on [0, 1]: min −6.0207 at x = 0.7572.
    #[default]
    Forrester,
    /// Gramacy & Lee (2012): sin(10πx)/(2x) + (x − 1)⁴ on [0.5, 2.5], many local minima.
    GramacyLee,
    /// Branin–Hoo on [−5, 10] × [0, 15]: three global minima of 0.397887.
    Branin,
    /// A curve drawn by a visitor: `env.points`, (x, y) in the unit square, x increasing,
    /// joined by straight lines (flat beyond the first and last x).
    Drawn,
}

/// The Gaussian process every GP learner uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpSpec {
    #[serde(default)]
    pub kernel: Kernel,
    /// ℓ, in unit coordinates (the same on every axis).
    #[serde(default = "default_lengthscale")]
    pub lengthscale: f64,
    /// σ_f², in standardised units (observations are scaled to mean 0, sd 1).
    #[serde(default = "default_signal")]
    pub signal_variance: f64,
    /// σ_n², in standardised units.
    #[serde(default = "default_noise_variance")]
    pub noise_variance: f64,
    /// Refit ℓ, σ_f², σ_n² by maximising the marginal likelihood before every query
    /// (the values above are the first starting point).
    #[serde(default)]
    pub fit: bool,
}

impl Default for GpSpec {
    fn default() -> Self {
        GpSpec {
            kernel: Kernel::default(),
            lengthscale: default_lengthscale(),
            signal_variance: default_signal(),
            noise_variance: default_noise_variance(),
            fit: false,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kernel {
    /// The squared exponential exp(−r²/2ℓ²).
    Rbf,
    /// Matérn ν = 5/2: (1 + √5r/ℓ + 5r²/3ℓ²)·exp(−√5r/ℓ).
    #[default]
    Matern52,
}

/// How ε-greedy explores when it does not exploit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Explore {
    /// ε-PF: a random point of the estimated (μ, s) Pareto front.
    #[default]
    Pareto,
    /// ε-RS: a random point of the space.
    Random,
}

/// How a preferential learner approximates its posterior over the latent utility.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Inference {
    /// A Gaussian at the posterior mode (Newton), the classic approximation.
    #[default]
    Laplace,
    /// Elliptical slice sampling of the exact (skew) posterior.
    Mcmc,
}

/// One acquisition rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum BayesoptLearner {
    /// Uniformly random grid points: the baseline.
    RandomSearch {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// EI(x) = E[max(y_best − ξ − f(x), 0)].
    ExpectedImprovement {
        #[serde(default)]
        xi: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// PI(x) = P(f(x) < y_best − ξ).
    ProbabilityOfImprovement {
        #[serde(default = "default_pi_xi")]
        xi: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// GP-UCB for minimisation: the lowest μ(x) − √β·s(x).
    Ucb {
        #[serde(default = "default_beta")]
        beta: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The minimum of one posterior sample on the grid.
    Thompson {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The minimum of μ over the points not yet queried (a noise-free GP learns nothing
    /// from a repeat), or with probability ε an exploratory point.
    EpsilonGreedy {
        #[serde(default = "default_epsilon")]
        epsilon: f64,
        #[serde(default)]
        explore: Explore,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// ε-shotgun: the ε-greedy point and `batch − 1` more drawn around it.
    Shotgun {
        #[serde(default = "default_epsilon")]
        epsilon: f64,
        #[serde(default = "default_batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// πBO: EI(x)·π(x)^{γ/t}, π a Gaussian belief about where x* is.
    Prior {
        /// Where the user believes x* is, in unit coordinates (left out: the centre).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        center: Option<Vec<f64>>,
        #[serde(default = "default_prior_width")]
        width: f64,
        #[serde(default = "default_gamma")]
        gamma: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Preferential BO: one duel a step between the incumbent and the point of highest
    /// optimistic utility, answered with P(a ≻ b) = Φ((f(b) − f(a))/(√2σ)).
    Preferential {
        #[serde(default)]
        inference: Inference,
        /// σ of the duel, in the objective's units.
        #[serde(default = "default_duel_noise")]
        duel_noise: f64,
        /// MCMC samples kept per step (after as many for burn-in).
        #[serde(default = "default_samples")]
        samples: usize,
        /// A visitor's answers (1: the first point won, 0: the second), replayed in
        /// order; then the run waits for the next click. Left out: simulated duels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answers: Option<Vec<f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn default_steps() -> usize {
    20
}
fn default_runs() -> usize {
    10
}
fn default_initial() -> usize {
    2
}
fn default_lengthscale() -> f64 {
    0.2
}
fn default_signal() -> f64 {
    1.0
}
fn default_noise_variance() -> f64 {
    1e-4
}
fn default_pi_xi() -> f64 {
    0.01
}
fn default_beta() -> f64 {
    4.0
}
fn default_epsilon() -> f64 {
    0.1
}
fn default_batch() -> usize {
    4
}
fn default_prior_width() -> f64 {
    0.1
}
fn default_gamma() -> f64 {
    5.0
}
fn default_duel_noise() -> f64 {
    1.0
}
fn default_samples() -> usize {
    300
}

impl Objective {
    /// Inputs: 1 or 2.
    pub fn dims(&self) -> usize {
        match self {
            Objective::Branin => 2,
            _ => 1,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Objective::Forrester => "Forrester",
            Objective::GramacyLee => "Gramacy–Lee",
            Objective::Branin => "Branin",
            Objective::Drawn => "drawn",
        }
    }
}

impl BayesoptEnv {
    fn validate_points(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        let drawn = self.objective == Objective::Drawn;
        v.rule(
            drawn == self.points.is_some(),
            "points",
            if drawn { "absent" } else { "given" },
            "given exactly when objective = \"drawn\"",
        )?;
        let Some(points) = &self.points else {
            return Ok(());
        };
        v.count("points", points.len(), 2, BAYESOPT_MAX_POINTS)?;
        for (i, p) in points.iter().enumerate() {
            v.range(&format!("points[{i}][0]"), p[0], 0.0, 1.0)?;
            v.range(&format!("points[{i}][1]"), p[1], 0.0, 1.0)?;
            if i > 0 {
                v.rule(
                    p[0] > points[i - 1][0],
                    &format!("points[{i}][0]"),
                    p[0],
                    &format!("above the previous x ({}): x increases", points[i - 1][0]),
                )?;
            }
        }
        Ok(())
    }
}

impl BayesoptLearner {
    pub fn custom_label(&self) -> Option<&str> {
        match self {
            BayesoptLearner::RandomSearch { label }
            | BayesoptLearner::ExpectedImprovement { label, .. }
            | BayesoptLearner::ProbabilityOfImprovement { label, .. }
            | BayesoptLearner::Ucb { label, .. }
            | BayesoptLearner::Thompson { label }
            | BayesoptLearner::EpsilonGreedy { label, .. }
            | BayesoptLearner::Shotgun { label, .. }
            | BayesoptLearner::Prior { label, .. }
            | BayesoptLearner::Preferential { label, .. } => label.as_deref(),
        }
    }

    /// The curve's name: the label, or the rule and its parameters.
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        match self {
            BayesoptLearner::RandomSearch { .. } => "random search".into(),
            BayesoptLearner::ExpectedImprovement { xi, .. } => format!("EI ξ={xi}"),
            BayesoptLearner::ProbabilityOfImprovement { xi, .. } => format!("PI ξ={xi}"),
            BayesoptLearner::Ucb { beta, .. } => format!("UCB β={beta}"),
            BayesoptLearner::Thompson { .. } => "Thompson".into(),
            BayesoptLearner::EpsilonGreedy {
                epsilon, explore, ..
            } => match explore {
                Explore::Pareto => format!("ε-PF ε={epsilon}"),
                Explore::Random => format!("ε-RS ε={epsilon}"),
            },
            BayesoptLearner::Shotgun { epsilon, batch, .. } => {
                format!("ε-shotgun q={batch} ε={epsilon}")
            }
            BayesoptLearner::Prior { center, width, .. } => match center {
                Some(c) => format!("πBO at {c:?} w={width}"),
                None => format!("πBO w={width}"),
            },
            BayesoptLearner::Preferential {
                inference, answers, ..
            } => {
                let how = match inference {
                    Inference::Laplace => "Laplace",
                    Inference::Mcmc => "MCMC",
                };
                match answers {
                    Some(_) => format!("duels by hand ({how})"),
                    None => format!("duels ({how})"),
                }
            }
        }
    }

    /// Points queried per step.
    pub fn batch(&self) -> usize {
        match self {
            BayesoptLearner::Shotgun { batch, .. } => *batch,
            BayesoptLearner::Preferential { .. } => 2,
            _ => 1,
        }
    }

    fn validate(&self, i: usize, dims: usize, runs: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        match self {
            BayesoptLearner::RandomSearch { .. } | BayesoptLearner::Thompson { .. } => Ok(()),
            BayesoptLearner::ExpectedImprovement { xi, .. }
            | BayesoptLearner::ProbabilityOfImprovement { xi, .. } => {
                v.range("xi", *xi, 0.0, BAYESOPT_MAX_XI)
            }
            BayesoptLearner::Ucb { beta, .. } => v.range("beta", *beta, 0.0, BAYESOPT_MAX_BETA),
            BayesoptLearner::EpsilonGreedy { epsilon, .. } => {
                v.range("epsilon", *epsilon, 0.0, 1.0)
            }
            BayesoptLearner::Shotgun { epsilon, batch, .. } => {
                v.range("epsilon", *epsilon, 0.0, 1.0)?;
                v.count("batch", *batch, 1, BAYESOPT_MAX_BATCH)
            }
            BayesoptLearner::Prior {
                center,
                width,
                gamma,
                ..
            } => {
                v.above("width", *width, 0.0, BAYESOPT_MAX_PRIOR_WIDTH)?;
                v.range("gamma", *gamma, 0.0, BAYESOPT_MAX_GAMMA)?;
                if let Some(c) = center {
                    v.rule(
                        c.len() == dims,
                        "center",
                        format!("{} numbers", c.len()),
                        &format!("one number per input of the objective ({dims})"),
                    )?;
                    for (k, &x) in c.iter().enumerate() {
                        v.range(&format!("center[{k}]"), x, 0.0, 1.0)?;
                    }
                }
                Ok(())
            }
            BayesoptLearner::Preferential {
                duel_noise,
                samples,
                answers,
                ..
            } => {
                v.above("duel_noise", *duel_noise, 0.0, BAYESOPT_MAX_DUEL_NOISE)?;
                v.count("samples", *samples, 10, BAYESOPT_MAX_SAMPLES)?;
                if let Some(a) = answers {
                    v.rule(
                        runs == 1,
                        "answers",
                        format!("{} answers", a.len()),
                        "given only when runs = 1 (a visitor answers one run's duels)",
                    )?;
                    v.rule(
                        a.len() <= BAYESOPT_MAX_DUELS,
                        "answers",
                        format!("{} answers", a.len()),
                        &format!("at most {BAYESOPT_MAX_DUELS}"),
                    )?;
                    for (k, &x) in a.iter().enumerate() {
                        v.rule(
                            x == 0.0 || x == 1.0,
                            &format!("answers[{k}]"),
                            x,
                            "1 (the first point won) or 0 (the second won)",
                        )?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl BayesoptScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, BAYESOPT_MAX_STEPS)?;
        v.count("runs", self.runs, 1, BAYESOPT_MAX_RUNS)?;
        v.count("learners", self.learners.len(), 1, BAYESOPT_MAX_LEARNERS)?;
        self.env.validate()?;
        self.gp.validate()?;
        let dims = self.env.objective.dims();
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i, dims, self.runs)?;
            let observations = self.env.initial + self.steps * l.batch();
            let most = if self.gp.fit {
                BAYESOPT_MAX_FIT_OBSERVATIONS
            } else {
                BAYESOPT_MAX_OBSERVATIONS
            };
            v.rule(
                observations <= most,
                "steps",
                self.steps,
                &format!(
                    "for learners[{i}]: initial + steps × {} points a step ≤ {most} \
                     observations{}",
                    l.batch(),
                    if self.gp.fit {
                        " (with fit = true)"
                    } else {
                        ""
                    }
                ),
            )?;
            if let BayesoptLearner::Preferential {
                inference: Inference::Mcmc,
                samples,
                ..
            } = l
            {
                v.rule(
                    self.runs * samples <= BAYESOPT_MAX_MCMC_WORK,
                    &format!("learners[{i}].samples"),
                    samples,
                    &format!(
                        "runs × samples ≤ {BAYESOPT_MAX_MCMC_WORK} (runs is {}: at most {})",
                        self.runs,
                        BAYESOPT_MAX_MCMC_WORK / self.runs
                    ),
                )?;
            }
            if matches!(l, BayesoptLearner::Preferential { .. }) {
                v.rule(
                    self.steps <= BAYESOPT_MAX_DUELS,
                    "steps",
                    self.steps,
                    &format!("at most {BAYESOPT_MAX_DUELS} with a preferential learner"),
                )?;
            }
        }
        v.custom_labels(self.learners.iter().map(BayesoptLearner::custom_label))
    }

    /// Curve labels, made unique by numbering repeats.
    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(|l| l.label()))
    }
}

impl BayesoptEnv {
    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("env");
        v.range("noise", self.noise, 0.0, BAYESOPT_MAX_NOISE)?;
        v.count("initial", self.initial, 1, BAYESOPT_MAX_INITIAL)?;
        self.validate_points()
    }
}

impl GpSpec {
    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("gp");
        v.above(
            "lengthscale",
            self.lengthscale,
            0.0,
            BAYESOPT_MAX_LENGTHSCALE,
        )?;
        v.above(
            "signal_variance",
            self.signal_variance,
            0.0,
            BAYESOPT_MAX_SIGNAL,
        )?;
        v.range(
            "noise_variance",
            self.noise_variance,
            BAYESOPT_MIN_NOISE_VARIANCE,
            BAYESOPT_MAX_NOISE_VARIANCE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<BayesoptScenario, String> {
        let mut value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(t) = value.as_table_mut() {
            t.remove("kind");
        }
        let s: BayesoptScenario = value.try_into().map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    const EXAMPLE: &str = r#"
kind = "bayesopt"
seed = 1
[env]
objective = "forrester"
[[learners]]
type = "expected-improvement"
"#;

    #[test]
    fn defaults_and_labels() {
        let s = parse(EXAMPLE).unwrap();
        assert_eq!((s.steps, s.runs, s.env.initial), (20, 10, 2));
        assert_eq!(s.gp, GpSpec::default());
        assert_eq!(s.labels(), ["EI ξ=0"]);
    }

    #[test]
    fn drawn_points_are_checked() {
        let drawn = |p: &str| EXAMPLE.replace("\"forrester\"", &format!("\"drawn\"\npoints = {p}"));
        assert!(parse(&drawn("[[0, 0.5], [0.5, 0.1], [1, 0.7]]")).is_ok());
        let e = parse(&drawn("[[0, 0.5], [0.5, 0.1], [0.4, 0.7]]")).unwrap_err();
        assert!(
            e.contains("points[2][0]") && e.contains("x increases"),
            "{e}"
        );
        let e = parse(&drawn("[[0, 0.5]]")).unwrap_err();
        assert!(e.contains("points"), "{e}");
        let e = parse(&drawn("[[0, 0.5], [1, 1.5]]")).unwrap_err();
        assert!(e.contains("points[1][1] = 1.5"), "{e}");
        // A drawn curve needs its points, and only a drawn curve has them.
        let e = parse(&EXAMPLE.replace("\"forrester\"", "\"drawn\"")).unwrap_err();
        assert!(
            e.contains("env.points") && e.contains("objective = \"drawn\""),
            "{e}"
        );
        let e =
            parse(&drawn("[[0, 0.5], [1, 0.2]]").replace("\"drawn\"", "\"branin\"")).unwrap_err();
        assert!(e.contains("env.points"), "{e}");
    }

    #[test]
    fn learner_rules() {
        let with = |l: &str| EXAMPLE.replace("type = \"expected-improvement\"", l);
        let e = parse(&with("type = \"prior\"\ncenter = [0.5, 0.5]")).unwrap_err();
        assert!(e.contains("one number per input"), "{e}");
        let e = parse(&with("type = \"preferential\"\nanswers = [1, 0]")).unwrap_err();
        assert!(e.contains("runs = 1"), "{e}");
        let ok = with("type = \"preferential\"\nanswers = [1, 0]")
            .replace("seed = 1", "seed = 1\nruns = 1");
        assert!(parse(&ok).is_ok());
        let e = parse(&ok.replace("[1, 0]", "[1, 0.5]")).unwrap_err();
        assert!(e.contains("answers[1]"), "{e}");
        let e = parse(&with(
            "type = \"preferential\"\ninference = \"mcmc\"\nsamples = 2000",
        ))
        .unwrap_err();
        assert!(e.contains("runs × samples ≤ 10000"), "{e}");
        let e = parse(&with("type = \"shotgun\"\nbatch = 9")).unwrap_err();
        assert!(e.contains("batch"), "{e}");
        let e = parse(
            &with("type = \"shotgun\"\nbatch = 8").replace("seed = 1", "seed = 1\nsteps = 40"),
        )
        .unwrap_err();
        assert!(e.contains("observations"), "{e}");
    }
}
