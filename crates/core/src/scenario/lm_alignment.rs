//! The Tiny-LM Alignment Lab's scenario (`kind = "lm-alignment"`, issue 8): a tiny causal
//! transformer, pretrained on text from a known Markov chain, is aligned to a gold reward
//! by offline preference losses (DPO, IPO, SimPO, KTO) and online methods (online DPO,
//! RLOO, GRPO, PPO). Responses are `length` tokens after a fixed prompt token, so every
//! response can be listed and every expectation is exact.
//!
//! ```toml
//! kind = "lm-alignment"
//! seed = 1
//! steps = 150                 # optimisation steps of every learner
//! [world]
//! length = 4                  # tokens per response: 8^4 = 4096 responses
//! reward = "sentiment"        # gold: Σ of token sentiments (+1 good/great, −1 bad/awful);
//!                             # "sentiment-format" adds `format_bonus` when the response
//!                             # ends with "."; "verifiable" is 1 when `target` appears at
//!                             # an even position, else 0 (the RLVR corner)
//! pairs = 512                 # preference pairs drawn from π_ref, labelled by Bradley–Terry
//!                             # on the gold reward; the offline learners' data and the
//!                             # proxy reward model's
//! reference = "pretrained"    # the shipped π_ref; "pretrain" trains it live first
//! [[learners]]
//! type = "dpo"
//! beta = 0.1
//! ```

use serde::{Deserialize, Serialize};

pub use super::lm::LmBackend;
use super::{ScenarioError, Validator, current_version};

/// The vocabulary, fixed by the shipped π_ref: words with a sentiment.
pub const ALIGN_WORDS: [&str; 8] = ["the", "film", "was", "good", "great", "bad", "awful", "."];
/// Each word's sentiment, in the order of [`ALIGN_WORDS`].
pub const ALIGN_SENTIMENT: [f64; 8] = [0.0, 0.0, 0.0, 1.0, 1.0, -1.0, -1.0, 0.0];
pub const ALIGN_MIN_LENGTH: usize = 2;
/// 8⁶ = 262 144 responses: every one is scored through the model at every step.
pub const ALIGN_MAX_LENGTH: usize = 6;
pub const ALIGN_MAX_STEPS: usize = 20_000;
pub const ALIGN_MAX_LEARNERS: usize = 6;
pub const ALIGN_MAX_PAIRS: usize = 20_000;
pub const ALIGN_MAX_BATCH: usize = 256;
pub const ALIGN_MAX_GROUP: usize = 32;
pub const ALIGN_MAX_EPOCHS: usize = 8;
pub const ALIGN_MAX_BETA: f64 = 100.0;
pub const ALIGN_MAX_LEARNING_RATE: f64 = 1.0;
pub const ALIGN_MAX_BONUS: f64 = 10.0;
pub const ALIGN_MAX_PRETRAIN_STEPS: usize = 5000;
pub const ALIGN_MAX_WEIGHT: f64 = 10.0;
pub const ALIGN_MAX_SHIFT: f64 = 100.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignScenario {
    #[serde(default = "current_version")]
    pub version: u32,
    /// Seeds the data, the sampling and the learners.
    pub seed: u64,
    /// Optimisation steps of every learner.
    #[serde(default = "default_steps")]
    pub steps: usize,
    #[serde(default)]
    pub world: AlignWorld,
    pub learners: Vec<AlignLearner>,
    /// Where to compute: the web page picks WebGPU when available for `auto`.
    #[serde(default)]
    pub backend: LmBackend,
}

/// What the gold reward scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoldReward {
    /// The sum of the tokens' sentiments.
    #[default]
    Sentiment,
    /// The sentiment plus `format_bonus` when the response ends with ".".
    SentimentFormat,
    /// 1 when `target` appears at an even position (2nd, 4th, …), else 0.
    Verifiable,
}

impl GoldReward {
    pub fn name(self) -> &'static str {
        match self {
            GoldReward::Sentiment => "sentiment",
            GoldReward::SentimentFormat => "sentiment-format",
            GoldReward::Verifiable => "verifiable",
        }
    }
}

