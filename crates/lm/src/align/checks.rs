//! The lab's Verify checks, each against an exact answer: the token-level optimum from
//! soft values against the sequence-level closed form; every learner's (KL, gold) point on
//! or below the exact frontier; the learners' Monte Carlo estimates against the exact
//! values by enumeration; the forward pass against the enumerated tree; and the DPO
//! gradient through the transformer against finite differences.

use playground_core::{Check, Experiment, math};
use playground_nn::params::{self, HostTensor, Module, VisitorMut};
use playground_nn::testing::gradcheck::{F64, relative_error, values_f64};
use playground_nn::transformer::Transformer;
use playground_nn::{Backend, Result, Tape, Tensor};

use super::AlignExperiment;
use super::exact::ln_partition;
use super::experiment::frontier_betas;
use super::learners::pairs::{pair_gradient, pair_loss, pair_responses};
use super::learners::{GOLD_EXACT, KL_EXACT, Shared, Tally};
use super::model::{REFERENCE, forward_responses, shipped_bytes};
use playground_core::scenario::AlignLearner;

/// |z| of a learner's summed Monte Carlo deviations must stay below this.
pub const Z_LIMIT: f64 = 4.0;
/// The training pass and the tree read the same f32 logits; they differ by rounding.
pub const TREE_TOLERANCE: f64 = 1e-4;
/// Relative error allowed between the DPO gradient and central differences in f64.
pub const GRADIENT_TOLERANCE: f64 = 1e-6;

pub fn checks<B: Backend>(e: &AlignExperiment<B>) -> Vec<Check> {
    let Some(shared) = e.shared() else {
        let detail = match e.pretraining() {
            Some((done, of)) => format!("π_ref is pretraining: step {done} of {of}"),
            None => "π_ref is being prepared".into(),
        };
        return vec![Check::new("alignment started", false, detail)];
    };
    let mut out = vec![soft_value_optimum(shared), below_frontier(e, shared)];
    for (learner, label) in e.learners().iter().zip(e.labels()) {
        let a = &learner.audit;
        out.push(Check::new(
            format!("{label}: the tree is the model"),
            a.tree_gap <= TREE_TOLERANCE,
            format!(
                "largest |ln π(y_t) of the training pass − of the enumerated tree| / max(1, |ln π(y_t)|) = {:.1e} ≤ {TREE_TOLERANCE:.0e}",
                a.tree_gap
            ),
        ));
        for (what, tally) in [
            ("KL", &a.kl),
            ("reward", &a.reward),
            ("all-equal groups", &a.flat),
        ] {
            if tally.steps > 0 {
                out.push(tally_check(label, what, tally));
            }
        }
    }
    if let Some(check) = dpo_gradient(e, shared) {
        out.push(check);
    }
    if let Some(why) = e.halted() {
        out.push(Check::new("the run went on", false, why.to_string()));
    }
    out
}

/// π*(a | prefix) from the soft values, chained over a response, equals
/// π_ref(y)·e^{r(y)/β}/Z for every response (β = 0.5).
fn soft_value_optimum(shared: &Shared) -> Check {
    let beta = 0.5;
    let (optimum, root) = shared.reference.optimum(&shared.gold, beta);
    let logits: Vec<f64> = shared
        .ref_logp
        .iter()
        .zip(&shared.gold)
        .map(|(l, r)| l + r / beta)
        .collect();
    let ln_z = math::log_sum_exp(&logits);
    let worst = optimum
        .sequence_log_probs()
        .iter()
        .zip(&logits)
        .map(|(a, l)| (a - (l - ln_z)).abs())
        .fold((root - beta * ln_z).abs(), f64::max);
    Check::new(
        "token-level optimum = sequence-level closed form",
        worst <= 1e-9,
        format!(
            "soft values V(p) = β ln E_π_ref[e^(r/β) | p], chained over all {} responses: max |Δ ln π*| = {worst:.1e} ≤ 1e-9 (β = {beta})",
            shared.ref_logp.len()
        ),
    )
}

/// E_π r ≤ β·KL(π‖π_ref) + β ln Z_β for every β: no policy is above the frontier.
fn below_frontier<B: Backend>(e: &AlignExperiment<B>, shared: &Shared) -> Check {
    let bounds: Vec<(f64, f64)> = frontier_betas()
        .into_iter()
        .map(|beta| {
            (
                beta,
                beta * ln_partition(&shared.ref_logp, &shared.gold, beta),
            )
        })
        .collect();
    let mut worst = f64::NEG_INFINITY;
    let mut points = 0;
    for l in &e.series().learners {
        let (Some(k), Some(g)) = (l.metric(KL_EXACT), l.metric(GOLD_EXACT)) else {
            continue;
        };
        for (kl, gold) in k.mean.iter().zip(&g.mean) {
            let bound = bounds
                .iter()
                .map(|(beta, b)| beta * kl + b)
                .fold(f64::INFINITY, f64::min);
            worst = worst.max(gold - bound);
            points += 1;
        }
    }
    Check::new(
        "no learner above the frontier",
        worst <= 1e-9,
        format!(
            "{points} (KL, gold) points, each under min_β [β·KL + β ln Z_β]: largest excess {:.2e} ≤ 1e-9",
            worst.max(0.0)
        ),
    )
}

