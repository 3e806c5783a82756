//! The transformer page's own panels: the backend switch, the loss readout, samples,
//! attention and the explanation.

use std::rc::Rc;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_figure::lm::attention_heatmap;
use playground_figure::{Style, draw_heatmap};

use super::run::SAMPLE_LEN;
use super::{TransformerLab, TransformerUi};
use crate::components::plot::{Area, DrawFn, Plot};
use crate::shell::Shell;

/// A token as a letter (a–z, then A–Z, then digits), so samples read like text.
fn token_text(tokens: &[u32]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    tokens
        .iter()
        .map(|&t| ALPHABET.get(t as usize).map_or('?', |&c| c as char))
        .collect()
}

pub fn samples_panel(shell: Shell<TransformerLab>) -> impl IntoView {
    let lab = expect_context::<TransformerUi>();
    let vocab = move || match shell.scenario.get() {
        Scenario::Transformer(t) => t.model.vocab,
        _ => 0,
    };
    view! {
        <section class="card samples" aria-labelledby="samples-title">
            <h2 id="samples-title">"Samples"</h2>
            {move || match lab.samples.get() {
                None => view! { <p class="muted">"Samples appear after the first steps."</p> }.into_any(),
                Some(s) => view! {
                    <p class="muted">{format!("At step {}, {SAMPLE_LEN} tokens each (letters stand for the {} tokens):", s.step, vocab())}</p>
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

pub fn attention_panel() -> impl IntoView {
    let lab = expect_context::<TransformerUi>();
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

const EXPLAIN: &str = r#"
<p>The model reads a sequence and, at every position, outputs a probability for each possible next token. Training lowers the <strong>cross-entropy</strong>, the average surprise at the token that really came next:</p>
<math display="block"><mrow><mi>L</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mi>T</mi></mfrac><munderover><mo>∑</mo><mrow><mi>t</mi><mo>=</mo><mn>1</mn></mrow><mi>T</mi></munderover><mi>ln</mi><msub><mi>p</mi><mi>θ</mi></msub><mo>(</mo><msub><mi>x</mi><mrow><mi>t</mi><mo>+</mo><mn>1</mn></mrow></msub><mo>∣</mo><msub><mi>x</mi><mrow><mo>≤</mo><mi>t</mi></mrow></msub><mo>)</mo></mrow></math>
<p>The text comes from a Markov chain with transition matrix P, so the next token depends only on the current one. Even a perfect model cannot predict it better than the chain's <strong>entropy rate</strong>, computed exactly from P and its stationary distribution π:</p>
<math display="block"><mrow><mi>H</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>i</mi></munder><msub><mi>π</mi><mi>i</mi></msub><munder><mo>∑</mo><mi>j</mi></munder><msub><mi>P</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub><mi>ln</mi><msub><mi>P</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub></mrow></math>
<p>That is the dashed floor. Each step's loss is measured on one batch of fresh text, so it jitters, and a lucky batch can dip below the floor; the expected loss cannot. The Verify panel checks that the average over the last tenth of the steps ends close to the floor and not clearly below it (only a model that peeked at the next token could do that).</p>
<p><strong>Attention</strong> lets each position mix information from earlier positions with weights softmax(q·k/√d); the heatmap shows those weights for the first head. <strong>Adam</strong> scales each parameter's step by a running estimate of its gradient's size; <strong>gradient clipping</strong> caps the length of the whole update, which is what rescues a too-high learning rate.</p>
<p>Everything runs in your browser: on the GPU through WebGPU, or on the CPU in WebAssembly. The two backends compute the same numbers to about 1e-4, and you can switch mid-run: the weights and the optimiser's state move across and training continues.</p>
"#;

pub fn explanation() -> impl IntoView {
    view! {
        <section class="explain" aria-labelledby="lm-explain-title">
            <h2 id="lm-explain-title">"What is going on"</h2>
            <article class="card explain-card" inner_html=EXPLAIN></article>
        </section>
    }
}

/// Under the loss figure: the latest loss against the floor.
pub fn loss_readout(shell: Shell<TransformerLab>) -> impl IntoView {
    let read = move || {
        shell.runner.version.track();
        shell.runner.with(|run| {
            let metric = |name: &str| {
                run.series
                    .learners
                    .first()
                    .and_then(|l| l.metric(name))
                    .and_then(|m| m.mean.last().copied())
            };
            Some((run.t, metric("loss")?, metric("entropy_rate")?))
        })
    };
    view! {
        <p class="caption muted" data-testid="loss-readout">
            {move || match read() {
                Some((t, loss, floor)) => format!(
                    "step {t}: loss {loss:.3} nats/token; floor {floor:.3}; gap {:.3}", loss - floor
                ),
                None => "starting…".into(),
            }}
        </p>
    }
}
