//! The transformer page's panels: loss, controls with the backend switch, samples,
//! attention, editor and explanation.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::lm::{attention_heatmap, loss_figure};
use playground_figure::{Style, draw_heatmap, draw_lines};
use serde_json::{Value, json};

use super::model::BackendKind;
use super::{Command, Lab, lm_of};
use crate::app::UiState;
use crate::components::plot::{Area, DrawFn, Plot};

/// A token as a letter (a–z, then A–Z, then digits), so samples read like text.
fn token_text(tokens: &[u32]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    tokens
        .iter()
        .map(|&t| ALPHABET.get(t as usize).map_or('?', |&c| c as char))
        .collect()
}

#[component]
pub fn LossPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        let fig = lab
            .series
            .with(|s| loss_figure(s, lab.entropy_rate.get(), lab.horizon(), false));
        draw_lines(area, &fig, style).map_err(|e| e.to_string())
    });
    let label = Signal::derive(move || {
        format!(
            "Training loss up to step {}, with the entropy-rate floor {:.3}",
            lab.t.get(),
            lab.entropy_rate.get()
        )
    });
    let last = move || {
        lab.series.with(|s| {
            s.learners
                .first()
                .and_then(|l| l.metric("loss"))
                .and_then(|m| m.mean.last().copied())
        })
    };
    view! {
        <section class="card figure" aria-label="Loss figure">
            <Plot label=label class="main" draw=draw/>
            <p class="caption muted" data-testid="loss-readout">
                {move || match last() {
                    Some(l) => format!(
                        "step {}: loss {l:.3} nats/token; floor {:.3}; gap {:.3}",
                        lab.t.get(), lab.entropy_rate.get(), l - lab.entropy_rate.get()
                    ),
                    None => "starting…".into(),
                }}
            </p>
        </section>
    }
}

#[component]
pub fn Controls(on_reset: Callback<()>, on_reseed: Callback<()>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let ui = expect_context::<UiState>();
    let status = move || {
        if lab.t.get() >= lab.horizon() {
            "finished"
        } else if lab.playing.get() {
            "running"
        } else if lab.t.get() == 0 {
            "ready"
        } else {
            "paused"
        }
    };
    let choose = move |kind: BackendKind| {
        view! {
            <button
                aria-pressed=move || (lab.backend.get() == kind).to_string()
                class:active=move || lab.backend.get() == kind
                disabled=move || kind == BackendKind::Gpu && !ui.gpu.get().available()
                title=move || if kind == BackendKind::Gpu { ui.gpu.get().explain() } else { "Compute on the CPU, in WebAssembly".into() }
                on:click=move |_| lab.send(Command::SwitchTo(kind))
                data-testid=format!("backend-{}", if kind == BackendKind::Gpu { "gpu" } else { "cpu" })
            >
                {kind.label()}
            </button>
        }
    };
    view! {
        <div class="run-controls" role="group" aria-label="Run controls">
            <button class="primary" data-testid="play" on:click=move |_| lab.playing.update(|p| *p = !*p)
                aria-pressed=move || lab.playing.get().to_string() title="Play or pause (space)">
                {move || if lab.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button data-testid="step" on:click=move |_| lab.send(Command::Step) title="One training step (→)">"Step"</button>
            <button data-testid="reset" on:click=move |_| on_reset.run(()) title="Restart with the same seed (r)">"Reset"</button>
            <button data-testid="reseed" on:click=move |_| on_reseed.run(())>"Reseed"</button>
            <div role="group" aria-label="Compute on" class="segmented">{choose(BackendKind::Cpu)} {choose(BackendKind::Gpu)}</div>
            <div class="progress">
                <span class="badge" data-testid="backend-badge" title=move || lab.device.get()>
                    {move || format!("training on {}", lab.backend.get().label())}
                </span>
                <span data-testid="progress">{move || format!("t = {} / {}", lab.t.get(), lab.horizon())}</span>
                <span class="muted" data-testid="speed">{move || {
                    let r = lab.steps_per_s.get();
                    if r < 10.0 { format!("{r:.1} steps/s") } else { format!("{r:.0} steps/s") }
                }}</span>
                <span class=move || format!("status {}", status()) data-testid="status">{status}</span>
            </div>
        </div>
        {move || lab.note.get().map(|n| view! { <p class="muted note" data-testid="note">{n}</p> })}
    }
}

#[component]
pub fn SamplesPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <section class="card samples" aria-labelledby="samples-title">
            <h2 id="samples-title">"Samples"</h2>
            {move || match lab.samples.get() {
                None => view! { <p class="muted">"Samples appear after the first steps."</p> }.into_any(),
                Some(s) => view! {
                    <p class="muted">{format!("At step {}, 64 tokens each (letters stand for the {} tokens):", s.step, lab.scenario.get().model.vocab)}</p>
                    <dl class="sample-list">
                        <dt>"the model"</dt>
                        <dd><code data-testid="sample-model">{token_text(&s.model)}</code></dd>
                        <dt>"the true chain"</dt>
                        <dd><code data-testid="sample-chain">{token_text(&s.chain)}</code></dd>
                    </dl>
                }.into_any(),
            }}
            <p class="caption muted">
                "Early on the model's text is a uniform jumble; as the loss nears the floor it uses \
                 the same few likely successors after each letter as the chain does."
            </p>
        </section>
    }
}