fn tally_check(label: &str, what: &str, t: &Tally) -> Check {
    let z = t.z();
    Check::new(
        format!("{label}: sampled {what} matches the exact one"),
        z.abs() <= Z_LIMIT,
        format!(
            "over {} steps the estimates from the learner's own samples sum to {:+.3} from the exact values by enumeration, z = {z:+.2} (|z| ≤ {Z_LIMIT})",
            t.steps, t.deviation
        ),
    )
}

/// The DPO gradient the learners take, Σ_t (∂ℓ/∂ln π(y_t))·∇ln π(y_t) through the
/// transformer, against central differences of the loss itself, in f64 on π_ref's
/// weights, for elements of three parameters.
fn dpo_gradient<B: Backend>(e: &AlignExperiment<B>, shared: &Shared) -> Option<Check> {
    let spec = e
        .scenario()
        .learners
        .iter()
        .find(|l| matches!(l, AlignLearner::Dpo { .. }))?;
    let pairs: Vec<_> = shared.pairs.iter().take(4).copied().collect();
    let result = (|| -> Result<(f64, usize)> {
        let cpu = F64::new();
        let mut model = Transformer::new(&cpu, REFERENCE, 0)?;
        playground_nn::safetensors::load(&mut model, shipped_bytes()?)?;
        let weights = params::export(&model)?;
        let responses = pair_responses(&pairs);
        let loss = pair_loss(spec);
        let beta = spec.beta();
        let length = shared.length;
        // The analytic gradient, exactly as a learner's step computes it.
        let tape = Tape::new();
        let (logp, _) = forward_responses(&model, None, &tape, &responses, length)?;
        let per_token = values_f64(&logp);
        let seq: Vec<f64> = per_token.chunks(length).map(|r| r.iter().sum()).collect();
        let step = pair_gradient(&loss, beta, &pairs, &seq, shared);
        let w: Vec<f64> = step.d_logp.clone();
        let w = Tensor::from_storage(&cpu, cpu.from_elements(w), &[responses.len(), length]);
        let grads = logp.mul(&w)?.sum().backward()?;
        let value_at = |m: &Transformer<F64>| -> Result<f64> {
            let (lp, _) = forward_responses(m, None, &Tape::no_grad(), &responses, length)?;
            let values = values_f64(&lp);
            let seq: Vec<f64> = values.chunks(length).map(|r| r.iter().sum()).collect();
            Ok(pair_gradient(&loss, beta, &pairs, &seq, shared).value)
        };
        let mut worst: f64 = 0.0;
        let mut checked = 0;
        for (name, elements) in [
            ("head.weight", [0, 37, 200]),
            ("blocks.0.attn.qkv.weight", [5, 900, 2000]),
            ("tok.weight", [3, 40, 100]),
        ] {
            let Some(analytic) = params::parameters(&model)
                .into_iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, t)| grads.get(&t).map(values_f64))
            else {
                continue;
            };
            for &j in &elements {
                let h = 1e-5;
                let shifted = |delta: f64| -> Result<f64> {
                    let m = perturbed(&cpu, &weights, name, j, delta)?;
                    value_at(&m)
                };
                let numeric = (shifted(h)? - shifted(-h)?) / (2.0 * h);
                worst = worst.max(relative_error(analytic[j], numeric));
                checked += 1;
            }
        }
        Ok((worst, checked))
    })();
    Some(match result {
        Ok((worst, checked)) => Check::new(
            "DPO gradient = finite differences",
            checked > 0 && worst <= GRADIENT_TOLERANCE,
            format!(
                "{checked} weights of π_ref's transformer (f64): the gradient through per-token weights vs central differences of the DPO loss, worst relative error {worst:.1e} ≤ {GRADIENT_TOLERANCE:.0e}"
            ),
        ),
        Err(e) => Check::new("DPO gradient = finite differences", false, e.to_string()),
    })
}

/// π_ref's weights with element `j` of parameter `name` moved by `delta`, in f64.
fn perturbed(
    cpu: &F64,
    weights: &[HostTensor],
    name: &str,
    j: usize,
    delta: f64,
) -> Result<Transformer<F64>> {
    let mut m = super::model::with_weights(cpu, weights)?;
    m.visit_mut(&mut VisitorMut::new(&mut |n: &str, t: &mut Tensor<F64>| {
        if n == name {
            let mut v = values_f64(t);
            v[j] += delta;
            let shape = t.shape().to_vec();
            *t = Tensor::from_storage(cpu, cpu.from_elements(v), &shape);
        }
    }));
    Ok(m)
}
