//! "Watch a transformer learn": the Experiment behind the demo. A tiny causal transformer
//! trains on text from a known Markov chain; its training loss (nats per token) falls
//! towards the chain's entropy rate, the exact floor no model can beat.
//!
//! One unit of [`Experiment::work`] is one training step. Everything is seeded: the same
//! scenario gives the same losses, bit for bit, on the CPU backend natively and in wasm32.
//! The page also gets samples from the model and from the chain, an attention matrix,
//! backend switching mid-run (weights and optimiser state move through the host), and a
//! clear error, not a panic, when the loss diverges.

use playground_core::markov::MarkovChain;
use playground_core::rng::Rng;
use playground_core::scenario::{LmOptimizer, LmScenario};
use playground_core::series::{LearnerSeries, Series};
use playground_core::{Check, Experiment};

use playground_nn::optim::{Optimizer, OptimizerConfig};
use playground_nn::transformer::{Transformer, TransformerConfig};
use playground_nn::{Backend, Cpu, NnError, Result, Tape, block_on};

pub mod checks;
pub mod inspect;

pub use inspect::AttentionMap;

/// The series label and metric names.
pub const LEARNER: &str = playground_core::scenario::LM_LEARNER_LABEL;
pub const LOSS: &str = "loss";
pub const ENTROPY_RATE: &str = "entropy_rate";

/// The final loss (mean of the last tenth of steps) must come within this many nats of
/// the entropy rate.
pub const FINAL_MARGIN: f64 = 0.1;

/// Random streams under the scenario's seed.
mod stream {
    pub const INIT: u64 = 1;
    pub const DATA: u64 = 2;
}

/// The training run of an [`LmScenario`] on backend `B`.
#[derive(Debug)]
pub struct LmExperiment<B: Backend> {
    scenario: LmScenario,
    backend: B,
    chain: MarkovChain,
    stationary: Vec<f64>,
    entropy_rate: f64,
    model: Transformer<B>,
    optimizer: Optimizer<B>,
    data_rng: Rng,
    t: usize,
    series: Series,
    /// Set when a step failed (a non-finite loss): training stops, the state is kept.
    halted: Option<NnError>,
}

/// The optimiser a scenario asks for (SGD gets momentum 0.9).
pub fn optimizer_config(s: &LmScenario) -> OptimizerConfig {
    let t = &s.train;
    let lr = t.lr as f32;
    let base = match t.optimizer {
        LmOptimizer::Sgd => OptimizerConfig::sgd(lr, 0.9),
        LmOptimizer::Adam => OptimizerConfig::adam(lr),
        LmOptimizer::AdamW => OptimizerConfig::adamw(lr, 0.0),
    };
    let base = OptimizerConfig {
        weight_decay: t.weight_decay as f32,
        ..base
    };
    if t.clip > 0.0 {
        base.with_clip(t.clip as f32)
    } else {
        base
    }
}

pub fn transformer_config(s: &LmScenario) -> TransformerConfig {
    let m = &s.model;
    TransformerConfig {
        vocab: m.vocab,
        context: m.context,
        width: m.width,
        heads: m.heads,
        layers: m.layers,
    }
}

impl LmExperiment<Cpu<f32>> {
    /// The run on the CPU backend.
    pub fn new(scenario: LmScenario) -> Result<Self> {
        Self::with_backend(scenario, Cpu::new())
    }
}

impl<B: Backend> LmExperiment<B> {
    /// The run on a given backend (the web page passes its WebGPU backend here).
    pub fn with_backend(scenario: LmScenario, backend: B) -> Result<Self> {
        scenario
            .validate()
            .map_err(|e| NnError::Config(e.to_string()))?;
        let c = &scenario.corpus;
        let chain =
            MarkovChain::text_like(scenario.model.vocab, c.branching, c.smoothing, c.chain_seed);
        let stationary = chain.stationary();
        let entropy_rate = chain.entropy_rate();
        let init_seed = Rng::stream(scenario.seed, &[stream::INIT]).next_u64();
        let model = Transformer::new(&backend, transformer_config(&scenario), init_seed)?;
        let optimizer = Optimizer::new(optimizer_config(&scenario));
        let mut series = Series::default();
        series
            .learners
            .push(LearnerSeries::new(LEARNER, &[LOSS, ENTROPY_RATE]));
        Ok(LmExperiment {
            data_rng: Rng::stream(scenario.seed, &[stream::DATA]),
            scenario,
            backend,
            chain,
            stationary,
            entropy_rate,
            model,
            optimizer,
            t: 0,
            series,
            halted: None,
        })
    }

