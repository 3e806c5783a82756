//! π_ref's and r*'s bars for the prompt on show, to drag. Each move writes the new value
//! into the scenario, so the run restarts and the learners, π* and the frontier follow the
//! bar under the pointer. The bars are sliders too: focus one and use the arrow keys.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::{DPO_MAX_REWARD, DpoScenario, Rows};
use wasm_bindgen::JsCast;

use super::DpoLab;
use super::panels::index_flag;
use crate::shell::Shell;

/// The two rows of bars.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Reference,
    Gold,
}

impl Which {
    fn id(self) -> &'static str {
        match self {
            Which::Reference => "ref",
            Which::Gold => "gold",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Which::Reference => "π_ref",
            Which::Gold => "r*",
        }
    }

    /// An arrow key's step (Page Up/Down take ten).
    fn step(self) -> f64 {
        match self {
            Which::Reference => 0.01,
            Which::Gold => 0.1,
        }
    }

    /// The row on show of the scenario.
    fn row(self, d: &DpoScenario, prompt: usize) -> Vec<f64> {
        let rows = match self {
            Which::Reference => &d.env.ref_probs,
            Which::Gold => &d.env.gold_reward,
        };
        rows.rows()
            .get(prompt)
            .map(|r| r.to_vec())
            .unwrap_or_default()
    }

    /// The bars' axis, from the values now: probabilities from 0 to a little above the
    /// largest; rewards around 0 with room to drag past the extremes.
    fn axis(self, row: &[f64]) -> (f64, f64) {
        let top = row.iter().cloned().fold(0.0f64, f64::max);
        let bottom = row.iter().cloned().fold(0.0f64, f64::min);
        match self {
            Which::Reference => (0.0, (top * 1.25).clamp(0.5, 1.0)),
            Which::Gold => {
                let pad = 0.25 * (top - bottom).max(1.0);
                (bottom - pad, top + pad)
            }
        }
    }
}

/// `row` with response `k` set to `value`: a probability takes its share from the others
/// in proportion (π_ref stays a distribution), a reward changes alone.
fn with_value(which: Which, row: &[f64], k: usize, value: f64) -> Vec<f64> {
    let mut out = row.to_vec();
    match which {
        Which::Gold => out[k] = round(value.clamp(-DPO_MAX_REWARD, DPO_MAX_REWARD), 100.0),
        Which::Reference => {
            let p = round(value.clamp(0.001, 0.999), 1000.0);
            let rest: f64 = (0..row.len()).filter(|&j| j != k).map(|j| row[j]).sum();
            let others = (row.len() - 1) as f64;
            for (j, q) in out.iter_mut().enumerate() {
                *q = if j == k {
                    p
                } else if rest > 0.0 {
                    round(*q * (1.0 - p) / rest, 10_000.0).max(1e-4)
                } else {
                    round((1.0 - p) / others, 10_000.0)
                };
            }
        }
    }
    out
}

/// Rounded to 1/scale: short links, and no change for a pointer that barely moved.
fn round(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale
}

fn set_row(rows: &mut Rows, prompt: usize, row: Vec<f64>) {
    match rows {
        Rows::One(r) => *r = row,
        Rows::Many(rs) => rs[prompt] = row,
    }
}

/// Write response `k`'s new value into the scenario (nothing when it is unchanged).
fn apply(shell: Shell<DpoLab>, which: Which, prompt: usize, k: usize, value: f64) {
    let Scenario::Dpo(mut d) = shell.scenario.get_untracked() else {
        return;
    };
    let row = which.row(&d, prompt);
    let Some(&old) = row.get(k) else { return };
    let new = with_value(which, &row, k, value);
    if new[k] == old {
        return;
    }
    let rows = match which {
        Which::Reference => &mut d.env.ref_probs,
        Which::Gold => &mut d.env.gold_reward,
    };
    set_row(rows, prompt, new);
    shell.page.apply(Scenario::Dpo(d), None);
}

