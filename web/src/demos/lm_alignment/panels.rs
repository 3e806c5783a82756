//! The alignment lab's own panels: the caption's readout, samples coloured by sentiment,
//! the per-position heatmap, and the results table.

use leptos::prelude::*;
use playground_core::Experiment;
use playground_core::scenario::{ALIGN_SENTIMENT, ALIGN_WORDS};
use playground_lm::align::AlignExperiment;
use playground_nn::Backend;

use serde::{Deserialize, Serialize};

use super::{AlignRun, AlignmentLab};
use crate::demos::device::{DeviceStatus, DeviceView};
use crate::on_device;
use crate::shell::{Shell, setting_index};

/// Samples shown per policy.
const SAMPLES: usize = 6;

/// What the panels show of a run beyond its series and finals, for the learner the view
/// settings choose: computed where the run is, on whichever backend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AlignView {
    pub device: DeviceStatus,
    /// The caption's readout: where the run is, or each learner's gold against the frontier.
    pub readout: String,
    pub label: String,
    /// Samples from the chosen learner's policy and from π_ref's.
    pub samples: Vec<String>,
    pub reference_samples: Vec<String>,
    /// P(word at position t) under the chosen learner's policy and under π_ref.
    pub positions: Option<Vec<Vec<f64>>>,
    pub reference_positions: Option<Vec<Vec<f64>>>,
}

impl DeviceView for AlignView {
    fn device(&self) -> &DeviceStatus {
        &self.device
    }
}

impl AlignView {
    pub fn of(run: &AlignRun, settings: &[(String, String)]) -> Self {
        on_device!(&run.run, e => {
            let l = setting_index(settings, "learner", e.labels().len());
            AlignView {
                device: run.status(),
                readout: readout(e),
                label: e.labels().get(l).cloned().unwrap_or_default(),
                samples: AlignRead::samples(e, Some(l)),
                reference_samples: AlignRead::samples(e, None),
                positions: e.positions(Some(l)),
                reference_positions: e.positions(None),
            }
        })
    }
}

/// What the panels read of a run, whatever its backend: each panel asks for only what it
/// draws (the caption redraws every frame).
trait AlignRead: Experiment {
    fn labels(&self) -> &[String];
    fn pretraining(&self) -> Option<(usize, usize)>;
    fn pretrain_loss(&self) -> Option<f64>;
    fn entropy_rate(&self) -> f64;
    fn halted(&self) -> Option<&str>;
    /// Samples from learner `l`'s policy, or π_ref's for `None`.
    fn samples(&self, l: Option<usize>) -> Vec<String>;
    /// P(word at position t) under learner `l`'s policy, or π_ref's for `None`.
    fn positions(&self, l: Option<usize>) -> Option<Vec<Vec<f64>>>;
    /// Each learner's exact (gold, KL, frontier's gold at that KL).
    fn exact_now(&self) -> Vec<(f64, f64, f64)>;
}

impl<B: Backend> AlignRead for AlignExperiment<B> {
    fn labels(&self) -> &[String] {
        AlignExperiment::labels(self)
    }
    fn pretraining(&self) -> Option<(usize, usize)> {
        AlignExperiment::pretraining(self)
    }
    fn pretrain_loss(&self) -> Option<f64> {
        self.pretrain_losses().last().copied()
    }
    fn entropy_rate(&self) -> f64 {
        AlignExperiment::entropy_rate(self)
    }
    fn halted(&self) -> Option<&str> {
        AlignExperiment::halted(self)
    }
    fn samples(&self, l: Option<usize>) -> Vec<String> {
        AlignExperiment::samples(self, l, SAMPLES, self.t() as u64)
    }
    fn positions(&self, l: Option<usize>) -> Option<Vec<Vec<f64>>> {
        let shared = self.shared()?;
        let logp = match l {
            Some(l) => &self.learners().get(l)?.logp,
            None => &shared.ref_logp,
        };
        Some(AlignExperiment::<B>::position_probs(logp, shared.length))
    }
    fn exact_now(&self) -> Vec<(f64, f64, f64)> {
        let Some(shared) = self.shared() else {
            return Vec::new();
        };
        self.learners()
            .iter()
            .filter_map(|l| {
                let exact = l.exact(shared);
                let (kl, gold) = (exact[0].1, exact[1].1);
                Some((gold, kl, self.frontier_at(kl)?))
            })
            .collect()
    }
}

/// Where the run is, or each learner's gold against the frontier.
fn readout(v: &dyn AlignRead) -> String {
    if let Some((done, of)) = v.pretraining() {
        return format!(
            "Pretraining π_ref on the chain's text: step {done} of {of}, loss {} \
             nats/word (the entropy rate, the floor, is {:.3}).",
            v.pretrain_loss().map_or("–".into(), |l| format!("{l:.3}")),
            v.entropy_rate()
        );
    }
    if let Some(why) = v.halted() {
        return why.to_string();
    }
    let parts: Vec<String> = v
        .labels()
        .iter()
        .zip(v.exact_now())
        .map(|(label, (gold, kl, best))| {
            format!("{label}: gold {gold:.2} at KL {kl:.2} (frontier {best:.2})")
        })
        .collect();
    format!("Step {} of {}. {}", v.t(), v.horizon(), parts.join("; "))
}

/// Under the figure: where the run is, or each learner's gold against the frontier.
pub fn caption(shell: Shell<AlignmentLab>) -> impl IntoView {
    let text = move || {
        shell.runner.version.track();
        shell.runner.with(|run| run.view.readout.clone())
    };
    view! {
        <p class="caption muted">
            "Each learner's path in the plane of KL(π‖π_ref) and expected gold reward, both exact \
             (every response listed); the dashed curve is the frontier π_ref·e^(r*/β)/Z: no \
             policy can be above it."
        </p>
        <p class="caption" data-testid="alignment-readout" aria-live="polite">{text}</p>
    }
}

