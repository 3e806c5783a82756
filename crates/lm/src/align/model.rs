//! The transformer as the alignment lab uses it: π_ref's shape and weights (shipped, or
//! pretrained live on the chain's text), a policy's whole token tree read from one batched
//! forward pass, per-token log-probabilities of sampled responses with their gradients,
//! and PPO's value head on the same hidden states.

use playground_core::markov::MarkovChain;
use playground_core::rng::Rng;
use playground_core::scenario::{LmCorpus, LmModel, LmScenario, LmTrain};
use playground_nn::layers::Linear;
use playground_nn::params::{self, HostTensor, Module, Visitor, VisitorMut};
use playground_nn::transformer::{Transformer, TransformerConfig};
use playground_nn::{Backend, Ids, NnError, Result, Tape, Tensor};

use super::exact::{TokenTree, tokens};
use super::world::{PROMPT, VOCAB};

/// π_ref's shape: reads the prompt and up to seven response words.
pub const REFERENCE: TransformerConfig = TransformerConfig {
    vocab: VOCAB,
    context: 8,
    width: 32,
    heads: 2,
    layers: 2,
};

/// The chain that writes π_ref's training text (the transformer page's kind of chain).
pub const CORPUS: LmCorpus = LmCorpus {
    branching: 3,
    smoothing: 0.05,
    chain_seed: 1,
};

/// The shipped π_ref: [`pretraining`]`(1, SHIPPED_STEPS)` run on the CPU backend, saved
/// by `cargo run -p playground-lm --example make_reference`. Built into native programs;
/// a browser fetches the file when a page needs it (it would be a tenth of the web bundle)
/// and hands it over with [`provide_shipped`].
#[cfg(not(target_arch = "wasm32"))]
pub const SHIPPED: &[u8] = include_bytes!("../../data/reference.safetensors");
pub const SHIPPED_STEPS: usize = 1500;

#[cfg(target_arch = "wasm32")]
static PROVIDED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// The shipped π_ref's safetensors bytes (in a browser, once provided).
pub fn shipped_bytes() -> Result<&'static [u8]> {
    #[cfg(not(target_arch = "wasm32"))]
    return Ok(SHIPPED);
    #[cfg(target_arch = "wasm32")]
    PROVIDED
        .get()
        .map(Vec::as_slice)
        .ok_or_else(|| NnError::Config("π_ref's weights have not been loaded".into()))
}

/// In a browser: π_ref's weights, fetched (the first call wins).
#[cfg(target_arch = "wasm32")]
pub fn provide_shipped(bytes: Vec<u8>) {
    let _ = PROVIDED.set(bytes);
}

/// Whether a run of `scenario` needs the shipped π_ref's weights and they are not here.
pub fn needs_shipped(scenario: &playground_core::scenario::AlignScenario) -> bool {
    use playground_core::scenario::Reference;
    matches!(scenario.world.reference, Reference::Pretrained) && shipped_bytes().is_err()
}

/// The pretraining run that makes π_ref: the transformer page's experiment with
/// [`REFERENCE`]'s shape on [`CORPUS`].
pub fn pretraining(seed: u64, steps: usize) -> LmScenario {
    let mut s = LmScenario::with_defaults(seed);
    s.steps = steps;
    s.model = LmModel {
        vocab: REFERENCE.vocab,
        context: REFERENCE.context,
        width: REFERENCE.width,
        heads: REFERENCE.heads,
        layers: REFERENCE.layers,
    };
    s.corpus = CORPUS;
    s.train = LmTrain::default();
    s
}

/// The chain π_ref learned from.
pub fn chain() -> MarkovChain {
    MarkovChain::text_like(VOCAB, CORPUS.branching, CORPUS.smoothing, CORPUS.chain_seed)
}

/// The shipped π_ref on backend `b`.
pub fn shipped<B: Backend>(b: &B) -> Result<Transformer<B>> {
    let mut model = Transformer::new(b, REFERENCE, 0)?;
    playground_nn::safetensors::load(&mut model, shipped_bytes()?)?;
    Ok(model)
}

