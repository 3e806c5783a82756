//! The alignment run: π_ref (shipped, or pretrained live first), the world's rewards,
//! pairs and proxy, and the learners, stepped in turn. One unit of work is one learner's
//! step (its update and the exact refresh of its policy); a time step is every learner
//! stepping once. Everything is seeded: on the CPU backend the numbers are bit-identical
//! natively and in wasm32.

use playground_core::experiment::Finals;
use playground_core::rng::Rng;
use playground_core::scenario::{AlignScenario, GoldReward, Reference};
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Check, Experiment, math};
use playground_nn::transformer::Transformer;
use playground_nn::{Backend, Cpu, NnError, Result, block_on};
use serde_json::{Value, json};

use super::exact::{FrontierPoint, frontier};
use super::learners::{Learner, Shared, metric_names};
use super::model::{pretraining, shipped, token_tree};
use super::world::{VOCAB, fit_proxy, gold_rewards, preference_pairs, words};
use crate::LmExperiment;

/// Random streams under the scenario's seed.
mod stream {
    pub const PAIRS: u64 = 1;
    pub const LEARNER: u64 = 2;
    pub const PRETRAIN: u64 = 3;
    pub const SAMPLES: u64 = 4;
}

/// The frontier is traced at these β (log-spaced from 100 down to 0.01).
pub fn frontier_betas() -> Vec<f64> {
    (0..=48)
        .map(|i| math::pow(10.0, 2.0 - i as f64 / 12.0))
        .collect()
}

/// pass@k is reported for these k.
pub const PASS_AT: [usize; 5] = [1, 2, 4, 8, 16];

/// Where the run is.
#[derive(Debug)]
enum Phase<B: Backend> {
    /// π_ref is being pretrained live.
    Pretraining(Box<LmExperiment<B>>),
    /// π_ref is ready; the learners are built at the next unit of work.
    Ready(Box<Transformer<B>>),
    Aligning,
}

#[derive(Debug)]
pub struct AlignExperiment<B: Backend> {
    scenario: AlignScenario,
    backend: B,
    labels: Vec<String>,
    phase: Phase<B>,
    /// The pretraining losses, when π_ref was pretrained live.
    pretrain_losses: Vec<f64>,
    entropy_rate: f64,
    shared: Option<Shared>,
    frontier: Vec<FrontierPoint>,
    learners: Vec<Learner<B>>,
    /// The learner whose step is next in this time step.
    next: usize,
    t: usize,
    series: Series,
    /// Why the run stopped early (a diverged learner, a lost device), if it did.
    halted: Option<String>,
    /// Tokens run through the model with gradients so far.
    tokens: u64,
}

impl AlignExperiment<Cpu<f32>> {
    pub fn new(scenario: AlignScenario) -> Result<Self> {
        Self::with_backend(scenario, Cpu::new())
    }
}

impl<B: Backend> AlignExperiment<B> {
    pub fn with_backend(scenario: AlignScenario, backend: B) -> Result<Self> {
        scenario
            .validate()
            .map_err(|e| NnError::Config(e.to_string()))?;
        let chain = super::model::chain();
        let phase = match scenario.world.reference {
            Reference::Pretrained => Phase::Ready(Box::new(shipped(&backend)?)),
            Reference::Pretrain => {
                // Seeds stay below 2⁵³ (the scenario's rule).
                let seed = Rng::stream(scenario.seed, &[stream::PRETRAIN]).next_u64() >> 11;
                let lm = pretraining(seed, scenario.world.pretrain_steps);
                Phase::Pretraining(Box::new(LmExperiment::with_backend(lm, backend.clone())?))
            }
        };
        let labels = scenario.labels();
        let series = Series {
            learners: scenario
                .learners
                .iter()
                .zip(&labels)
                .map(|(l, label)| LearnerSeries::new(label.clone(), &metric_names(l)))
                .collect(),
        };
        Ok(AlignExperiment {
            scenario,
            backend,
            labels,
            phase,
            pretrain_losses: Vec::new(),
            entropy_rate: chain.entropy_rate(),
            shared: None,
            frontier: Vec::new(),
            learners: Vec::new(),
            next: 0,
            t: 0,
            series,
            halted: None,
            tokens: 0,
        })
    }