/// Where π_ref comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    /// The weights shipped with the site (pretrained on the chain's text).
    #[default]
    Pretrained,
    /// Trained live for `pretrain_steps` steps before alignment starts.
    Pretrain,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignWorld {
    #[serde(default = "default_length")]
    pub length: usize,
    #[serde(default)]
    pub reward: GoldReward,
    #[serde(default = "default_bonus")]
    pub format_bonus: f64,
    /// The verifiable reward's token (a word of the vocabulary).
    #[serde(default = "default_target")]
    pub target: String,
    #[serde(default = "default_pairs")]
    pub pairs: usize,
    #[serde(default)]
    pub reference: Reference,
    #[serde(default = "default_pretrain_steps")]
    pub pretrain_steps: usize,
}

impl Default for AlignWorld {
    fn default() -> Self {
        AlignWorld {
            length: default_length(),
            reward: GoldReward::default(),
            format_bonus: default_bonus(),
            target: default_target(),
            pairs: default_pairs(),
            reference: Reference::default(),
            pretrain_steps: default_pretrain_steps(),
        }
    }
}

/// Which reward an online learner optimises (and online DPO labels with).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlignRewardSource {
    /// The gold reward itself (RLVR, or an oracle labeller).
    #[default]
    Gold,
    /// The proxy: a Bradley–Terry reward model on token counts, fitted to the pairs.
    Proxy,
}

impl AlignRewardSource {
    pub fn name(self) -> &'static str {
        match self {
            AlignRewardSource::Gold => "gold",
            AlignRewardSource::Proxy => "proxy",
        }
    }
}

