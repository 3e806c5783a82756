//! How the policy's parameters θ make its logits.
//!
//! - Tabular: one free logit per response, θ = the logits (starting at ln π_ref).
//! - Log-linear, anchored at the reference: π_θ(y) ∝ π_ref(y)·exp(θᵀφ(y)), θ starting at
//!   0. Responses that share features move together: pushing a chosen response up along
//!   φ(y_w) − φ(y_l) can lower both it and the rejected one while an unseen response with
//!   the same direction rises ("likelihood displacement").

use crate::toy::Toy;

#[derive(Clone, Debug, PartialEq)]
pub enum PolicyForm {
    Tabular,
    /// One feature vector φ(y) per response, all of one length.
    LogLinear {
        features: Vec<Vec<f64>>,
    },
}

impl PolicyForm {
    /// θ at the start, where π_θ = π_ref.
    pub fn initial(&self, toy: &Toy) -> Vec<f64> {
        self.initial_at(&toy.ref_logp)
    }

    /// The logits θ gives (softmax of them is π_θ).
    pub fn logits(&self, toy: &Toy, theta: &[f64]) -> Vec<f64> {
        self.logits_at(&toy.ref_logp, theta)
    }

    /// [`Self::initial`] for reference logits `ref_logits` (several prompts' ln π_ref,
    /// concatenated: a log-linear θ is shared by every prompt).
    pub fn initial_at(&self, ref_logits: &[f64]) -> Vec<f64> {
        match self {
            PolicyForm::Tabular => ref_logits.to_vec(),
            PolicyForm::LogLinear { features } => vec![0.0; width(features)],
        }
    }

    /// [`Self::logits`] for reference logits `ref_logits`.
    pub fn logits_at(&self, ref_logits: &[f64], theta: &[f64]) -> Vec<f64> {
        match self {
            PolicyForm::Tabular => theta.to_vec(),
            PolicyForm::LogLinear { features } => features
                .iter()
                .zip(ref_logits)
                .map(|(phi, r)| r + dot(phi, theta))
                .collect(),
        }
    }

    /// A gradient with respect to the logits, carried back to θ: itself for a table,
    /// Φᵀg for log-linear logits.
    pub fn pull_back(&self, g_logits: &[f64]) -> Vec<f64> {
        match self {
            PolicyForm::Tabular => g_logits.to_vec(),
            PolicyForm::LogLinear { features } => {
                let mut g = vec![0.0; width(features)];
                for (phi, gy) in features.iter().zip(g_logits) {
                    for (gk, f) in g.iter_mut().zip(phi) {
                        *gk += gy * f;
                    }
                }
                g
            }
        }
    }

    /// Refused when the features do not fit the toy.
    pub fn check(&self, toy: &Toy) -> Result<(), String> {
        match self {
            PolicyForm::Tabular => Ok(()),
            PolicyForm::LogLinear { features } => {
                let w = width(features);
                if features.len() != toy.responses() || w == 0 {
                    return Err(format!(
                        "features need one non-empty row per response ({} rows for {} responses)",
                        features.len(),
                        toy.responses()
                    ));
                }
                if features
                    .iter()
                    .any(|f| f.len() != w || f.iter().any(|x| !x.is_finite()))
                {
                    return Err("every response needs the same number of finite features".into());
                }
                Ok(())
            }
        }
    }
}

fn width(features: &[Vec<f64>]) -> usize {
    features.first().map_or(0, Vec::len)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
