//! "Watch a transformer learn": a tiny causal transformer trained on text from a known
//! Markov chain, whose entropy rate is the exact floor of the achievable loss.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, Validator, current_version};

/// The one learner's label: the name of its curve and results.
pub const LEARNER_LABEL: &str = "transformer";

/// Limits that keep a run finite in a browser tab.
pub const LM_MAX_STEPS: usize = 100_000;
pub const LM_MAX_VOCAB: usize = 256;
pub const LM_MAX_CONTEXT: usize = 256;
pub const LM_MAX_WIDTH: usize = 512;
pub const LM_MAX_HEADS: usize = 16;
pub const LM_MAX_LAYERS: usize = 8;
pub const LM_MAX_BATCH: usize = 512;
/// batch × context: tokens per step.
pub const LM_MAX_TOKENS: usize = 16_384;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LmScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    /// Seeds the weights' initialisation and the training text.
    pub seed: u64,
    /// Training steps (one batch each).
    #[serde(default = "default_steps")]
    pub steps: usize,
    #[serde(default)]
    pub model: LmModel,
    #[serde(default)]
    pub corpus: LmCorpus,
    #[serde(default)]
    pub train: LmTrain,
    /// Where to compute: the web page picks WebGPU when available for `auto`.
    #[serde(default)]
    pub backend: LmBackend,
}

/// The transformer's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LmModel {
    /// Distinct tokens; also the number of states of the Markov chain.
    pub vocab: usize,
    /// Tokens the model reads at once (training sequences are context + 1 long).
    pub context: usize,
    /// Width of the residual stream.
    pub width: usize,
    /// Attention heads per layer; must divide `width`.
    pub heads: usize,
    pub layers: usize,
}

impl Default for LmModel {
    fn default() -> Self {
        LmModel {
            vocab: 16,
            context: 16,
            width: 64,
            heads: 4,
            layers: 2,
        }
    }
}

/// The Markov chain that writes the training text (over `model.vocab` tokens).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LmCorpus {
    /// Likely successors of each token.
    pub branching: usize,
    /// Probability spread evenly over all tokens (makes every transition possible).
    pub smoothing: f64,
    /// Seeds the transition matrix, separately from `seed` so that reseeding a run keeps
    /// the same language.
    pub chain_seed: u64,
}

impl Default for LmCorpus {
    fn default() -> Self {
        LmCorpus {
            branching: 3,
            smoothing: 0.05,
            chain_seed: 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LmOptimizer {
    Sgd,
    Adam,
    AdamW,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LmTrain {
    /// Sequences per step.
    pub batch: usize,
    /// Learning rate.
    pub lr: f64,
    pub optimizer: LmOptimizer,
    /// L2 penalty (SGD, Adam) or decoupled decay (AdamW).
    pub weight_decay: f64,
    /// Largest global gradient norm; 0 turns clipping off.
    pub clip: f64,
}

impl Default for LmTrain {
    fn default() -> Self {
        LmTrain {
            batch: 32,
            lr: 3e-3,
            optimizer: LmOptimizer::Adam,
            weight_decay: 0.0,
            clip: 1.0,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LmBackend {
    /// WebGPU when the browser has an adapter, else the CPU.
    #[default]
    Auto,
    Cpu,
    Gpu,
}

fn default_steps() -> usize {
    600
}

impl LmScenario {
    /// The defaults with this seed.
    pub fn with_defaults(seed: u64) -> Self {
        LmScenario {
            version: current_version(),
            seed,
            steps: default_steps(),
            model: LmModel::default(),
            corpus: LmCorpus::default(),
            train: LmTrain::default(),
            backend: LmBackend::default(),
        }
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, LM_MAX_STEPS)?;
        self.validate_model()?;
        self.validate_corpus()?;
        self.validate_train()
    }

    fn validate_model(&self) -> Result<(), ScenarioError> {
        let m = &self.model;
        let v = Validator::new("model");
        v.count("vocab", m.vocab, 2, LM_MAX_VOCAB)?;
        v.count("context", m.context, 1, LM_MAX_CONTEXT)?;
        v.count("width", m.width, 1, LM_MAX_WIDTH)?;
        v.count("heads", m.heads, 1, LM_MAX_HEADS)?;
        v.rule(
            m.width.is_multiple_of(m.heads),
            "width",
            m.width,
            &format!(
                "a multiple of model.heads = {} (each head gets width / heads)",
                m.heads
            ),
        )?;
        v.count("layers", m.layers, 1, LM_MAX_LAYERS)
    }

    fn validate_corpus(&self) -> Result<(), ScenarioError> {
        let c = &self.corpus;
        let v = Validator::new("corpus");
        v.count("branching", c.branching, 1, self.model.vocab)?;
        v.range("smoothing", c.smoothing, 0.0, 1.0)?;
        v.seed("chain_seed", c.chain_seed)
    }

    fn validate_train(&self) -> Result<(), ScenarioError> {
        let t = &self.train;
        let v = Validator::new("train");
        v.count("batch", t.batch, 1, LM_MAX_BATCH)?;
        v.rule(
            t.batch * self.model.context <= LM_MAX_TOKENS,
            "batch",
            t.batch,
            &format!(
                "batch × model.context ≤ {LM_MAX_TOKENS} (at most {} sequences of {} tokens)",
                LM_MAX_TOKENS / self.model.context,
                self.model.context
            ),
        )?;
        v.above("lr", t.lr, 0.0, 1.0)?;
        v.range("weight_decay", t.weight_decay, 0.0, 1.0)?;
        v.range("clip", t.clip, 0.0, 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_seed_is_required() {
        let s: LmScenario = serde_json::from_str(r#"{"seed": 5}"#).unwrap();
        assert_eq!(s, LmScenario::with_defaults(5));
        assert!(s.validate().is_ok());
        let partial: LmScenario = serde_json::from_str(
            r#"{"seed": 5, "model": {"width": 32}, "train": {"optimizer": "adamw"}}"#,
        )
        .unwrap();
        assert_eq!(partial.model.width, 32);
        assert_eq!(partial.model.heads, 4);
        assert_eq!(partial.train.optimizer, LmOptimizer::AdamW);
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<LmScenario>(r#"{"seed": 1, "lr": 0.1}"#).is_err());
        assert!(
            serde_json::from_str::<LmScenario>(r#"{"seed": 1, "model": {"depth": 2}}"#).is_err()
        );
    }

    fn error_of(edit: impl FnOnce(&mut LmScenario)) -> String {
        let mut s = LmScenario::with_defaults(1);
        edit(&mut s);
        s.validate().unwrap_err().to_string()
    }

    #[test]
    fn bad_values_name_the_field_value_and_range() {
        let e = error_of(|s| s.model.width = 30);
        assert!(
            e.contains("model.width = 30") && e.contains("multiple of model.heads = 4"),
            "{e}"
        );
        let e = error_of(|s| s.corpus.branching = 17);
        assert!(
            e.contains("corpus.branching = 17") && e.contains("1 to 16"),
            "{e}"
        );
        let e = error_of(|s| s.train.lr = 0.0);
        assert!(e.contains("train.lr = 0"), "{e}");
        let e = error_of(|s| {
            s.model.context = 64;
            s.train.batch = 512;
        });
        assert!(
            e.contains("train.batch = 512") && e.contains("batch × model.context"),
            "{e}"
        );
        let e = error_of(|s| s.steps = 0);
        assert!(e.starts_with("steps = 0"), "{e}");
    }
}