#[component]
pub fn AttentionPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
        let Some(map) = lab.attention.get() else {
            return Ok(());
        };
        let weights: Vec<f64> = map.weights.iter().map(|&w| f64::from(w)).collect();
        let title = format!("Layer 1, head 1 on “{}”", token_text(&map.tokens));
        draw_heatmap(area, &attention_heatmap(&weights, map.len, &title), style)
            .map_err(|e| e.to_string())
    });
    view! {
        <section class="card figure small">
            <Plot label="Attention weights of the first head: each row is a position, each column a position it may attend to" class="small" draw=draw/>
            <p class="caption muted">
                "Causal attention: each position (row) spreads weight over itself and earlier positions \
                 (columns); bright is high. A Markov chain's next token depends only on the current one."
            </p>
        </section>
    }
}

/// Fields the editor shows: (JSON pointer, label, whole number?).
const FIELDS: &[(&str, &str, bool)] = &[
    ("/seed", "seed", true),
    ("/steps", "steps", true),
    ("/train/lr", "learning rate", false),
    ("/train/batch", "batch", true),
    ("/train/clip", "clip (0 = off)", false),
    ("/train/weight_decay", "weight decay", false),
    ("/model/width", "width", true),
    ("/model/heads", "heads", true),
    ("/model/layers", "layers", true),
    ("/model/context", "context", true),
    ("/model/vocab", "vocabulary", true),
    ("/corpus/branching", "likely successors", true),
];

fn edit(lab: Lab, error: RwSignal<Option<String>>, change: impl FnOnce(&mut Value)) {
    let mut v = serde_json::to_value(Scenario::Transformer(lab.scenario.get_untracked()))
        .expect("serialisable");
    change(&mut v);
    match Scenario::from_value(v).map(lm_of) {
        Ok(Some(lm)) => {
            error.set(None);
            lab.apply(lm, None);
        }
        Ok(None) => error.set(Some("only transformer scenarios run here".into())),
        Err(e) => error.set(Some(e.to_string())),
    }
}

