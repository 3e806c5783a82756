//! The reward-overoptimization presets (`kind = "overoptimization"`, the Overoptimization
//! Lab). The numbers in the notices are those the runs produce.

use super::Preset;

const GOODHART: &str = "Goodhart's Law in Reinforcement Learning";
const ENSEMBLES: &str = "Reward Model Ensembles Help Mitigate Overoptimization";
const UNCERTAINTY: &str = "Towards Reliable Alignment: Uncertainty-aware RLHF";
const CONSTRAINED: &str = "Confronting Reward Model Overoptimization with Constrained RLHF";
const CPM: &str = "Compositional preference models for aligning LMs";
const GAO: &str = "Gao, Schulman and Hilton (2023), Scaling Laws for Reward Model Overoptimization";

pub const PRESETS: &[Preset] = &[
    Preset {
        kind: "overoptimization",
        name: "overopt-goodhart",
        title: "Goodhart's law: the proxy keeps rising, the gold reward peaks and falls",
        summary: "A linear reward model fitted to 1000 clean labels of a concave gold reward, \
                  optimised by best-of-n, the exact KL-regularised optimum and policy gradient.",
        notice: "The proxy reward rises all the way along every curve, but the gold reward does \
                 not. Best-of-n's gold peaks at n = 22 (√KL = 1.46, gold 1.16) and is down to 0.59 \
                 at n = 1000. The KL optimum peaks at β ≈ 0.36 (√KL = 1.46, gold 1.02) and falls to \
                 −0.05 at β = 0.01, worse than π_ref. Policy gradient (β = 0.02) peaks after 6 steps \
                 (gold 0.47) and ends at 0.08: its path from π_ref is less KL-efficient than the \
                 optimum's. Best-of-n's KL stays under ln n − (n−1)/n (5.90 vs 5.91 at n = 1000).",
        papers: &[GOODHART],
        background: &[GAO],
        view: "",
        toml: include_str!("../../presets/overopt-goodhart.toml"),
    },
    Preset {
        kind: "overoptimization",
        name: "overopt-ensembles",
        title: "Conservative ensembles: worst-case and uncertainty-weighted rewards do not fall",
        summary: "Five linear reward models on bootstrap resamples of 200 labels, 25% of them \
                  flipped: best-of-n and the KL optimum on their mean, their minimum (WCO) and \
                  their mean less 20 × their variance (UWO).",
        notice: "On the ensemble's mean, best-of-n's gold reward peaks at n = 9 (0.45) and falls to \
                 −0.41 at n = 1000; the KL optimum peaks at β ≈ 0.26 (0.38) and falls to −0.85. \
                 Optimising the worst case or the uncertainty-weighted reward instead never falls: \
                 best-of-n ends at 0.80 (WCO) and 1.17 (UWO), the KL optimum at 1.71 for both. The \
                 members disagree most on responses far out along directions the few noisy labels \
                 pinned down badly, exactly where the mean proxy is wrong. (A teaching example on \
                 one seed: how much the ensemble helps varies with the seed.)",
        papers: &[ENSEMBLES, UNCERTAINTY],
        background: &[GAO],
        view: "",
        toml: include_str!("../../presets/overopt-ensembles.toml"),
    },
    Preset {
        kind: "overoptimization",
        name: "cpm-compositional-proxy",
        title: "A compositional reward model: named attributes, combined linearly",
        summary: "The Goodhart preset's world and 1000 labels, fitted by a reward model that \
                  scores a few named attributes (φ's coordinates and how extreme a response \
                  is, ½‖φ‖²) and combines them by logistic regression.",
        notice: "Nothing falls. Best-of-n's gold reward climbs to 1.97 at n = 1000 and the KL \
                 optimum's to 1.99 at β = 0.01, where the plain linear model of \
                 overopt-goodhart peaked at 1.16 and 1.02 and then fell. The gold reward \
                 punishes extreme responses, and extremeness is one of the attributes the model \
                 scores, so pushing its reward up never rewards what the gold reward punishes. \
                 A compositional model is only as safe as its attributes are complete.",
        papers: &[CPM],
        background: &[GOODHART, GAO],
        view: "",
        toml: include_str!("../../presets/cpm-compositional-proxy.toml"),
    },
    Preset {
        kind: "overoptimization",
        name: "constrained-rlhf-proxy-points",
        title: "Constrained RLHF: hold each reward model below its proxy point",
        summary: "A gold reward in two concave parts (correlation 0.5), each with its own 1000 \
                  labels and linear proxy. The KL optimum of the proxies' sum, beside constrained \
                  RLHF holding each E_π p_k at its proxy point.",
        notice: "Each part's gold reward peaks when its proxy reaches its proxy point, here 0.98 \
                 and 0.85 (Final results: proxy_points). Past them the unconstrained optimum \
                 keeps buying proxy reward: its gold peaks at 1.10 (√KL = 0.97) and falls to \
                 −0.48. Constrained RLHF stops where both constraints bind (λ ≈ 0.98 and 0.99) and \
                 ends at 1.09. Set component_correlation to −0.5 and the points move (the second \
                 to 1.41, the first never peaks): where a proxy point lies depends on how the \
                 parts move together, so thresholds must be found for each mix.",
        papers: &[CONSTRAINED],
        background: &[GAO],
        view: "",
        toml: include_str!("../../presets/constrained-rlhf-proxy-points.toml"),
    },
];
