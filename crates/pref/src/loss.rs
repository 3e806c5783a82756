//! The pairwise losses of the DPO family, with the parameter names Hugging Face TRL uses
//! (`beta`, `label_smoothing`, …). Each sees one pair through [`Sides`] and returns its
//! value and its partial derivatives with respect to ln π(y_w) and ln π(y_l): the rest of
//! the chain rule belongs to the policy.
//!
//! Most are functions of the implicit reward margin
//! h = [ln π(y_w) − ln π_ref(y_w)] − [ln π(y_l) − ln π_ref(y_l)].

use playground_core::math;

/// One pair as a loss sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sides {
    /// ln π(y_w) and ln π(y_l) under the policy being trained.
    pub logp_w: f64,
    pub logp_l: f64,
    /// The same under the reference policy.
    pub ref_w: f64,
    pub ref_l: f64,
    /// The responses' lengths in tokens (the length-normalised losses divide by them).
    pub len_w: f64,
    pub len_l: f64,
    /// The responses' gold rewards r*(y_w) and r*(y_l) (ODPO's offset reads them).
    pub gold_w: f64,
    pub gold_l: f64,
}

impl Sides {
    /// The implicit reward margin h.
    pub fn margin(&self) -> f64 {
        (self.logp_w - self.ref_w) - (self.logp_l - self.ref_l)
    }
}

/// A loss's value on one pair and ∂ℓ/∂ln π(y_w), ∂ℓ/∂ln π(y_l).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairGrad {
    pub value: f64,
    pub d_w: f64,
    pub d_l: f64,
}