/// A transformer of π_ref's shape on `b` holding `weights`.
pub fn with_weights<B: Backend>(b: &B, weights: &[HostTensor]) -> Result<Transformer<B>> {
    let mut model = Transformer::new(b, REFERENCE, 0)?;
    params::import(&mut model, weights)?;
    Ok(model)
}

/// Inputs `[n, length]`: the prompt, then each response's words but the last.
fn inputs(responses: &[usize], length: usize) -> (Vec<u32>, Vec<u32>) {
    let (mut input, mut target) = (Vec::new(), Vec::new());
    for &r in responses {
        let y = tokens(r, VOCAB, length);
        input.push(PROMPT);
        input.extend(y[..length - 1].iter().map(|&t| t as u32));
        target.extend(y.iter().map(|&t| t as u32));
    }
    (input, target)
}

/// The policy's next-word distribution after every prefix shorter than `length`, from one
/// forward pass over all V^(length−1) prefixes of full length (the causal mask makes
/// position l of a row the distribution after its first l words).
pub async fn token_tree<B: Backend>(model: &Transformer<B>, length: usize) -> Result<TokenTree> {
    let b = model.pos.backend();
    let rows = VOCAB.pow(length as u32 - 1);
    let all: Vec<usize> = (0..rows).map(|p| p * VOCAB).collect();
    let (input, _) = inputs(&all, length);
    let ids = Ids::new(b, &input, &[rows, length])?;
    let logits = model.forward(&Tape::no_grad(), &ids)?.logits.read().await?;
    TokenTree::from_logits(VOCAB, length, |prefix| {
        // The row whose first words are the prefix and the rest the first word.
        let p = prefix.iter().fold(0, |i, &t| i * VOCAB + t);
        let row = p * VOCAB.pow((length - 1 - prefix.len()) as u32);
        let at = (row * length + prefix.len()) * VOCAB;
        logits[at..at + VOCAB].to_vec()
    })
    .map_err(NnError::Config)
}

/// ln π(y_t | prompt, y_<t) for each response and position: `[n, length]`, recorded on
/// `tape`; with a value head, also its values V(prompt, y_<t), `[n, length]`.
pub fn forward_responses<B: Backend>(
    model: &Transformer<B>,
    head: Option<&ValueHead<B>>,
    tape: &Tape<B>,
    responses: &[usize],
    length: usize,
) -> Result<(Tensor<B>, Option<Tensor<B>>)> {
    let b = model.pos.backend();
    let n = responses.len();
    let (input, target) = inputs(responses, length);
    let ids = Ids::new(b, &input, &[n, length])?;
    let targets = Ids::new(b, &target, &[n, length])?;
    let (hidden, _) = model.hidden(tape, &ids)?;
    let logits = model.head.forward(tape, &hidden)?;
    let logp = logits.cross_entropy(&targets)?.neg();
    let values = match head {
        Some(h) => Some(h.linear.forward(tape, &hidden)?.reshape(&[n, length])?),
        None => None,
    };
    Ok((logp, values))
}

/// PPO's value head: one linear unit on the transformer's final hidden state.
#[derive(Clone, Debug)]
pub struct ValueHead<B: Backend> {
    pub linear: Linear<B>,
}

impl<B: Backend> ValueHead<B> {
    pub fn new(b: &B, seed: u64) -> Result<Self> {
        let mut rng = Rng::new(seed);
        Ok(ValueHead {
            linear: Linear::new(b, REFERENCE.width, 1, 0.02, &mut rng)?,
        })
    }
}

impl<B: Backend> Module<B> for ValueHead<B> {
    fn visit(&self, v: &mut Visitor<'_, B>) {
        v.child("value", &self.linear);
    }
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>) {
        v.child("value", &mut self.linear);
    }
}

/// A host tensor of weights `[n, length]` for a weighted sum against per-token terms.
pub fn weights<B: Backend>(b: &B, w: &[f64], n: usize, length: usize) -> Result<Tensor<B>> {
    let w: Vec<f32> = w.iter().map(|&x| x as f32).collect();
    Tensor::from_slice(b, &w, &[n, length])
}
