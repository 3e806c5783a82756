//! What each learner of a `kind = "dpo"` scenario descends, over every prompt at once:
//! its value and its gradient in the concatenated logits (prompt after prompt).
//!
//! Data losses (pairwise, KTO, listwise) weigh each prompt by its share of the data, as a
//! mean over a batch would; objectives of the whole response set (GVPO, RLHF, f-DPG) weigh
//! the prompts equally.

use playground_core::math;
use playground_core::scenario::DpoLearner;

use crate::bradley_terry;
use crate::cardinal;
use crate::divergence::{Divergence, f_divergence};
use crate::fit::{gradient, log_probs, mean_loss};
use crate::group::{self, GroupGrad, Unpaired, logit_gradient};
use crate::loss::PairLoss;
use crate::metrics::kl_to_reference;
use crate::problem::Problem;
use crate::toy::{Pair, Toy};

/// MM iterations for the RLHF reward model (it converges linearly; far more than enough
/// for the toys' sizes).
const RLHF_ITERATIONS: usize = 5_000;
/// The RLHF reward model's prior: this share of the data's weight, spread as half-wins over
/// every pair of responses, so the fit stays finite when a response never wins or loses
/// (deterministic labels, unseen responses).
const RLHF_PRIOR: f64 = 1e-3;

#[derive(Clone, Debug)]
pub enum Objective {
    Pair(PairLoss),
    Kto {
        beta: f64,
        desirable: f64,
        undesirable: f64,
        /// The reference point z₀ per prompt when held fixed; else KL(π‖π_ref) now. The
        /// gradient treats z₀ as a constant either way (as the paper and TRL do).
        z0: Option<Vec<f64>>,
    },
    PlackettLuce {
        beta: f64,
    },
    LipoLambda {
        beta: f64,
    },
    Gvpo {
        beta: f64,
    },
    /// Ascent on E_π r̂ − β KL(π‖π_ref), r̂ the fitted reward (one row per prompt).
    Rlhf {
        beta: f64,
        reward: Vec<Vec<f64>>,
    },
    /// D_f(π ‖ π*_β), the targets one row per prompt.
    Divergence {
        divergence: Divergence,
        targets: Vec<Vec<f64>>,
    },
}

impl Objective {
    pub fn of(l: &DpoLearner, problem: &Problem) -> Objective {
        if let Some(loss) = pair_loss(l) {
            return Objective::Pair(loss);
        }
        let beta = l.beta();
        match l {
            DpoLearner::Kto {
                desirable_weight,
                undesirable_weight,
                ..
            } => Objective::Kto {
                beta,
                desirable: *desirable_weight,
                undesirable: *undesirable_weight,
                z0: None,
            },
            DpoLearner::PlackettLuce { .. } => Objective::PlackettLuce { beta },
            DpoLearner::LipoLambda { .. } => Objective::LipoLambda { beta },
            DpoLearner::Gvpo { .. } => Objective::Gvpo { beta },
            DpoLearner::Rlhf { .. } if l.is_cardinal() => Objective::Rlhf {
                beta,
                reward: cardinal_reward_model(problem),
            },
            DpoLearner::Rlhf { .. } => Objective::Rlhf {
                beta,
                reward: reward_model(problem),
            },
            DpoLearner::FDpg { divergence, .. } => Objective::Divergence {
                divergence: match divergence.as_str() {
                    "forward-kl" => Divergence::ForwardKl,
                    "js" => Divergence::JensenShannon,
                    _ => Divergence::ReverseKl,
                },
                targets: problem.optimum(beta),
            },
            // Every pairwise type was handled above.
            _ => Objective::Pair(PairLoss::Dpo { beta }),
        }
    }

    /// The same objective with everything its gradient holds constant fixed at `logits`
    /// (KTO's z₀), so that finite differences of its value are its gradient.
    pub fn frozen_at(&self, problem: &Problem, logits: &[f64]) -> Objective {
        match self {
            Objective::Kto {
                beta,
                desirable,
                undesirable,
                ..
            } => Objective::Kto {
                beta: *beta,
                desirable: *desirable,
                undesirable: *undesirable,
                z0: Some(
                    (0..problem.prompts.len())
                        .map(|x| kl_now(&problem.prompts[x], &log_probs(problem.slice(x, logits))))
                        .collect(),
                ),
            },
            other => other.clone(),
        }
    }