    /// The same run on another backend, continuing from exactly this state.
    pub async fn to_backend_async<B2: Backend>(&self, backend: B2) -> Result<AlignExperiment<B2>> {
        let phase = match &self.phase {
            Phase::Pretraining(lm) => {
                Phase::Pretraining(Box::new(lm.to_backend_async(backend.clone()).await?))
            }
            Phase::Ready(model) => {
                let weights = playground_nn::params::export_async(&**model).await?;
                Phase::Ready(Box::new(super::model::with_weights(&backend, &weights)?))
            }
            Phase::Aligning => Phase::Aligning,
        };
        let mut learners = Vec::with_capacity(self.learners.len());
        for l in &self.learners {
            learners.push(l.to_backend_async(&backend).await?);
        }
        Ok(AlignExperiment {
            scenario: self.scenario.clone(),
            backend,
            labels: self.labels.clone(),
            phase,
            pretrain_losses: self.pretrain_losses.clone(),
            entropy_rate: self.entropy_rate,
            shared: self.shared.clone(),
            frontier: self.frontier.clone(),
            learners,
            next: self.next,
            t: self.t,
            series: self.series.clone(),
            halted: self.halted.clone(),
            tokens: self.tokens,
        })
    }

    /// [`AlignExperiment::to_backend_async`] for synchronous callers.
    pub fn to_backend<B2: Backend>(&self, backend: B2) -> Result<AlignExperiment<B2>> {
        block_on(self.to_backend_async(backend))
    }

