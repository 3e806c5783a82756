//! The lab's world: eight words with a sentiment, responses of `length` words after the
//! prompt word "the", the gold reward of every response, the preference pairs sampled from
//! π_ref and labelled by Bradley–Terry on the gold reward, and the proxy reward model
//! fitted to those pairs.

use playground_core::math;
use playground_core::rng::Rng;
use playground_core::scenario::{ALIGN_SENTIMENT, ALIGN_WORDS, AlignWorld, GoldReward};
use playground_pref::linalg::cholesky_solve;

use super::exact::{TokenTree, token_sum_reward, tokens};

pub const VOCAB: usize = ALIGN_WORDS.len();
/// Every response follows this word ("the").
pub const PROMPT: u32 = 0;
/// The word whose final place earns the format bonus (".").
pub const PERIOD: usize = 7;
/// The proxy's L2 coefficient: word counts sum to the length, so one direction is
/// unidentified without it.
const PROXY_L2: f64 = 1e-3;

/// One labelled pair of responses (indices in numeral order): `chosen` won.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelledPair {
    pub chosen: usize,
    pub rejected: usize,
}

/// The gold reward of every response, in numeral order.
pub fn gold_rewards(world: &AlignWorld) -> Vec<f64> {
    let n = VOCAB.pow(world.length as u32);
    match world.reward {
        GoldReward::Sentiment => token_sum_reward(&ALIGN_SENTIMENT, world.length),
        GoldReward::SentimentFormat => {
            let mut r = token_sum_reward(&ALIGN_SENTIMENT, world.length);
            for (i, x) in r.iter_mut().enumerate() {
                if i % VOCAB == PERIOD {
                    *x += world.format_bonus;
                }
            }
            r
        }
        GoldReward::Verifiable => {
            let target = world.target_token().expect("validated");
            (0..n)
                .map(|i| {
                    let y = tokens(i, VOCAB, world.length);
                    // Positions 2, 4, … counted from 1: indices 1, 3, ….
                    let hit = y.iter().skip(1).step_by(2).any(|&t| t == target);
                    f64::from(u8::from(hit))
                })
                .collect()
        }
    }
}

/// How often each word appears in response `index`: the proxy's features.
pub fn word_counts(index: usize, length: usize) -> [f64; VOCAB] {
    let mut c = [0.0; VOCAB];
    for t in tokens(index, VOCAB, length) {
        c[t] += 1.0;
    }
    c
}

/// `n` pairs of independent draws from π_ref, the first preferred with probability
/// σ(r*₁ − r*₂) (then ordered chosen, rejected).
pub fn preference_pairs(
    reference: &TokenTree,
    gold: &[f64],
    n: usize,
    rng: &mut Rng,
) -> Vec<LabelledPair> {
    (0..n)
        .map(|_| {
            let a = reference.sample(rng);
            let b = reference.sample(rng);
            label(a, b, gold, rng)
        })
        .collect()
}

/// A Bradley–Terry label on rewards `r`.
pub fn label(a: usize, b: usize, r: &[f64], rng: &mut Rng) -> LabelledPair {
    if rng.bernoulli(math::sigmoid(r[a] - r[b])) {
        LabelledPair {
            chosen: a,
            rejected: b,
        }
    } else {
        LabelledPair {
            chosen: b,
            rejected: a,
        }
    }
}

/// The proxy reward model: r̂(y) = θ·counts(y), the Bradley–Terry maximum-likelihood fit
/// (with a small L2 penalty) to the pairs by Newton's method. Its rewards for every
/// response, in numeral order. A word-count model can represent the sentiment exactly
/// but not *where* a word stands: the format bonus and the verifiable reward are beyond it.
pub fn fit_proxy(pairs: &[LabelledPair], length: usize) -> Vec<f64> {
    let diffs: Vec<[f64; VOCAB]> = pairs
        .iter()
        .map(|p| {
            let (w, l) = (
                word_counts(p.chosen, length),
                word_counts(p.rejected, length),
            );
            std::array::from_fn(|k| w[k] - l[k])
        })
        .collect();
    let theta = newton_logistic(&diffs);
    let n = VOCAB.pow(length as u32);
    (0..n)
        .map(|i| {
            let c = word_counts(i, length);
            c.iter().zip(&theta).map(|(a, b)| a * b).sum()
        })
        .collect()
}

/// Minimise mean −ln σ(θ·d) + (λ/2)‖θ‖² over the difference vectors d.
fn newton_logistic(diffs: &[[f64; VOCAB]]) -> [f64; VOCAB] {
    let mut theta = [0.0; VOCAB];
    let n = diffs.len().max(1) as f64;
    for _ in 0..50 {
        let mut grad: Vec<f64> = theta.iter().map(|t| PROXY_L2 * t).collect();
        let mut hess = vec![0.0; VOCAB * VOCAB];
        for k in 0..VOCAB {
            hess[k * VOCAB + k] = PROXY_L2;
        }
        for d in diffs {
            let z: f64 = d.iter().zip(&theta).map(|(a, b)| a * b).sum();
            let (p, w) = (math::sigmoid(z), math::sigmoid(z) * math::sigmoid(-z));
            for i in 0..VOCAB {
                grad[i] -= (1.0 - p) * d[i] / n;
                for j in 0..VOCAB {
                    hess[i * VOCAB + j] += w * d[i] * d[j] / n;
                }
            }
        }
        let step = cholesky_solve(hess, &grad, VOCAB);
        for (t, s) in theta.iter_mut().zip(&step) {
            *t -= s;
        }
        if step.iter().map(|s| s.abs()).fold(0.0, f64::max) < 1e-12 {
            break;
        }
    }
    theta
}

/// A response as words, e.g. "good film was .".
pub fn words(index: usize, length: usize) -> String {
    tokens(index, VOCAB, length)
        .iter()
        .map(|&t| ALIGN_WORDS[t])
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_rewards_score_what_they_say() {
        let mut w = AlignWorld {
            length: 3,
            ..AlignWorld::default()
        };
        // "good great ." and "bad the great".
        let (a, b) = (3 * 64 + 4 * 8 + 7, 5 * 64 + 4);
        assert_eq!(words(a, 3), "good great .");
        let r = gold_rewards(&w);
        assert_eq!((r[a], r[b]), (2.0, 0.0));
        w.reward = GoldReward::SentimentFormat;
        let r = gold_rewards(&w);
        assert_eq!((r[a], r[b]), (4.0, 0.0));
        w.reward = GoldReward::Verifiable;
        let r = gold_rewards(&w);
        // "great" second in a, third in b (an odd position): only a passes.
        assert_eq!((r[a], r[b]), (1.0, 0.0));
    }

    #[test]
    fn the_proxy_recovers_a_word_count_reward_from_many_labels() {
        let length = 3;
        let tree = TokenTree::from_fn(VOCAB, length, |_| vec![1.0; VOCAB]).unwrap();
        let gold = gold_rewards(&AlignWorld {
            length,
            ..AlignWorld::default()
        });
        let pairs = preference_pairs(&tree, &gold, 20_000, &mut Rng::new(5));
        let proxy = fit_proxy(&pairs, length);
        // Up to a constant (counts sum to the length), r̂ ≈ r*.
        let shift = proxy[0] - gold[0];
        let worst = proxy
            .iter()
            .zip(&gold)
            .map(|(p, g)| (p - shift - g).abs())
            .fold(0.0, f64::max);
        assert!(worst < 0.15, "largest error {worst}");
    }
}
