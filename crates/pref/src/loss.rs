//! The pairwise losses of the DPO family, as functions of the implicit reward margin
//! h = [ln π_θ(y_w) − ln π_ref(y_w)] − [ln π_θ(y_l) − ln π_ref(y_l)], with the parameter
//! names Hugging Face TRL uses (`beta`, `label_smoothing`).

use playground_core::math;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PairLoss {
    /// DPO (Rafailov et al.): −ln σ(βh).
    Dpo { beta: f64 },
    /// Conservative DPO: labels flipped with probability ε,
    /// −(1 − ε) ln σ(βh) − ε ln σ(−βh).
    Cdpo { beta: f64, label_smoothing: f64 },
    /// IPO, Identity Preference Optimisation (Azar et al., *A General Theoretical
    /// Paradigm to Understand Learning from Human Preferences*): (h − 1/(2β))², β in the
    /// role of the paper's τ, as in TRL.
    Ipo { beta: f64 },
}

impl PairLoss {
    /// The loss of one pair with margin h.
    pub fn value(&self, h: f64) -> f64 {
        match *self {
            PairLoss::Dpo { beta } => -math::log_sigmoid(beta * h),
            PairLoss::Cdpo {
                beta,
                label_smoothing: e,
            } => -(1.0 - e) * math::log_sigmoid(beta * h) - e * math::log_sigmoid(-beta * h),
            PairLoss::Ipo { beta } => (h - 1.0 / (2.0 * beta)).powi(2),
        }
    }

    /// dℓ/dh.
    pub fn slope(&self, h: f64) -> f64 {
        match *self {
            PairLoss::Dpo { beta } => -beta * math::sigmoid(-beta * h),
            PairLoss::Cdpo {
                beta,
                label_smoothing: e,
            } => -beta * (1.0 - e) * math::sigmoid(-beta * h) + beta * e * math::sigmoid(beta * h),
            PairLoss::Ipo { beta } => 2.0 * (h - 1.0 / (2.0 * beta)),
        }
    }
}