    /// The value at concatenated logits `logits`.
    pub fn value(&self, problem: &Problem, logits: &[f64]) -> f64 {
        self.eval(problem, logits).0
    }

    /// The value and its gradient in the logits.
    pub fn eval(&self, problem: &Problem, logits: &[f64]) -> (f64, Vec<f64>) {
        let equal = vec![1.0 / problem.prompts.len() as f64; problem.prompts.len()];
        let shares = match self {
            Objective::Pair(_) | Objective::Kto { .. } => problem.pair_shares(),
            Objective::PlackettLuce { .. } | Objective::LipoLambda { .. } => problem.list_shares(),
            _ => &equal,
        };
        let mut value = 0.0;
        let mut grad = Vec::with_capacity(logits.len());
        for (x, share) in shares.iter().enumerate() {
            let theta = problem.slice(x, logits);
            let (v, g) = if *share > 0.0 {
                self.prompt(problem, x, theta)
            } else {
                (0.0, vec![0.0; theta.len()])
            };
            value += share * v;
            grad.extend(g.iter().map(|gk| share * gk));
        }
        (value, grad)
    }

    /// One prompt's value and gradient in its logits.
    fn prompt(&self, problem: &Problem, x: usize, theta: &[f64]) -> (f64, Vec<f64>) {
        let toy = &problem.prompts[x];
        let pairs = &problem.pairs[x];
        if let Objective::Pair(loss) = self {
            return (
                mean_loss(toy, loss, pairs, theta),
                gradient(toy, loss, pairs, theta),
            );
        }
        let logp = log_probs(theta);
        let g = self.group(problem, x, toy, &logp);
        let probs: Vec<f64> = logp.iter().map(|l| math::exp(*l)).collect();
        (g.value, logit_gradient(&g.d_logp, &probs))
    }

    /// The objectives that see one prompt's responses at once, in ln π.
    fn group(&self, problem: &Problem, x: usize, toy: &Toy, logp: &[f64]) -> GroupGrad {
        let lists = &problem.lists[x];
        match self {
            Objective::Kto {
                beta,
                desirable,
                undesirable,
                z0,
            } => {
                let kl = match z0 {
                    Some(z) => z[x],
                    None => kl_now(toy, logp),
                };
                let items = unpaired(&problem.pairs[x]);
                group::kto(
                    *beta,
                    *desirable,
                    *undesirable,
                    &items,
                    logp,
                    &toy.ref_logp,
                    kl,
                )
            }
            Objective::PlackettLuce { beta } => mean_of(lists.len(), logp.len(), |k| {
                group::plackett_luce(*beta, &lists[k].items, logp, &toy.ref_logp)
            }),
            Objective::LipoLambda { beta } => mean_of(lists.len(), logp.len(), |k| {
                let items = &lists[k].items;
                let labels: Vec<f64> = items.iter().map(|&i| toy.gold[i]).collect();
                group::lipo_lambda(*beta, items, &labels, logp, &toy.ref_logp)
            }),
            Objective::Gvpo { beta } => group::gvpo_group(*beta, &toy.gold, logp, &toy.ref_logp),
            Objective::Rlhf { beta, reward } => rlhf(*beta, &reward[x], logp, &toy.ref_logp),
            Objective::Divergence {
                divergence,
                targets,
            } => f_divergence(*divergence, &targets[x], logp),
            Objective::Pair(_) => unreachable!("pairwise losses are evaluated in the logits"),
        }
    }
}

/// KL(π‖π_ref) of one prompt's policy given as ln π.
fn kl_now(toy: &Toy, logp: &[f64]) -> f64 {
    let probs: Vec<f64> = logp.iter().map(|l| math::exp(*l)).collect();
    kl_to_reference(toy, &probs)
}

