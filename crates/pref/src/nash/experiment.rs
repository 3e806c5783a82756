//! The experiment of a `kind = "nash"` scenario: every learner from π_ref on the same
//! preference matrix, one exact step per time step, with the duality gap, the KL to
//! π_ref, the win rate against the Minimax Winner and the policy itself (a point of the
//! simplex) after each step.

use playground_core::check::Check;
use playground_core::math;
use playground_core::scenario::NashScenario;
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Experiment, Finals};
use serde_json::{Value, json};

use super::bt;
use super::dynamics::{Learner, Rule};
use super::game::{Game, kl, total_variation};
use super::minimax;

pub const DUALITY_GAP: &str = "duality_gap";
pub const KL: &str = "kl";
/// P(π ≻ π_MW) ≤ ½. It is exactly ½ for every π when the Minimax Winner gives every
/// response some weight (then every response ties with it), so it tells policies apart
/// only when some response is outside the winner's support.
pub const WIN_RATE_VS_MINIMAX: &str = "win_rate_vs_minimax";
/// The total-variation distance ½‖π − π_MW‖₁ to the Minimax Winner.
pub const DISTANCE_TO_MINIMAX: &str = "distance_to_minimax";
pub const AVERAGE_DUALITY_GAP: &str = "average_duality_gap";
/// π(y) of each response, for the simplex trajectory.
pub const PROBS: [&str; 5] = ["p0", "p1", "p2", "p3", "p4"];
/// The averaged policy's π̄(y), for the learners that report an average.
pub const AVERAGE_PROBS: [&str; 5] = [
    "average_p0",
    "average_p1",
    "average_p2",
    "average_p3",
    "average_p4",
];

/// A learner's metrics, in display order: the gap, KL, the win rate against the Minimax
/// Winner and the distance to it, π(y) per response, then (for self-play and multiplicative weights) the
/// average's gap and π̄(y).
pub fn metrics(responses: usize, averages: bool) -> Vec<&'static str> {
    let mut out = vec![DUALITY_GAP, KL, WIN_RATE_VS_MINIMAX, DISTANCE_TO_MINIMAX];
    out.extend(&PROBS[..responses]);
    if averages {
        out.push(AVERAGE_DUALITY_GAP);
        out.extend(&AVERAGE_PROBS[..responses]);
    }
    out
}

#[derive(Debug)]
pub struct NashExperiment {
    pub(crate) plan: NashScenario,
    pub(crate) game: Game,
    pub(crate) ref_probs: Vec<f64>,
    pub(crate) ref_logp: Vec<f64>,
    /// The Minimax Winner by linear programming.
    pub(crate) minimax: Vec<f64>,
    /// The Bradley–Terry fit (Newton), when a learner is RLHF.
    pub(crate) reward: Option<Vec<f64>>,
    pub(crate) learners: Vec<Learner>,
    series: Series,
    t: usize,
}

impl NashExperiment {
    pub fn new(plan: &NashScenario) -> Result<Self, String> {
        plan.validate().map_err(|e| e.to_string())?;
        let game = Game::new(plan.env.complementary());
        let ref_probs = plan.env.reference();
        let ref_logp: Vec<f64> = ref_probs.iter().map(|p| math::ln(*p)).collect();
        let needs_fit = plan
            .learners
            .iter()
            .any(|l| matches!(l, playground_core::scenario::NashLearner::Rlhf { .. }));
        let reward = if needs_fit {
            Some(bt::fit(&game.p)?)
        } else {
            None
        };
        let fitted = reward.clone().unwrap_or_default();
        let learners: Vec<Learner> = plan
            .learners
            .iter()
            .map(|l| Learner::new(Rule::of(l, &fitted), &ref_logp))
            .collect();
        let n = game.responses();
        let series = Series {
            learners: plan
                .labels()
                .into_iter()
                .zip(&learners)
                .map(|(label, l)| LearnerSeries::new(label, &metrics(n, l.rule.averages())))
                .collect(),
        };
        Ok(NashExperiment {
            minimax: minimax::by_linear_programming(&game),
            plan: plan.clone(),
            game,
            ref_probs,
            ref_logp,
            reward,
            learners,
            series,
            t: 0,
        })
    }