    /// Tokens run through the model with gradients so far (pretraining included).
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    pub fn scenario(&self) -> &AlignScenario {
        &self.scenario
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// π_ref's pretraining so far: (steps done, steps planned), while it lasts.
    pub fn pretraining(&self) -> Option<(usize, usize)> {
        match &self.phase {
            Phase::Pretraining(lm) => Some((lm.t(), lm.horizon())),
            _ => None,
        }
    }

    pub fn pretrain_losses(&self) -> &[f64] {
        &self.pretrain_losses
    }

    /// The entropy rate of the chain π_ref learned from (nats per word).
    pub fn entropy_rate(&self) -> f64 {
        self.entropy_rate
    }

    /// The rewards, π_ref and the pairs, once alignment has started.
    pub fn shared(&self) -> Option<&Shared> {
        self.shared.as_ref()
    }

    pub fn learners(&self) -> &[Learner<B>] {
        &self.learners
    }

    /// The learners, to change one in place (a test breaking a policy's weights).
    pub fn learners_mut(&mut self) -> &mut [Learner<B>] {
        &mut self.learners
    }

    /// The exact reward–KL frontier for the gold reward.
    pub fn frontier(&self) -> &[FrontierPoint] {
        &self.frontier
    }

    /// The most gold reward any policy earns within `kl` of π_ref: the frontier's upper
    /// envelope of tangents, min over the traced β of E_{π*_β} r + β(kl − KL(π*_β)), and
    /// never more than the best response's reward.
    pub fn frontier_at(&self, kl: f64) -> Option<f64> {
        let best = self
            .shared
            .as_ref()?
            .gold
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        self.frontier
            .iter()
            .map(|p| p.reward + p.beta * (kl - p.kl))
            .reduce(f64::min)
            .map(|bound| bound.min(best))
    }

    pub fn halted(&self) -> Option<&str> {
        self.halted.as_deref()
    }

    /// One unit of work: a pretraining step, building the learners, or one learner's
    /// step. Errors stop the run (see [`AlignExperiment::halted`]).
    pub async fn unit_async(&mut self) -> Result<()> {
        if self.halted.is_some() || self.is_done() {
            return Ok(());
        }
        let result = self.unit_inner().await;
        if let Err(e) = &result {
            self.halted = Some(self.explain(e));
        }
        result
    }

    async fn unit_inner(&mut self) -> Result<()> {
        match &mut self.phase {
            Phase::Pretraining(lm) => {
                let loss = lm.train_step_async().await?;
                self.pretrain_losses.push(loss);
                let m = &lm.scenario().model;
                self.tokens += (lm.scenario().train.batch * m.context) as u64;
                if lm.is_done() {
                    let weights = playground_nn::params::export_async(lm.model()).await?;
                    self.phase = Phase::Ready(Box::new(super::model::with_weights(
                        &self.backend,
                        &weights,
                    )?));
                }
                Ok(())
            }
            Phase::Ready(reference) => {
                let reference = (**reference).clone();
                self.start(&reference).await?;
                self.phase = Phase::Aligning;
                Ok(())
            }
            Phase::Aligning => self.learner_step().await,
        }
    }

    /// π_ref's exact tree, the gold and proxy rewards, the pairs, the frontier and the
    /// learners, each a copy of π_ref.
    async fn start(&mut self, reference: &Transformer<B>) -> Result<()> {
        let world = &self.scenario.world;
        let tree = token_tree(reference, world.length).await?;
        let ref_logp = tree.sequence_log_probs();
        let gold = gold_rewards(world);
        let mut rng = Rng::stream(self.scenario.seed, &[stream::PAIRS]);
        let pairs = preference_pairs(&tree, &gold, world.pairs, &mut rng);
        let proxy = fit_proxy(&pairs, world.length);
        self.frontier = frontier(&ref_logp, &gold, &frontier_betas());
        let shared = Shared {
            length: world.length,
            gold,
            proxy,
            reference: tree,
            ref_logp,
            pairs,
        };
        let mut learners = Vec::with_capacity(self.scenario.learners.len());
        // Common random numbers: every learner starts from the same stream, so learners that
        // differ in one setting (a reward shift, say) differ only by what that setting does.
        let seed = Rng::stream(self.scenario.seed, &[stream::LEARNER]).next_u64();
        for spec in &self.scenario.learners {
            learners.push(Learner::new(spec.clone(), reference, &shared, seed).await?);
        }
        self.learners = learners;
        self.shared = Some(shared);
        Ok(())
    }

    async fn learner_step(&mut self) -> Result<()> {
        let shared = self.shared.as_ref().expect("alignment has started");
        let l = self.next;
        let report = self.learners[l].step(shared).await?;
        self.tokens += self.learners[l].tokens_per_step(shared.length);
        let series = &mut self.series.learners[l];
        for (name, value) in report {
            let m = series
                .metric_mut(name)
                .expect("each reported metric is named");
            m.mean.push(value);
            m.ci95.push(0.0);
        }
        self.next += 1;
        if self.next == self.learners.len() {
            self.next = 0;
            self.t += 1;
        }
        Ok(())
    }

    /// A sentence naming the learner, the step and the cause.
    fn explain(&self, e: &NnError) -> String {
        match &self.phase {
            Phase::Aligning => format!(
                "{} stopped at step {}: {e}. Its state is kept; press Reset to start again, \
                 with a larger β or a smaller learning rate.",
                self.labels[self.next],
                self.t + 1
            ),
            _ => format!("Preparing π_ref stopped: {e}."),
        }
    }

    /// [`AlignExperiment::unit_async`] for synchronous callers (CPU, native GPU).
    pub fn unit(&mut self) -> Result<()> {
        block_on(self.unit_async())
    }

    /// Marginal probabilities of each word at each position under ln π (`[length][V]`).
    pub fn position_probs(logp: &[f64], length: usize) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0.0; VOCAB]; length];
        for (i, lp) in logp.iter().enumerate() {
            let p = math::exp(*lp);
            let mut rest = i;
            for t in (0..length).rev() {
                out[t][rest % VOCAB] += p;
                rest /= VOCAB;
            }
        }
        out
    }

    /// `n` responses of learner `l`'s policy (π_ref for `None`), as words, from a stream
    /// fixed by `seed`.
    pub fn samples(&self, l: Option<usize>, n: usize, seed: u64) -> Vec<String> {
        let (Some(shared), mut rng) = (
            self.shared.as_ref(),
            Rng::stream(self.scenario.seed, &[stream::SAMPLES, seed]),
        ) else {
            return Vec::new();
        };
        let tree = match l {
            Some(l) => &self.learners[l].tree,
            None => &shared.reference,
        };
        (0..n)
            .map(|_| words(tree.sample(&mut rng), shared.length))
            .collect()
    }

    fn pass_at_k(&self, logp: &[f64]) -> Option<Value> {
        let shared = self.shared.as_ref()?;
        if self.scenario.world.reward != GoldReward::Verifiable {
            return None;
        }
        let p = super::exact::expectation(logp, &shared.gold);
        let at: Vec<f64> = PASS_AT
            .iter()
            .map(|&k| 1.0 - math::pow(1.0 - p, k as f64))
            .collect();
        Some(json!({"k": PASS_AT, "value": at}))
    }

    fn policy_finals(&self, logp: &[f64]) -> Value {
        let shared = self.shared.as_ref().expect("alignment has started");
        let kl = super::exact::kl(logp, &shared.ref_logp);
        let gold = super::exact::expectation(logp, &shared.gold);
        let mut out = json!({
            "kl_exact": kl,
            "gold_reward_exact": gold,
            "frontier_gold_at_kl": self.frontier_at(kl),
            "proxy_reward_exact": super::exact::expectation(logp, &shared.proxy),
            "position_probs": Self::position_probs(logp, shared.length),
        });
        if let Some(p) = self.pass_at_k(logp) {
            out["pass_at_k"] = p;
        }
        out
    }
}