/// One learner: a copy of π_ref and an Adam optimiser; what it descends is named by `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AlignLearner {
    /// DPO on the offline pairs: −ln σ(β h), h the implicit reward margin.
    Dpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// IPO on the offline pairs: (h − 1/(2β))².
    Ipo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// SimPO: −ln σ(β(ln π(y_w)/|y_w| − ln π(y_l)/|y_l|) − γ), no reference.
    Simpo {
        #[serde(default = "simpo_beta")]
        beta: f64,
        #[serde(default = "simpo_gamma")]
        simpo_gamma: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// KTO on the pairs split into desirable (chosen) and undesirable (rejected) items.
    Kto {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "one")]
        desirable_weight: f64,
        #[serde(default = "one")]
        undesirable_weight: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// Online DPO: each step, fresh pairs sampled from the current policy, labelled by
    /// Bradley–Terry on the chosen reward.
    OnlineDpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// REINFORCE with the leave-one-out baseline, on r − β·ln(π/π_ref) per response.
    Rloo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "group")]
        group: usize,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// GRPO: group-normalised advantages, a clipped ratio per token, the k3 KL estimator.
    Grpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "group")]
        group: usize,
        #[serde(default = "clip")]
        clip: f64,
        #[serde(default = "epochs")]
        epochs: usize,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// PPO (RLHF): a value head on the transformer, GAE, a per-token KL penalty.
    Ppo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "clip")]
        clip: f64,
        #[serde(default = "epochs")]
        epochs: usize,
        #[serde(default = "lam")]
        lam: f64,
        #[serde(default = "vf_coef")]
        vf_coef: f64,
        /// A constant c added to every reward: PPO's update depends on it.
        #[serde(default)]
        reward_shift: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// XPO: DPO on pairs of one response from the current policy and one ỹ from π_ref
    /// (TRL's pairing), plus α·ln π(ỹ), minimised: an exploration bonus that moves mass
    /// off π_ref's support.
    Xpo {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default = "xpo_alpha")]
        alpha: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// P3O: the pairwise policy gradient (s(y₁) − s(y₂))(∇ln π(y₁) − ∇ln π(y₂)) on pairs
    /// from the current policy, s = r − β ln(π/π_ref): unchanged by a reward shift.
    P3o {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default)]
        reward_shift: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// APA: the squared loss (ln π − ln π_ref − Â/β)² per token, Â from GAE with a value
    /// head; its target is π_ref·e^(Â/β).
    Apa {
        #[serde(default = "beta")]
        beta: f64,
        #[serde(default)]
        reward: AlignRewardSource,
        #[serde(default = "lam")]
        lam: f64,
        #[serde(default = "vf_coef")]
        vf_coef: f64,
        #[serde(default = "lr")]
        learning_rate: f64,
        #[serde(default = "batch")]
        batch: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

fn xpo_alpha() -> f64 {
    0.01
}

fn default_steps() -> usize {
    150
}
fn default_length() -> usize {
    4
}
fn default_bonus() -> f64 {
    2.0
}
fn default_target() -> String {
    "great".into()
}
fn default_pairs() -> usize {
    512
}
fn default_pretrain_steps() -> usize {
    600
}
fn beta() -> f64 {
    0.5
}
fn simpo_beta() -> f64 {
    2.0
}
fn simpo_gamma() -> f64 {
    0.5
}
fn lr() -> f64 {
    0.003
}
fn batch() -> usize {
    32
}
fn one() -> f64 {
    1.0
}
fn group() -> usize {
    4
}
fn clip() -> f64 {
    0.2
}
fn epochs() -> usize {
    2
}
fn lam() -> f64 {
    0.95
}
fn vf_coef() -> f64 {
    0.5
}

impl AlignLearner {
    pub fn type_name(&self) -> &'static str {
        match self {
            AlignLearner::Dpo { .. } => "dpo",
            AlignLearner::Ipo { .. } => "ipo",
            AlignLearner::Simpo { .. } => "simpo",
            AlignLearner::Kto { .. } => "kto",
            AlignLearner::OnlineDpo { .. } => "online-dpo",
            AlignLearner::Rloo { .. } => "rloo",
            AlignLearner::Grpo { .. } => "grpo",
            AlignLearner::Ppo { .. } => "ppo",
            AlignLearner::Xpo { .. } => "xpo",
            AlignLearner::P3o { .. } => "p3o",
            AlignLearner::Apa { .. } => "apa",
        }
    }

    pub fn beta(&self) -> f64 {
        match *self {
            AlignLearner::Dpo { beta, .. }
            | AlignLearner::Ipo { beta, .. }
            | AlignLearner::Simpo { beta, .. }
            | AlignLearner::Kto { beta, .. }
            | AlignLearner::OnlineDpo { beta, .. }
            | AlignLearner::Rloo { beta, .. }
            | AlignLearner::Grpo { beta, .. }
            | AlignLearner::Ppo { beta, .. }
            | AlignLearner::Xpo { beta, .. }
            | AlignLearner::P3o { beta, .. }
            | AlignLearner::Apa { beta, .. } => beta,
        }
    }

    pub fn learning_rate(&self) -> f64 {
        match *self {
            AlignLearner::Dpo { learning_rate, .. }
            | AlignLearner::Ipo { learning_rate, .. }
            | AlignLearner::Simpo { learning_rate, .. }
            | AlignLearner::Kto { learning_rate, .. }
            | AlignLearner::OnlineDpo { learning_rate, .. }
            | AlignLearner::Rloo { learning_rate, .. }
            | AlignLearner::Grpo { learning_rate, .. }
            | AlignLearner::Ppo { learning_rate, .. }
            | AlignLearner::Xpo { learning_rate, .. }
            | AlignLearner::P3o { learning_rate, .. }
            | AlignLearner::Apa { learning_rate, .. } => learning_rate,
        }
    }

    /// Pairs (offline, online DPO) or responses (RLOO, GRPO, PPO) per step.
    pub fn batch(&self) -> usize {
        match *self {
            AlignLearner::Dpo { batch, .. }
            | AlignLearner::Ipo { batch, .. }
            | AlignLearner::Simpo { batch, .. }
            | AlignLearner::Kto { batch, .. }
            | AlignLearner::OnlineDpo { batch, .. }
            | AlignLearner::Rloo { batch, .. }
            | AlignLearner::Grpo { batch, .. }
            | AlignLearner::Ppo { batch, .. }
            | AlignLearner::Xpo { batch, .. }
            | AlignLearner::P3o { batch, .. }
            | AlignLearner::Apa { batch, .. } => batch,
        }
    }

    /// The reward an online learner optimises; `None` for the offline ones (they read the
    /// labelled pairs).
    pub fn reward(&self) -> Option<AlignRewardSource> {
        match *self {
            AlignLearner::OnlineDpo { reward, .. }
            | AlignLearner::Rloo { reward, .. }
            | AlignLearner::Grpo { reward, .. }
            | AlignLearner::Ppo { reward, .. }
            | AlignLearner::Xpo { reward, .. }
            | AlignLearner::P3o { reward, .. }
            | AlignLearner::Apa { reward, .. } => Some(reward),
            _ => None,
        }
    }

    /// Whether the learner trains on the offline pairs (and reports TRL's pair metrics).
    pub fn is_pairwise(&self) -> bool {
        matches!(
            self,
            AlignLearner::Dpo { .. }
                | AlignLearner::Ipo { .. }
                | AlignLearner::Simpo { .. }
                | AlignLearner::OnlineDpo { .. }
                | AlignLearner::Xpo { .. }
        )
    }

    pub fn custom_label(&self) -> Option<&str> {
        match self {
            AlignLearner::Dpo { label, .. }
            | AlignLearner::Ipo { label, .. }
            | AlignLearner::Simpo { label, .. }
            | AlignLearner::Kto { label, .. }
            | AlignLearner::OnlineDpo { label, .. }
            | AlignLearner::Rloo { label, .. }
            | AlignLearner::Grpo { label, .. }
            | AlignLearner::Ppo { label, .. }
            | AlignLearner::Xpo { label, .. }
            | AlignLearner::P3o { label, .. }
            | AlignLearner::Apa { label, .. } => label.as_deref(),
        }
    }

    /// "DPO β=0.5", "GRPO β=0.04 (proxy)".
    pub fn label(&self) -> String {
        if let Some(l) = self.custom_label() {
            return l.to_string();
        }
        let name = match self {
            AlignLearner::Dpo { .. } => "DPO",
            AlignLearner::Ipo { .. } => "IPO (ΨPO)",
            AlignLearner::Simpo { .. } => "SimPO",
            AlignLearner::Kto { .. } => "KTO",
            AlignLearner::OnlineDpo { .. } => "online DPO",
            AlignLearner::Rloo { .. } => "RLOO",
            AlignLearner::Grpo { .. } => "GRPO",
            AlignLearner::Ppo { .. } => "PPO",
            AlignLearner::Xpo { .. } => "XPO",
            AlignLearner::P3o { .. } => "P3O",
            AlignLearner::Apa { .. } => "APA",
        };
        let proxy = match self.reward() {
            Some(AlignRewardSource::Proxy) => " (proxy)",
            _ => "",
        };
        let shift = match *self {
            AlignLearner::Ppo { reward_shift, .. } | AlignLearner::P3o { reward_shift, .. }
                if reward_shift != 0.0 =>
            {
                format!(", r+{reward_shift}")
            }
            _ => String::new(),
        };
        format!("{name} β={}{shift}{proxy}", self.beta())
    }

    fn validate(&self, i: usize) -> Result<(), ScenarioError> {
        let v = Validator::new(format!("learners[{i}]"));
        v.above("beta", self.beta(), 0.0, ALIGN_MAX_BETA)?;
        v.above(
            "learning_rate",
            self.learning_rate(),
            0.0,
            ALIGN_MAX_LEARNING_RATE,
        )?;
        v.count("batch", self.batch(), 2, ALIGN_MAX_BATCH)?;
        match *self {
            AlignLearner::Simpo { simpo_gamma, .. } => {
                v.range("simpo_gamma", simpo_gamma, 0.0, 10.0)
            }
            AlignLearner::Kto {
                desirable_weight,
                undesirable_weight,
                ..
            } => {
                v.above("desirable_weight", desirable_weight, 0.0, ALIGN_MAX_WEIGHT)?;
                v.above(
                    "undesirable_weight",
                    undesirable_weight,
                    0.0,
                    ALIGN_MAX_WEIGHT,
                )
            }
            AlignLearner::Rloo { group, batch, .. } => group_rule(&v, group, batch),
            AlignLearner::Grpo {
                group,
                batch,
                clip,
                epochs,
                ..
            } => {
                group_rule(&v, group, batch)?;
                v.above("clip", clip, 0.0, 1.0)?;
                v.count("epochs", epochs, 1, ALIGN_MAX_EPOCHS)
            }
            AlignLearner::Ppo {
                clip,
                epochs,
                lam,
                vf_coef,
                reward_shift,
                ..
            } => {
                v.above("clip", clip, 0.0, 1.0)?;
                v.count("epochs", epochs, 1, ALIGN_MAX_EPOCHS)?;
                v.range("lam", lam, 0.0, 1.0)?;
                v.range("vf_coef", vf_coef, 0.0, ALIGN_MAX_WEIGHT)?;
                v.range(
                    "reward_shift",
                    reward_shift,
                    -ALIGN_MAX_SHIFT,
                    ALIGN_MAX_SHIFT,
                )
            }
            AlignLearner::Xpo { alpha, .. } => v.range("alpha", alpha, 0.0, ALIGN_MAX_WEIGHT),
            AlignLearner::P3o { reward_shift, .. } => v.range(
                "reward_shift",
                reward_shift,
                -ALIGN_MAX_SHIFT,
                ALIGN_MAX_SHIFT,
            ),
            AlignLearner::Apa { lam, vf_coef, .. } => {
                v.range("lam", lam, 0.0, 1.0)?;
                v.range("vf_coef", vf_coef, 0.0, ALIGN_MAX_WEIGHT)
            }
            _ => Ok(()),
        }
    }
}