    pub fn plan(&self) -> &NashScenario {
        &self.plan
    }

    pub fn game(&self) -> &Game {
        &self.game
    }

    /// π_ref, normalised.
    pub fn reference(&self) -> &[f64] {
        &self.ref_probs
    }

    /// The Minimax Winner (linear programming).
    pub fn minimax_winner(&self) -> &[f64] {
        &self.minimax
    }

    /// RLHF's Bradley–Terry reward, when some learner is RLHF.
    pub fn bradley_terry_reward(&self) -> Option<&[f64]> {
        self.reward.as_deref()
    }

    /// Learner `l`'s policy now.
    pub fn probs(&self, l: usize) -> Vec<f64> {
        self.learners[l].probs()
    }

    /// The average of the policies learner `l` has played.
    pub fn average(&self, l: usize) -> Vec<f64> {
        self.learners[l].average()
    }

    /// RLHF's target π_ref·e^{r̂/β}/Z for β.
    pub fn rlhf_optimum(&self, beta: f64) -> Option<Vec<f64>> {
        let r = self.reward.as_ref()?;
        let logits: Vec<f64> = self
            .ref_logp
            .iter()
            .zip(r)
            .map(|(l, x)| l + x / beta)
            .collect();
        Some(math::softmax(&logits))
    }

    /// One step of learner `l`, then its metrics.
    fn advance(&mut self, l: usize) {
        self.learners[l].step(&self.game, &self.ref_logp);
        let pi = self.learners[l].probs();
        let mut values = vec![
            (DUALITY_GAP, self.game.duality_gap(&pi)),
            (KL, kl(&pi, &self.ref_probs)),
            (WIN_RATE_VS_MINIMAX, self.game.win_rate(&pi, &self.minimax)),
            (DISTANCE_TO_MINIMAX, total_variation(&pi, &self.minimax)),
        ];
        values.extend(PROBS.iter().zip(&pi).map(|(name, p)| (*name, *p)));
        if self.learners[l].rule.averages() {
            let avg = self.learners[l].average();
            values.push((AVERAGE_DUALITY_GAP, self.game.duality_gap(&avg)));
            values.extend(AVERAGE_PROBS.iter().zip(&avg).map(|(name, p)| (*name, *p)));
        }
        let series = &mut self.series.learners[l];
        for (name, v) in values {
            if let Some(m) = series.metric_mut(name) {
                m.mean.push(v);
                m.ci95.push(0.0);
            }
        }
    }

    fn finals_of(&self, l: usize) -> Value {
        let pi = self.probs(l);
        let mut out = json!({
            "final_policy": [pi],
            "duality_gap": self.game.duality_gap(&pi),
            "kl": kl(&pi, &self.ref_probs),
            "win_rate_vs_minimax": self.game.win_rate(&pi, &self.minimax),
            "distance_to_minimax": total_variation(&pi, &self.minimax),
            "minimax_winner": [self.minimax],
        });
        let learner = &self.learners[l];
        if learner.rule.averages() {
            let avg = learner.average();
            out["average_policy"] = json!([avg]);
            out["average_duality_gap"] = json!(self.game.duality_gap(&avg));
        }
        if let Rule::Rlhf { beta, .. } = learner.rule {
            out["bradley_terry_reward"] = json!(self.reward);
            out["rlhf_optimum"] = json!([self.rlhf_optimum(beta)]);
        }
        out
    }
}

impl Experiment for NashExperiment {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.plan.steps
    }

    /// One step of every learner (a unit of work is one learner's step).
    fn work(&mut self, _budget: usize) -> usize {
        if self.is_done() {
            return 0;
        }
        for l in 0..self.learners.len() {
            self.advance(l);
        }
        self.t += 1;
        self.learners.len()
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        super::checks::all(self)
    }

    /// Per learner: its policy (one list per prompt: `[[π(y₀), …]]`), its duality gap,
    /// KL and win rate against the Minimax Winner, the Minimax Winner itself; the
    /// average policy and its gap for self-play and multiplicative weights; the
    /// Bradley–Terry reward and the RLHF optimum for RLHF.
    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        for (l, label) in self.plan.labels().into_iter().enumerate() {
            out.insert(label, self.finals_of(l));
        }
        out
    }
}