#[component]
pub fn Editor() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let error = RwSignal::new(None::<String>);
    let value_at = move |ptr: &str| {
        let v =
            serde_json::to_value(Scenario::Transformer(lab.scenario.get())).expect("serialisable");
        v.pointer(ptr).map(|x| x.to_string()).unwrap_or_default()
    };
    let field = move |(ptr, label, whole): (&'static str, &'static str, bool)| {
        let id = format!("lm{}", ptr.replace('/', "-"));
        let set = move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            let parsed = if whole {
                text.trim()
                    .parse::<u64>()
                    .map(|x| json!(x))
                    .map_err(|_| format!("{label}: “{text}” is not a whole number"))
            } else {
                text.trim()
                    .parse::<f64>()
                    .map(|x| json!(x))
                    .map_err(|_| format!("{label}: “{text}” is not a number"))
            };
            match parsed {
                Ok(x) => edit(lab, error, |v| {
                    if let Some(slot) = v.pointer_mut(ptr) {
                        *slot = x;
                    }
                }),
                Err(e) => error.set(Some(e)),
            }
        };
        view! {
            <label for=id.clone()>{label}</label>
            <input id=id type="number" step=if whole { "1" } else { "any" } prop:value=move || value_at(ptr) on:change=set/>
        }
    };
    let optimizer = move |ev: leptos::ev::Event| {
        let o = event_target_value(&ev);
        edit(lab, error, |v| v["train"]["optimizer"] = json!(o));
    };
    let toml = RwSignal::new(String::new());
    Effect::new(move |_| toml.set(Scenario::Transformer(lab.scenario.get()).to_toml()));
    let apply_toml = move |_| match Scenario::from_toml(&toml.get_untracked()).map(lm_of) {
        Ok(Some(lm)) => {
            error.set(None);
            lab.apply(lm, None);
        }
        Ok(None) => error.set(Some("only transformer scenarios run here".into())),
        Err(e) => error.set(Some(e.to_string())),
    };
    view! {
        <section class="card editor" aria-labelledby="lm-editor-title">
            <h2 id="lm-editor-title">"Scenario"</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="editor-error">{e}</p> })}
            <div class="fields">
                {FIELDS.iter().map(|f| field(*f)).collect_view()}
                <label for="lm-optimizer">"optimiser"</label>
                <select id="lm-optimizer" on:change=optimizer>
                    {["sgd", "adam", "adamw"].into_iter().map(|o| view! {
                        <option value=o selected=move || value_at("/train/optimizer") == format!("\"{o}\"")>{o}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="muted">{move || format!("{} parameters", lab.params.get())}</p>
            <details>
                <summary>"Edit as TOML"</summary>
                <textarea rows="16" spellcheck="false" aria-label="Scenario as TOML" prop:value=move || toml.get()
                    on:input=move |ev| toml.set(event_target_value(&ev))></textarea>
                <button on:click=apply_toml>"Apply"</button>
            </details>
        </section>
    }
}

const EXPLAIN: &str = r#"
<p>The model reads a sequence and, at every position, outputs a probability for each possible next token. Training lowers the <strong>cross-entropy</strong>, the average surprise at the token that really came next:</p>
<math display="block"><mrow><mi>L</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>T</mi></mfrac><munderover><mo>∑</mo><mrow><mi>t</mi><mo>=</mo><mn>1</mn></mrow><mi>T</mi></munderover><mi>ln</mi><msub><mi>p</mi><mi>θ</mi></msub><mo>(</mo><msub><mi>x</mi><mrow><mi>t</mi><mo>+</mo><mn>1</mn></mrow></msub><mo>∣</mo><msub><mi>x</mi><mrow><mo>≤</mo><mi>t</mi></mrow></msub><mo>)</mo></mrow></math>
<p>The text comes from a Markov chain with transition matrix P, so the next token depends only on the current one. Even a perfect model cannot predict it better than the chain's <strong>entropy rate</strong>, computed exactly from P and its stationary distribution π:</p>
<math display="block"><mrow><mi>H</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>i</mi></munder><msub><mi>π</mi><mi>i</mi></msub><munder><mo>∑</mo><mi>j</mi></munder><msub><mi>P</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub><mi>ln</mi><msub><mi>P</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub></mrow></math>
<p>That is the dashed floor. Each step's loss is measured on one batch of fresh text, so it jitters, and a lucky batch can dip below the floor; the expected loss cannot. The Verify panel checks that the average over the last tenth of the steps ends close to the floor and not clearly below it (only a model that peeked at the next token could do that).</p>
<p><strong>Attention</strong> lets each position mix information from earlier positions with weights softmax(q·k/√d); the heatmap shows those weights for the first head. <strong>Adam</strong> scales each parameter's step by a running estimate of its gradient's size; <strong>gradient clipping</strong> caps the length of the whole update, which is what rescues a too-high learning rate.</p>
<p>Everything runs in your browser: on the GPU through WebGPU, or on the CPU in WebAssembly. The two backends compute the same numbers to about 1e-4, and you can switch mid-run: the weights and the optimiser's state move across and training continues.</p>
"#;

#[component]
pub fn Explanation() -> impl IntoView {
    view! {
        <section class="explain" aria-labelledby="lm-explain-title">
            <h2 id="lm-explain-title">"What is going on"</h2>
            <article class="card explain-card" inner_html=EXPLAIN></article>
        </section>
    }
}