/// A group needs two responses to compare, and the batch is whole groups.
fn group_rule(v: &Validator, group: usize, batch: usize) -> Result<(), ScenarioError> {
    v.count("group", group, 2, ALIGN_MAX_GROUP)?;
    v.rule(
        batch.is_multiple_of(group),
        "batch",
        batch,
        &format!("a multiple of group ({group}): the batch is whole groups"),
    )
}

impl AlignWorld {
    /// The index of `target` in the vocabulary.
    pub fn target_token(&self) -> Option<usize> {
        ALIGN_WORDS.iter().position(|w| *w == self.target)
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("world");
        v.count("length", self.length, ALIGN_MIN_LENGTH, ALIGN_MAX_LENGTH)?;
        v.range("format_bonus", self.format_bonus, 0.0, ALIGN_MAX_BONUS)?;
        v.rule(
            self.target_token().is_some(),
            "target",
            format!("{:?}", self.target),
            &format!("one of the words {}", ALIGN_WORDS.join(", ")),
        )?;
        v.count("pairs", self.pairs, 1, ALIGN_MAX_PAIRS)?;
        v.count(
            "pretrain_steps",
            self.pretrain_steps,
            1,
            ALIGN_MAX_PRETRAIN_STEPS,
        )
    }
}

impl AlignScenario {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let v = Validator::new("");
        v.seed("seed", self.seed)?;
        v.count("steps", self.steps, 1, ALIGN_MAX_STEPS)?;
        v.count("learners", self.learners.len(), 1, ALIGN_MAX_LEARNERS)?;
        self.world.validate()?;
        for (i, l) in self.learners.iter().enumerate() {
            l.validate(i)?;
        }
        v.custom_labels(self.learners.iter().map(AlignLearner::custom_label))
    }

    pub fn labels(&self) -> Vec<String> {
        super::unique_labels(self.learners.iter().map(AlignLearner::label))
    }

    /// The defaults with one DPO learner.
    pub fn with_defaults(seed: u64) -> Self {
        AlignScenario {
            version: current_version(),
            seed,
            steps: default_steps(),
            world: AlignWorld::default(),
            learners: vec![AlignLearner::Dpo {
                beta: beta(),
                learning_rate: lr(),
                batch: batch(),
                label: None,
            }],
            backend: LmBackend::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    fn parse(text: &str) -> Result<AlignScenario, ScenarioError> {
        match Scenario::from_toml(&format!("kind = \"lm-alignment\"\n{text}"))? {
            Scenario::LmAlignment(a) => Ok(a),
            other => panic!("parsed as {}", other.kind()),
        }
    }

    #[test]
    fn defaults_fill_in_and_labels_name_the_method() {
        let s = parse(
            "seed = 3\n[[learners]]\ntype = \"dpo\"\n[[learners]]\ntype = \"grpo\"\nreward = \
             \"proxy\"\n[[learners]]\ntype = \"dpo\"\n",
        )
        .unwrap();
        assert_eq!(s.world, AlignWorld::default());
        assert_eq!(
            s.labels(),
            ["DPO β=0.5", "GRPO β=0.5 (proxy)", "DPO β=0.5 #2"]
        );
    }

    #[test]
    fn bad_values_name_the_field() {
        let e = parse("seed = 1\n[world]\nlength = 9\n[[learners]]\ntype = \"dpo\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("world.length"), "{e}");
        let e = parse("seed = 1\n[world]\ntarget = \"wow\"\n[[learners]]\ntype = \"dpo\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("world.target") && e.contains("great"), "{e}");
        let e = parse("seed = 1\n[[learners]]\ntype = \"rloo\"\ngroup = 3\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("learners[0].batch") && e.contains("multiple"),
            "{e}"
        );
    }
}
