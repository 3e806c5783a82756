//! The transformer's run: `LmExperiment` on either backend through the shared device
//! module, plus what this page reads between steps (samples, attention).

use playground_core::Experiment;
use playground_core::scenario::LmScenario;
use playground_lm::LmExperiment;
use playground_lm::pretrain::AttentionMap;
use playground_nn::sample::Sampling;
use playground_nn::{Backend, NnError};

use crate::demos::device::{DeviceRun, OnBackend};
use crate::on_device;

/// Length of the samples shown.
pub const SAMPLE_LEN: usize = 64;

/// Text sampled at a step: from the model, and from the true chain.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Samples {
    pub step: usize,
    pub model: Vec<u32>,
    pub chain: Vec<u32>,
}

/// Pretraining on a Markov chain's text, on any backend.
#[derive(Debug)]
pub struct Pretraining;

impl OnBackend for Pretraining {
    type On<B: Backend> = LmExperiment<B>;

    async fn unit<B: Backend>(e: &mut LmExperiment<B>) -> Result<(), NnError> {
        e.train_step_async().await.map(|_| ())
    }

    async fn moved<B: Backend, B2: Backend>(
        e: &LmExperiment<B>,
        to: B2,
    ) -> Result<LmExperiment<B2>, NnError> {
        e.to_backend_async(to).await
    }

    fn backend<B: Backend>(e: &LmExperiment<B>) -> &B {
        e.backend()
    }

    fn stopped<B: Backend>(_e: &LmExperiment<B>, error: &NnError) -> String {
        format!(
            "Training stopped: {error}. The weights are those before that step. Lower the \
             learning rate or turn on gradient clipping in the scenario (that starts a new \
             run), or press Reset."
        )
    }

    fn tokens<B: Backend>(e: &LmExperiment<B>) -> u64 {
        let s = e.scenario();
        (e.t() * s.train.batch * s.model.context) as u64
    }
}

pub type TransformerRun = DeviceRun<Pretraining>;

pub fn new_run(scenario: &LmScenario) -> Result<TransformerRun, String> {
    let lm = LmExperiment::new(scenario.clone())
        .map_err(|e| format!("this scenario cannot be trained: {e}"))?;
    Ok(DeviceRun::new(lm, scenario.backend))
}

pub fn parameter_count(run: &TransformerRun) -> usize {
    on_device!(&run.run, e => playground_nn::params::count(e.model()))
}

/// Samples from the model and the chain, and the first head's attention on the chain
/// sample (what the model attends to when reading real text).
pub async fn inspect(run: &TransformerRun) -> Result<(Samples, AttentionMap), String> {
    let (step, context) = on_device!(&run.run, e => (e.t(), e.scenario().model.context));
    let seed = step as u64;
    let chain = on_device!(&run.run, e => e.sample_chain(SAMPLE_LEN, seed));
    let model = on_device!(&run.run, e => e.sample_model_async(SAMPLE_LEN, Sampling::default(), seed).await);
    let window = &chain[..context.min(chain.len())];
    let attention = on_device!(&run.run, e => e.attention_async(window).await);
    match (model, attention) {
        (Ok(model), Ok(map)) => Ok((Samples { step, model, chain }, map)),
        (Err(e), _) | (_, Err(e)) => Err(format!("Could not read the model: {e}")),
    }
}