    pub fn scenario(&self) -> &LmScenario {
        &self.scenario
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn model(&self) -> &Transformer<B> {
        &self.model
    }

    /// The model, for loading weights into a run (e.g. from a safetensors file). The
    /// optimiser's moments are left as they are.
    pub fn model_mut(&mut self) -> &mut Transformer<B> {
        &mut self.model
    }

    /// The Markov chain that writes the text.
    pub fn chain(&self) -> &MarkovChain {
        &self.chain
    }

    pub fn stationary(&self) -> &[f64] {
        &self.stationary
    }

    /// The exact floor of the loss, in nats per token.
    pub fn entropy_rate(&self) -> f64 {
        self.entropy_rate
    }

    /// Why training stopped early, if it did (the loss became NaN or infinite).
    pub fn halted(&self) -> Option<&NnError> {
        self.halted.as_ref()
    }

    /// `batch` sequences of context + 1 tokens of fresh text, flattened.
    fn draw_batch(chain: &MarkovChain, pi: &[f64], s: &LmScenario, rng: &mut Rng) -> Vec<u32> {
        let len = s.model.context + 1;
        (0..s.train.batch)
            .flat_map(|_| chain.sample(len, pi, rng))
            .map(|t| t as u32)
            .collect()
    }

    /// One training step; returns its loss (mean cross-entropy, nats per token). A
    /// non-finite loss is an error and the parameters are left as they were.
    pub async fn train_step_async(&mut self) -> Result<f64> {
        if let Some(e) = &self.halted {
            return Err(e.clone());
        }
        let tokens = Self::draw_batch(
            &self.chain,
            &self.stationary,
            &self.scenario,
            &mut self.data_rng,
        );
        let tape = Tape::new();
        let loss = self.model.loss(&tape, &tokens, self.scenario.train.batch)?;
        let value = f64::from(loss.read().await?[0]);
        if !value.is_finite() {
            let e = NnError::NonFinite {
                what: format!("the training loss at step {}", self.t + 1),
            };
            self.halted = Some(e.clone());
            return Err(e);
        }
        let grads = loss.backward()?;
        self.optimizer.step(&mut self.model, &grads)?;
        self.t += 1;
        self.record(value);
        Ok(value)
    }

    /// [`LmExperiment::train_step_async`] for synchronous callers (CPU, native GPU).
    pub fn train_step(&mut self) -> Result<f64> {
        block_on(self.train_step_async())
    }

    fn record(&mut self, loss: f64) {
        let h = self.entropy_rate;
        let learner = &mut self.series.learners[0];
        for (name, value) in [(LOSS, loss), (ENTROPY_RATE, h)] {
            let m = learner.metric_mut(name).expect("metric exists");
            m.mean.push(value);
            m.ci95.push(0.0);
        }
    }

    /// The training losses so far.
    pub fn losses(&self) -> &[f64] {
        &self.series.learners[0].metrics[0].mean
    }

    /// Mean loss of the last tenth of the steps done (at least one step).
    pub fn recent_loss(&self) -> Option<f64> {
        let l = self.losses();
        let n = (l.len() / 10).max(1).min(l.len());
        (n > 0).then(|| l[l.len() - n..].iter().sum::<f64>() / n as f64)
    }

    /// Mean cross-entropy on `batches` batches of fresh held-out text (a separate random
    /// stream from `seed`); no training happens.
    pub async fn eval_loss_async(&self, batches: usize, seed: u64) -> Result<f64> {
        let mut rng = Rng::stream(seed, &[self.scenario.seed, 3]);
        let mut total = 0.0;
        for _ in 0..batches {
            let tokens = Self::draw_batch(&self.chain, &self.stationary, &self.scenario, &mut rng);
            let loss = self
                .model
                .loss(&Tape::no_grad(), &tokens, self.scenario.train.batch)?;
            total += f64::from(loss.read().await?[0]);
        }
        Ok(total / batches.max(1) as f64)
    }

    pub fn eval_loss(&self, batches: usize, seed: u64) -> Result<f64> {
        block_on(self.eval_loss_async(batches, seed))
    }

    /// The same run on another backend, continuing from exactly this state: weights,
    /// optimiser moments and step count, random streams and the series so far.
    pub async fn to_backend_async<B2: Backend>(&self, backend: B2) -> Result<LmExperiment<B2>> {
        let config = self.model.config;
        let (model, optimizer) = crate::moved(&self.model, &self.optimizer, &backend, |b| {
            Transformer::new(b, config, 0)
        })
        .await?;
        Ok(LmExperiment {
            scenario: self.scenario.clone(),
            backend,
            chain: self.chain.clone(),
            stationary: self.stationary.clone(),
            entropy_rate: self.entropy_rate,
            model,
            optimizer,
            data_rng: self.data_rng.clone(),
            t: self.t,
            series: self.series.clone(),
            halted: self.halted.clone(),
        })
    }

    pub fn to_backend<B2: Backend>(&self, backend: B2) -> Result<LmExperiment<B2>> {
        block_on(self.to_backend_async(backend))
    }
}

impl<B: Backend> Experiment for LmExperiment<B> {
    fn t(&self) -> usize {
        self.t
    }

    fn horizon(&self) -> usize {
        self.scenario.steps
    }

    /// Up to `budget` training steps. Stops early (returning fewer) if the loss diverges;
    /// see [`LmExperiment::halted`].
    fn work(&mut self, budget: usize) -> usize {
        let mut done = 0;
        while done < budget && !self.is_done() {
            if let Err(e) = self.train_step() {
                // A diverged loss is already in `halted`; keep any other error (a lost
                // device) there too, so the page can show it.
                self.halted.get_or_insert(e);
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
        checks::checks(self)
    }
}

/// The fingerprint (`Series::fingerprint`) of a short, fixed training run on the CPU
/// backend: the number that must be identical natively and in wasm32. Checked against
/// `tests/data/pretrain_fingerprint.txt` by the native tests and by the browser tests.
pub fn reference_fingerprint() -> u64 {
    let mut s = LmScenario::with_defaults(3);
    s.steps = 12;
    s.model.width = 32;
    s.train.batch = 8;
    let mut e = LmExperiment::new(s).expect("the reference scenario is valid");
    e.run_to_end();
    e.series().fingerprint()
}