/// The pairwise loss of a pairwise learner.
pub fn pair_loss(l: &DpoLearner) -> Option<PairLoss> {
    let beta = l.beta();
    Some(match *l {
        DpoLearner::Dpo { .. } => PairLoss::Dpo { beta },
        DpoLearner::Ipo { .. } => PairLoss::Ipo { beta },
        DpoLearner::Cdpo {
            label_smoothing, ..
        } => PairLoss::Cdpo {
            beta,
            label_smoothing,
        },
        DpoLearner::RobustDpo {
            label_smoothing, ..
        } => PairLoss::RobustDpo {
            beta,
            label_smoothing,
        },
        DpoLearner::Exo {
            label_smoothing, ..
        } => PairLoss::ExoPair {
            beta,
            label_smoothing,
        },
        DpoLearner::Odpo { alpha, .. } => PairLoss::Odpo { beta, alpha },
        DpoLearner::Copg { .. } => PairLoss::Copg { beta },
        DpoLearner::DpoShift { shift, .. } => PairLoss::DpoShift { beta, shift },
        DpoLearner::Rpo { rpo_alpha, .. } => PairLoss::Rpo {
            beta,
            alpha: rpo_alpha,
        },
        DpoLearner::Simpo { simpo_gamma, .. } => PairLoss::SimPo {
            beta,
            gamma: simpo_gamma,
        },
        DpoLearner::Alphapo {
            alpha, simpo_gamma, ..
        } => PairLoss::AlphaPo {
            beta,
            alpha,
            gamma: simpo_gamma,
        },
        DpoLearner::Orpo { .. } => PairLoss::Orpo { lambda: beta },
        _ => return None,
    })
}

/// KTO's unpaired view of pairs: each chosen response desirable, each rejected one not,
/// with the pair's weight.
fn unpaired(pairs: &[Pair]) -> Vec<Unpaired> {
    pairs
        .iter()
        .flat_map(|p| {
            [(p.chosen, true), (p.rejected, false)].map(|(response, desirable)| Unpaired {
                response,
                desirable,
                weight: p.weight,
            })
        })
        .collect()
}

/// The mean of `n` group losses (zero when there are none).
fn mean_of(n: usize, responses: usize, f: impl Fn(usize) -> GroupGrad) -> GroupGrad {
    let mut out = GroupGrad {
        value: 0.0,
        d_logp: vec![0.0; responses],
    };
    for k in 0..n {
        let g = f(k);
        out.value += g.value / n as f64;
        for (d, gk) in out.d_logp.iter_mut().zip(&g.d_logp) {
            *d += gk / n as f64;
        }
    }
    out
}

/// −(E_π r̂ − β KL(π‖π_ref)) in ln π: ∂/∂ln π(y) = π(y)·[β(ln π(y) − ln π_ref(y) + 1) − r̂(y)].
fn rlhf(beta: f64, reward: &[f64], logp: &[f64], ref_logp: &[f64]) -> GroupGrad {
    let mut value = 0.0;
    let d_logp = logp
        .iter()
        .zip(ref_logp)
        .zip(reward)
        .map(|((l, r), rhat)| {
            let p = math::exp(*l);
            value += p * (beta * (l - r) - rhat);
            p * (beta * (l - r + 1.0) - rhat)
        })
        .collect();
    GroupGrad { value, d_logp }
}

/// RLHF's reward from cardinal feedback: least squares on each pair's gold gap.
pub fn cardinal_reward_model(problem: &Problem) -> Vec<Vec<f64>> {
    problem
        .prompts
        .iter()
        .zip(&problem.pairs)
        .map(|(toy, pairs)| cardinal::least_squares(toy, pairs))
        .collect()
}

/// The RLHF reward model: each prompt's Bradley–Terry maximum-likelihood reward on its
/// pairs; where that has no finite maximum, the same with a faint prior of half-wins
/// between every two responses (see [`RLHF_PRIOR`]).
pub fn reward_model(problem: &Problem) -> Vec<Vec<f64>> {
    problem
        .prompts
        .iter()
        .zip(&problem.pairs)
        .map(|(toy, pairs)| {
            let n = toy.responses();
            if let Ok(r) = bradley_terry::mle(n, pairs, RLHF_ITERATIONS) {
                return r;
            }
            let total: f64 = pairs.iter().map(|p| p.weight).sum();
            let prior = RLHF_PRIOR * total.max(1.0) / (n * (n - 1)) as f64;
            let mut data = pairs.clone();
            for i in 0..n {
                for j in 0..n {
                    if i != j {
                        data.push(Pair {
                            chosen: i,
                            rejected: j,
                            weight: prior,
                        });
                    }
                }
            }
            // With the prior every response wins and loses: the maximum exists.
            bradley_terry::mle(n, &data, RLHF_ITERATIONS).unwrap_or_else(|_| vec![0.0; n])
        })
        .collect()
}