/// The value under the pointer, on `axis`, for a bar's element.
fn value_at(ev: &web_sys::PointerEvent, axis: (f64, f64)) -> Option<f64> {
    let el: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let rect = el.get_bounding_client_rect();
    let frac = ((rect.bottom() - ev.client_y() as f64) / rect.height().max(1.0)).clamp(0.0, 1.0);
    Some(axis.0 + frac * (axis.1 - axis.0))
}

fn bars(shell: Shell<DpoLab>, which: Which) -> impl IntoView {
    let prompt = move || match shell.scenario.get() {
        Scenario::Dpo(d) => index_flag(shell, "prompt", d.env.prompts()),
        _ => 0,
    };
    let row = Memo::new(move |_| match shell.scenario.get() {
        Scenario::Dpo(d) => which.row(&d, prompt()),
        _ => Vec::new(),
    });
    // The axis is held still while a bar is dragged, so the bar stays under the pointer.
    let held = RwSignal::new(None::<(f64, f64)>);
    let axis = move || held.get().unwrap_or_else(|| which.axis(&row.get()));
    // Only a new number of responses rebuilds the bars: a bar being dragged must stay.
    let count = Memo::new(move |_| row.with(Vec::len));
    let bar = move |k: usize| {
        let value = move || row.with(|r| r.get(k).copied().unwrap_or(0.0));
        let fill = move || {
            let (lo, hi) = axis();
            let at = |v: f64| 100.0 * (v - lo) / (hi - lo);
            let (a, b) = (at(0.0f64.max(lo)), at(value()));
            format!("bottom: {:.2}%; height: {:.2}%", a.min(b), (a - b).abs())
        };
        let on_down = move |ev: web_sys::PointerEvent| {
            ev.prevent_default();
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(ev.pointer_id());
                let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
            let a = axis();
            held.set(Some(a));
            if let Some(v) = value_at(&ev, a) {
                apply(shell, which, prompt(), k, v);
            }
        };
        let on_move = move |ev: web_sys::PointerEvent| {
            let Some(a) = held.get_untracked() else {
                return;
            };
            if let Some(v) = value_at(&ev, a) {
                apply(shell, which, prompt(), k, v);
            }
        };
        let on_key = move |ev: web_sys::KeyboardEvent| {
            let step = which.step();
            let delta = match ev.key().as_str() {
                "ArrowUp" | "ArrowRight" => step,
                "ArrowDown" | "ArrowLeft" => -step,
                "PageUp" => 10.0 * step,
                "PageDown" => -10.0 * step,
                _ => return,
            };
            ev.prevent_default();
            apply(shell, which, prompt(), k, value() + delta);
        };
        view! {
            <div class="drag-bar" role="slider" tabindex="0"
                aria-label=format!("{} of y{}", which.name(), k + 1)
                aria-valuemin=move || format!("{:.2}", axis().0)
                aria-valuemax=move || format!("{:.2}", axis().1)
                aria-valuenow=move || value().to_string()
                data-testid=format!("drag-{}-{k}", which.id())
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=move |_| held.set(None)
                on:pointercancel=move |_| held.set(None)
                on:keydown=on_key>
                <div class=format!("drag-fill {}", which.id()) style=fill></div>
                <span class="drag-value">{move || format!("{:.2}", value())}</span>
            </div>
        }
    };
    view! {
        <div class="drag-row">
            <span class="drag-name">{which.name()}</span>
            <div class="drag-bars">
                {move || (0..count.get()).map(bar).collect_view()}
            </div>
        </div>
    }
}

pub fn drag_bars(shell: Shell<DpoLab>) -> impl IntoView {
    view! {
        <div class="drag-editor" aria-label="π_ref and r* to drag">
            {bars(shell, Which::Reference)}
            {bars(shell, Which::Gold)}
            <p class="caption muted">
                "Drag a bar (or focus it and use the arrow keys) to change π_ref or the gold \
                 reward of one response; the run starts again with the new values."
            </p>
        </div>
    }
}