impl PairGrad {
    /// A loss of the margin alone: ℓ(h) with slope ℓ′(h), so d_w = ℓ′ and d_l = −ℓ′.
    fn of_margin(value: f64, slope: f64) -> Self {
        PairGrad {
            value,
            d_w: slope,
            d_l: -slope,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PairLoss {
    /// DPO (Rafailov et al.): −ln σ(βh).
    Dpo { beta: f64 },
    /// Conservative DPO: labels flipped with probability ε,
    /// −(1 − ε) ln σ(βh) − ε ln σ(−βh).
    Cdpo { beta: f64, label_smoothing: f64 },
    /// Robust DPO (rDPO), debiased for labels flipped with probability ε:
    /// [−(1 − ε) ln σ(βh) + ε ln σ(−βh)] / (1 − 2ε). Its expectation under noisy labels is
    /// DPO's under clean ones.
    RobustDpo { beta: f64, label_smoothing: f64 },
    /// IPO, Identity Preference Optimisation (Azar et al., *A General Theoretical
    /// Paradigm to Understand Learning from Human Preferences*): (h − 1/(2β))², β in the
    /// role of the paper's τ, as in TRL.
    Ipo { beta: f64 },
    /// *DPO-Shift: Shifting the Distribution of Direct Preference Optimization*:
    /// −ln σ(β h_w − f β h_l) with h_y = ln π(y) − ln π_ref(y) and f ≤ 1; f = 1 is DPO.
    DpoShift { beta: f64, shift: f64 },
    /// RPO, Regularized Preference Optimization (*Provably Mitigating Overoptimization in
    /// RLHF: Your SFT Loss is Implicitly an Adversarial Regularizer*): DPO − α ln π(y_w).
    Rpo { beta: f64, alpha: f64 },
    /// SimPO: −ln σ(β ln π(y_w)/|y_w| − β ln π(y_l)/|y_l| − γ); no reference.
    SimPo { beta: f64, gamma: f64 },
    /// ORPO: −ln π(y_w) − λ ln σ(ln odds(y_w) − ln odds(y_l)), odds = π/(1 − π); no
    /// reference.
    Orpo { lambda: f64 },
    /// ODPO (*Direct Preference Optimization with an Offset*): −ln σ(βh − Δ), the margin
    /// must clear an offset Δ = α·ln(1 + max(r*(y_w) − r*(y_l), 0)) that grows with how
    /// much better the chosen response is (the paper's log scaling; zero for a mislabelled
    /// pair). The offset is a constant of the pair; α = 0 is DPO.
    Odpo { beta: f64, alpha: f64 },
    /// AlphaPO (*AlphaPO -- Reward shape matters for LLM alignment*), in TRL's form:
    /// −ln σ(r_α(y_w) − r_α(y_l) − γ) with r_α(y) = (β/α)(1 − π̄(y)^(−α)) and
    /// π̄(y) = exp(ln π(y)/|y|); no reference. As α → 0, r_α → β ln π̄, SimPO's reward,
    /// which α = 0 uses exactly.
    AlphaPo { beta: f64, alpha: f64, gamma: f64 },
    /// EXO, pairwise (*Towards Efficient and Exact Optimization of Language Model
    /// Alignment*, TRL's `exo_pair`): the reverse KL
    /// KL(Bern(σ(βh)) ‖ Bern(1 − ε)) = σ(βh)[ln σ(βh) − ln(1 − ε)] + σ(−βh)[ln σ(−βh) − ln ε],
    /// where DPO uses the forward cross-entropy. On one pair it is minimised at
    /// h* = ln((1 − ε)/ε)/β. It needs 0 < ε < 1; ε = 0 is replaced by 10⁻³, as TRL does.
    ExoPair { beta: f64, label_smoothing: f64 },
    /// CoPG (*Contrastive Policy Gradient: Aligning LLMs on sequence-level scores in a
    /// supervised-friendly fashion*): (Δr* − βh)²/(2β), Δr* = r*(y_w) − r*(y_l). Its
    /// gradient in h is −(Δr* − βh), CoPG's update; which response is "chosen" does not
    /// matter, and neither does the policy that sampled the pair: every pair is zero-loss
    /// exactly at π_ref·e^(r*/β)/Z.
    Copg { beta: f64 },
}

impl PairLoss {
    /// The loss of one pair and its partials.
    pub fn eval(&self, s: &Sides) -> PairGrad {
        let h = s.margin();
        match *self {
            PairLoss::Dpo { beta } => sigmoid_loss(beta * h, beta),
            PairLoss::Cdpo {
                beta,
                label_smoothing: e,
            } => mix(
                sigmoid_loss(beta * h, beta),
                sigmoid_loss(-beta * h, -beta),
                1.0 - e,
                e,
            ),
            PairLoss::RobustDpo {
                beta,
                label_smoothing: e,
            } => {
                let k = 1.0 / (1.0 - 2.0 * e);
                mix(
                    sigmoid_loss(beta * h, beta),
                    sigmoid_loss(-beta * h, -beta),
                    (1.0 - e) * k,
                    -e * k,
                )
            }
            PairLoss::Ipo { beta } => {
                let gap = h - 1.0 / (2.0 * beta);
                PairGrad::of_margin(gap * gap, 2.0 * gap)
            }
            PairLoss::DpoShift { beta, shift } => {
                let z = beta * (s.logp_w - s.ref_w) - shift * beta * (s.logp_l - s.ref_l);
                let slope = -math::sigmoid(-z);
                PairGrad {
                    value: -math::log_sigmoid(z),
                    d_w: slope * beta,
                    d_l: -slope * shift * beta,
                }
            }
            PairLoss::Rpo { beta, alpha } => {
                let mut g = sigmoid_loss(beta * h, beta);
                g.value -= alpha * s.logp_w;
                g.d_w -= alpha;
                g
            }
            PairLoss::SimPo { beta, gamma } => {
                let z = beta * s.logp_w / s.len_w - beta * s.logp_l / s.len_l - gamma;
                let slope = -math::sigmoid(-z);
                PairGrad {
                    value: -math::log_sigmoid(z),
                    d_w: slope * beta / s.len_w,
                    d_l: -slope * beta / s.len_l,
                }
            }
            PairLoss::Orpo { lambda } => {
                let (odds_w, dw) = log_odds(s.logp_w);
                let (odds_l, dl) = log_odds(s.logp_l);
                let z = odds_w - odds_l;
                let slope = -lambda * math::sigmoid(-z);
                PairGrad {
                    value: -s.logp_w - lambda * math::log_sigmoid(z),
                    d_w: -1.0 + slope * dw,
                    d_l: -slope * dl,
                }
            }
            PairLoss::Odpo { beta, alpha } => {
                let offset = alpha * math::ln_1p((s.gold_w - s.gold_l).max(0.0));
                let z = beta * h - offset;
                PairGrad::of_margin(-math::log_sigmoid(z), -beta * math::sigmoid(-z))
            }
            PairLoss::AlphaPo { beta, alpha, gamma } => {
                let (r_w, dr_w) = alpha_reward(beta, alpha, s.logp_w, s.len_w);
                let (r_l, dr_l) = alpha_reward(beta, alpha, s.logp_l, s.len_l);
                let z = r_w - r_l - gamma;
                let slope = -math::sigmoid(-z);
                PairGrad {
                    value: -math::log_sigmoid(z),
                    d_w: slope * dr_w,
                    d_l: -slope * dr_l,
                }
            }
            PairLoss::Copg { beta } => {
                let residual = (s.gold_w - s.gold_l) - beta * h;
                PairGrad::of_margin(residual * residual / (2.0 * beta), -residual)
            }
            PairLoss::ExoPair {
                beta,
                label_smoothing,
            } => {
                let e = if label_smoothing == 0.0 {
                    1e-3
                } else {
                    label_smoothing
                };
                let z = beta * h;
                let (p, q) = (math::sigmoid(z), math::sigmoid(-z));
                let value = p * (math::log_sigmoid(z) - math::ln_1p(-e))
                    + q * (math::log_sigmoid(-z) - math::ln(e));
                // d/dz = pq[ln p − ln q − ln(1 − ε) + ln ε] = pq[z − ln((1 − ε)/ε)].
                let target = math::ln(e) - math::ln_1p(-e);
                PairGrad::of_margin(value, beta * p * q * (z + target))
            }
        }
    }

    /// The loss of one pair.
    pub fn value(&self, s: &Sides) -> f64 {
        self.eval(s).value
    }
}

/// −ln σ(z) where z = k·h: value and slope in h (−k σ(−z)).
fn sigmoid_loss(z: f64, k: f64) -> PairGrad {
    PairGrad::of_margin(-math::log_sigmoid(z), -k * math::sigmoid(-z))
}

/// a·f + b·g, term by term.
fn mix(f: PairGrad, g: PairGrad, a: f64, b: f64) -> PairGrad {
    PairGrad {
        value: a * f.value + b * g.value,
        d_w: a * f.d_w + b * g.d_w,
        d_l: a * f.d_l + b * g.d_l,
    }
}

/// AlphaPO's reward r_α = (β/α)(1 − π̄^(−α)) with ln π̄ = ln π/|y|, and its derivative in
/// ln π: (β/|y|)·π̄^(−α). Written as β·ln π̄·φ(−α ln π̄) with φ(u) = (e^u − 1)/u, whose
/// series near u = 0 avoids the cancellation of 1 − π̄^(−α) for small α; α = 0 gives
/// SimPO's β ln π̄ exactly.
fn alpha_reward(beta: f64, alpha: f64, logp: f64, len: f64) -> (f64, f64) {
    let mean = logp / len;
    let u = -alpha * mean;
    let phi = if u.abs() < 1e-3 {
        1.0 + u / 2.0 * (1.0 + u / 3.0 * (1.0 + u / 4.0 * (1.0 + u / 5.0)))
    } else {
        (math::exp(u) - 1.0) / u
    };
    (beta * mean * phi, beta / len * math::exp(u))
}

/// ln(π/(1 − π)) from ln π, and its derivative in ln π: 1/(1 − π).
fn log_odds(logp: f64) -> (f64, f64) {
    let p = math::exp(logp);
    (logp - math::ln_1p(-p), 1.0 / (1.0 - p))
}