/// A response as words, each coloured by its sentiment.
fn words(text: &str) -> impl IntoView + use<> {
    let spans: Vec<_> = text
        .split(' ')
        .map(|w| {
            let s = ALIGN_WORDS
                .iter()
                .position(|x| *x == w)
                .map_or(0.0, |i| ALIGN_SENTIMENT[i]);
            let class = if s > 0.0 {
                "tok pos"
            } else if s < 0.0 {
                "tok neg"
            } else {
                "tok"
            };
            view! { <span class=class>{w.to_string()}</span> " " }
        })
        .collect();
    view! { <span class="sample">{spans}</span> }
}

pub fn samples(shell: Shell<AlignmentLab>) -> impl IntoView {
    let read = move || {
        shell.runner.slow_version.track();
        shell.runner.with(|run| {
            let v = &run.view;
            (
                run.t,
                v.label.clone(),
                v.samples.clone(),
                v.reference_samples.clone(),
            )
        })
    };
    let list = |items: Vec<String>| {
        items
            .into_iter()
            .map(|s| view! { <li>{words(&s)}</li> })
            .collect_view()
    };
    view! {
        <section class="card samples" aria-labelledby="align-samples-title">
            <h2 id="align-samples-title">"Samples"</h2>
            {move || {
                let (t, label, policy, reference) = read();
                if policy.is_empty() {
                    return view! { <p class="muted">"Samples appear once π_ref is ready."</p> }.into_any();
                }
                view! {
                    <p class="muted">{format!("At step {t}; positive words in green, negative in red. Every response follows the prompt “the”.")}</p>
                    <div class="row">
                        <div><h3>{label}</h3><ul class="align-samples" data-testid="samples-policy">{list(policy)}</ul></div>
                        <div><h3>"π_ref"</h3><ul class="align-samples" data-testid="samples-reference">{list(reference)}</ul></div>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The chance of each word at each position, as a table shaded by probability.
pub fn heatmap(shell: Shell<AlignmentLab>) -> impl IntoView {
    let read = move || {
        shell.runner.slow_version.track();
        shell.runner.with(|run| {
            let v = &run.view;
            (
                v.label.clone(),
                v.positions.clone(),
                v.reference_positions.clone(),
            )
        })
    };
    view! {
        <section class="card" aria-labelledby="align-heat-title">
            <h2 id="align-heat-title">"Which word where"</h2>
            {move || {
                let (label, Some(policy), Some(reference)) = read() else {
                    return view! { <p class="muted">"The heatmap appears once π_ref is ready."</p> }.into_any();
                };
                let rows = ALIGN_WORDS.iter().enumerate().map(|(w, word)| {
                    let cells = policy.iter().zip(&reference).map(|(p, r)| {
                        let (p, r) = (p[w], r[w]);
                        view! {
                            <td style=format!("background: rgba(0, 114, 178, {:.3})", p.min(1.0))
                                title=format!("{label}: {p:.3}; π_ref: {r:.3}")>
                                {format!("{p:.2}")}
                            </td>
                        }
                    }).collect_view();
                    view! { <tr><th scope="row">{*word}</th>{cells}</tr> }
                }).collect_view();
                let heads = (1..=policy.len()).map(|t| view! { <th scope="col">{t}</th> }).collect_view();
                view! {
                    <p class="muted">{format!("{label}: P(word at position t), exact; hover for π_ref's.")}</p>
                    <div class="table-scroll">
                    <table class="table heat" data-testid="heatmap">
                        <thead><tr><th>"word"</th>{heads}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Each learner's exact numbers now, against π_ref and the frontier.
pub fn results(shell: Shell<AlignmentLab>) -> impl IntoView {
    let read = move || {
        shell.runner.slow_version.track();
        shell.runner.with(|run| run.finals.clone())
    };
    let num = |x: &serde_json::Value| x.as_f64().map_or("–".into(), |x| format!("{x:.3}"));
    view! {
        <section class="card" aria-label="Results">
            <h2>"Exact results now"</h2>
            <div class="table-scroll">
            <table class="table" data-testid="alignment-table">
                <thead><tr>
                    <th>"policy"</th><th>"KL(π‖π_ref)"</th><th>"gold"</th>
                    <th>"frontier at that KL"</th><th>"proxy"</th><th>"pass@1, @4, @16"</th>
                </tr></thead>
                <tbody>{move || {
                    let finals = read();
                    finals.iter().filter(|(k, _)| k.as_str() != "frontier" && k.as_str() != "pretraining").map(|(label, f)| {
                        let pass = f["pass_at_k"]["value"].as_array().map_or("–".into(), |v| {
                            [0, 2, 4].iter().filter_map(|&i| v.get(i)?.as_f64()).map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(", ")
                        });
                        let name = if label == "reference" { "π_ref".to_string() } else { label.clone() };
                        view! {
                            <tr>
                                <td>{name}</td>
                                <td>{num(&f["kl_exact"])}</td>
                                <td>{num(&f["gold_reward_exact"])}</td>
                                <td>{num(&f["frontier_gold_at_kl"])}</td>
                                <td>{num(&f["proxy_reward_exact"])}</td>
                                <td>{pass}</td>
                            </tr>
                        }
                    }).collect_view()
                }}</tbody>
            </table>
            </div>
        </section>
    }
}