impl<B: Backend> Experiment for AlignExperiment<B> {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.scenario.steps
    }

    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        let t = self.t;
        while done < budget && !self.is_done() && self.t == t {
            if self.unit().is_err() {
                break;
            }
            done += 1;
        }
        done
    }

    fn is_done(&self) -> bool {
        self.t >= self.scenario.steps || self.halted.is_some()
    }

    fn series(&self) -> &Series {
        &self.series
    }

    fn checks(&self) -> Vec<Check> {
        super::checks::checks(self)
    }

    fn finals(&self) -> Finals {
        let mut out = Finals::new();
        if !self.pretrain_losses.is_empty() {
            out.insert(
                "pretraining".into(),
                json!({"loss": self.pretrain_losses, "entropy_rate": self.entropy_rate}),
            );
        }
        let Some(shared) = &self.shared else {
            return out;
        };
        for (learner, label) in self.learners.iter().zip(&self.labels) {
            out.insert(label.clone(), self.policy_finals(&learner.logp));
        }
        out.insert("reference".into(), self.policy_finals(&shared.ref_logp));
        out.insert(
            "frontier".into(),
            json!({
                "beta": self.frontier.iter().map(|p| p.beta).collect::<Vec<_>>(),
                "kl": self.frontier.iter().map(|p| p.kl).collect::<Vec<_>>(),
                "gold_reward": self.frontier.iter().map(|p| p.reward).collect::<Vec<_>>(),
            }),
        );
        out
    }
}

/// The fingerprint (`Series::fingerprint`) of a short, fixed alignment run on the CPU
/// backend, one learner of each kind: the number that must be identical natively and in
/// wasm32 (`tests/data/align_fingerprint.txt`, checked by the native and browser tests).
pub fn reference_fingerprint() -> u64 {
    let text = r#"
        kind = "lm-alignment"
        seed = 5
        steps = 3
        [world]
        length = 3
        pairs = 64
        [[learners]]
        type = "dpo"
        batch = 8
        [[learners]]
        type = "kto"
        batch = 8
        [[learners]]
        type = "online-dpo"
        batch = 8
        [[learners]]
        type = "rloo"
        batch = 8
        [[learners]]
        type = "grpo"
        batch = 8
        [[learners]]
        type = "ppo"
        batch = 8
    "#;
    let Ok(playground_core::Scenario::LmAlignment(s)) = playground_core::Scenario::from_toml(text)
    else {
        unreachable!("the reference scenario is valid")
    };
    let mut e = AlignExperiment::new(s).expect("the reference scenario runs");
    e.run_to_end();
    e.series().fingerprint()
}
