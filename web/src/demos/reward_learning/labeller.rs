//! "You are the labeller": two segments animated side by side, four answers, and the
//! reward a Bradley–Terry model fits to the visitor's labels, with the policy it implies
//! and that policy's true return. Labels are kept per map in browser storage and can be
//! exported, imported and cleared.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::rng::Rng;
use playground_core::scenario::{GridEnv, RewardFeatures, RewardLearner, RewardModel};
use playground_figure::Style;
use playground_figure::gridworld::{MapData, Show};
use playground_pref::reward_learning::labels::{HumanAnswer, LabelFile};
use playground_pref::reward_learning::learner::Learner;
use playground_pref::reward_learning::segment::Segment;
use playground_pref::reward_learning::world::World;

use super::maps::{self, draw_map};
use super::{RewardLab, store};

use crate::components::plot::{Area, DrawFn, Plot};
use crate::platform::dom;
use crate::shell::Shell;

/// The visitor's reward model: one reward per cell, a mild L2 penalty; or a small MLP
/// on the cell's letter, refitted from scratch at each label with more steps than a
/// scenario's warm-started learners take.
const HUMAN_L2: f64 = 0.1;
const HUMAN_MLP_L2: f64 = 0.01;
const HUMAN_MLP_HIDDEN: usize = 16;
const HUMAN_MLP_STEPS: usize = 300;
/// Seeds the visitor's queries: the n-th query is the same on every visit.
const QUERY_SEED: u64 = 0x1ABE1;
/// How long each step of a segment stays on screen.
const TICK: Duration = Duration::from_millis(450);

/// What the panels work on: the map's world and the scenario's segment length.
#[derive(Clone)]
pub struct Setting {
    pub env: GridEnv,
    /// Shared, not copied: the memo hands out clones of the setting.
    pub world: Arc<World>,
    pub length: usize,
}

/// The world is made from the map, so two settings are equal when their maps and
/// lengths are (a memo then rebuilds the world only when the map changes).
impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.env == other.env && self.length == other.length
    }
}

/// The reward fitted to the visitor's labels, and what it implies.
#[derive(PartialEq)]
struct HumanFit {
    learned: MapData,
    true_return: f64,
    optimal_return: f64,
    fitted: usize,
}

/// The setting of the page's scenario, rebuilt (map compiled and solved) only when the
/// map or the segment length changes.
pub fn setting(shell: Shell<RewardLab>) -> Memo<Option<Setting>> {
    Memo::new(move |_| shell.scenario.with(setting_of))
}

fn setting_of(scenario: &Scenario) -> Option<Setting> {
    let Scenario::RewardLearning(r) = scenario else {
        return None;
    };
    let world = World::new(&r.env).ok()?;
    Some(Setting {
        env: r.env.clone(),
        world: Arc::new(world),
        length: r.feedback.segment_length,
    })
}

/// The n-th query: a pair of random segments.
fn query(s: &Setting, n: usize) -> (Segment, Segment) {
    let mut rng = Rng::stream(QUERY_SEED, &[n as u64]);
    let a = Segment::sample(&s.world, s.length, &mut rng);
    let b = Segment::sample(&s.world, s.length, &mut rng);
    (a, b)
}

/// Fit the visitor's labels (those that say something) and score the implied policy.
fn fit(s: &Setting, file: &LabelFile, model: RewardModel) -> Result<HumanFit, String> {
    let labels = file.segments(&s.world, &s.env.map, s.length)?;
    let spec = RewardLearner::BradleyTerry {
        features: RewardFeatures::State,
        queries: Default::default(),
        ensemble: 1,
        l2: match model {
            RewardModel::Table => HUMAN_L2,
            RewardModel::Mlp => HUMAN_MLP_L2,
        },
        model,
        hidden: HUMAN_MLP_HIDDEN,
        label: None,
    };
    let mut learner = Learner::new(&spec, &s.world, |_| Rng::new(0));
    learner.mlp_steps = HUMAN_MLP_STEPS;
    for l in labels {
        if let Some(answer) = l.answer.answer() {
            learner.record(&s.world, &l.first, &l.second, answer);
        }
    }
    learner.refit(&s.world);
    let reward = learner.reward();
    let truth = s.world.true_reward(RewardFeatures::State);
    let g = &s.world.grid;
    let values = g.per_cell(|st| truth[st].map(|_| reward[st]));
    Ok(HumanFit {
        learned: MapData {
            label: "your reward and the policy it implies".into(),
            values: values.into_iter().flatten().map(Option::flatten).collect(),
            policy: maps::arrow_cells(&g.arrows(&learner.implied.policy)),
            ..MapData::default()
        },
        true_return: learner.implied.true_return,
        optimal_return: s.world.optimal_return(),
        fitted: learner.comparisons.len(),
    })
}

/// A segment drawn as a trail over the map, up to `upto` moves.
fn segment_data(s: &Setting, seg: &Segment, upto: usize, title: &str) -> MapData {
    let g = &s.world.grid;
    let cols = g.cols();
    let mut trail = vec![None; g.rows() * cols];
    let index = |st: usize| {
        let (r, c) = g.cell_of(st);
        r * cols + c
    };
    let mut agent = None;
    for (i, step) in seg.steps.iter().take(upto.max(1)).enumerate() {
        trail[index(step.state)] = Some(i as f64);
        trail[index(step.next)] = Some((i + 1) as f64);
        agent = Some(index(step.next));
    }
    MapData {
        label: title.to_string(),
        trail,
        agent,
        ..MapData::default()
    }
}

pub fn panel(setting: Memo<Option<Setting>>) -> impl IntoView {
    let world = move || setting.get();
    let labels = RwSignal::new(LabelFile::new(""));
    let message = RwSignal::new(None::<String>);
    // The map's stored labels, whenever the map changes.
    Effect::new(move |_| {
        if let Some(s) = setting.get() {
            let (file, problem) = store::load(&s.env.map);
            labels.set(file);
            message.set(problem);
        }
    });
    follow_other_tabs(setting, labels, message);
    let tick = RwSignal::new(0usize);
    if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t += 1), TICK) {
        on_cleanup(move || handle.clear());
    }
    // The pair on screen: the next query for this many labels.
    let current = Memo::new(move |_| {
        let n = labels.with(|f| f.labels.len());
        setting.get().map(|s| query(&s, n))
    });
    let model = RwSignal::new(RewardModel::Table);
    let fitted = Memo::new(move |_| {
        let s = world()?;
        Some(labels.with(|f| fit(&s, f, model.get())))
    });
    let answer = move |a: HumanAnswer| {
        let (Some(s), Some((first, second))) = (world(), current.get_untracked()) else {
            return;
        };
        labels.update(|f| f.push(&s.world, &first, &second, a));
        tick.set(0);
        save(labels, message);
    };
    let segment_plot = move |second: bool| {
        let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
            let (Some(s), Some((a, b))) = (world(), current.get()) else {
                return Ok(());
            };
            let seg = if second { &b } else { &a };
            let shown = tick.get() % (s.length + 3);
            let title = if second { "right" } else { "left" };
            draw_map(
                &s.env,
                &segment_data(&s, seg, shown, title),
                Show::Path,
                area,
                style,
            )
        });
        let label = if second {
            "The right segment"
        } else {
            "The left segment"
        };
        view! { <Plot label=label class="small" draw=draw/> }
    };
    let learned_plot = move || {
        let draw: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
            let Some(s) = world() else { return Ok(()) };
            fitted.with(|f| match f {
                Some(Ok(fit)) => draw_map(&s.env, &fit.learned, Show::Values, area, style),
                _ => Ok(()),
            })
        });
        let truth: Rc<DrawFn> = Rc::new(move |area: &Area, style: &Style| {
            let Some(s) = world() else { return Ok(()) };
            let truth = maps::true_map(&s.world, RewardFeatures::State);
            draw_map(&s.env, &truth, Show::Values, area, style)
        });
        view! {
            <div class="pair">
                <Plot label="The true reward with the optimal policy" class="small" draw=truth/>
                <Plot label="The reward learned from your labels" class="small" draw=draw/>
            </div>
        }
    };
    let summary = move || {
        let count = labels.with(|f| f.labels.len());
        fitted.with(|f| match f {
            Some(Ok(fit)) => format!(
                "{count} labels ({} fitted). The policy your reward implies earns {:.2} \
                 from the start; the best possible is {:.2}.",
                fit.fitted, fit.true_return, fit.optimal_return
            ),
            Some(Err(e)) => e.clone(),
            None => String::new(),
        })
    };
    view! {
        <section class="card labeller" aria-label="Your labels" data-testid="labeller">
            <h2>"You are the labeller"</h2>
            <p class="muted">
                "Which walk is better? The reward is hidden: judge by where each walk goes (in \
                 the presets T is treasure and L is lava). Numbers on the cells count the moves; \
                 the ring is where the walk is now."
            </p>
            <div class="pair">{segment_plot(false)}{segment_plot(true)}</div>
            <div class="button-row">
                <button on:click=move |_| answer(HumanAnswer::First) data-testid="label-first">"Left is better"</button>
                <button on:click=move |_| answer(HumanAnswer::Second) data-testid="label-second">"Right is better"</button>
                <button on:click=move |_| answer(HumanAnswer::Equal) data-testid="label-equal">"Equal"</button>
                <button on:click=move |_| answer(HumanAnswer::CantTell) data-testid="label-skip">"Can't tell"</button>
            </div>
            <p data-testid="label-summary" aria-live="polite">{summary}</p>
            <label class="agent-pick">
                "Your reward model "
                <select data-testid="labeller-model" on:change=move |ev| model.set(
                    if event_target_value(&ev) == "mlp" { RewardModel::Mlp } else { RewardModel::Table })>
                    <option value="table" selected=move || model.get() == RewardModel::Table>"a table: one number per cell"</option>
                    <option value="mlp" selected=move || model.get() == RewardModel::Mlp>"an MLP on the cell's letter"</option>
                </select>
            </label>
            {learned_plot}
            {transfer(labels, message, setting)}
            {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </section>
    }
}

/// Export, import and clear.
fn transfer(
    labels: RwSignal<LabelFile>,
    message: RwSignal<Option<String>>,
    setting: Memo<Option<Setting>>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let export = move |_| {
        let text = labels.with(LabelFile::to_json);
        if let Err(e) = dom::download("reward-labels.json", "application/json", text.as_bytes()) {
            message.set(Some(e));
        }
    };
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = dom::read_file_text(file).await;
            message.set(Some(import(labels, setting, text)));
        });
    };
    let clear = move |_| {
        if !confirming.get() {
            confirming.set(true);
            return;
        }
        confirming.set(false);
        if let Some(s) = setting.get() {
            store::clear(&s.env.map);
            labels.set(LabelFile::new(&s.env.map));
            message.set(Some("Your labels for this map are cleared.".into()));
        }
    };
    view! {
        <div class="button-row">
            <button on:click=export data-testid="labels-export">"Export labels"</button>
            <label class="import">
                "Import labels: "
                <input type="file" accept=".json,application/json" on:change=pick data-testid="labels-import"/>
            </label>
            <button on:click=clear data-testid="labels-clear">
                {move || if confirming.get() {
                    format!("Really clear {} labels?", labels.with(|f| f.labels.len()))
                } else {
                    "Clear labels".to_string()
                }}
            </button>
        </div>
    }
}

/// Store the page's labels; the page then shows all stored (another tab's too), or keeps
/// its own and says storage refused them.
fn save(labels: RwSignal<LabelFile>, message: RwSignal<Option<String>>) {
    match labels.with_untracked(store::save) {
        Ok(all) => {
            labels.set(all);
            message.set(None);
        }
        Err(e) => message.set(Some(e)),
    }
}

/// When another tab writes this map's labels (or clears them), show what it stored.
fn follow_other_tabs(
    setting: Memo<Option<Setting>>,
    labels: RwSignal<LabelFile>,
    message: RwSignal<Option<String>>,
) {
    let handle = window_event_listener(leptos::ev::storage, move |e| {
        let Some(s) = setting.get_untracked() else {
            return;
        };
        // No key: the other tab cleared all of this site's storage.
        if e.key().is_none_or(|k| k == store::key(&s.env.map)) {
            let (file, problem) = store::load(&s.env.map);
            labels.set(file);
            message.set(Some(problem.unwrap_or_else(|| {
                "Your labels were updated from another tab.".into()
            })));
        }
    });
    on_cleanup(move || handle.remove());
}

/// Merge an imported file into the stored labels, or refuse it whole; says which.
fn import(
    labels: RwSignal<LabelFile>,
    setting: Memo<Option<Setting>>,
    text: Result<String, String>,
) -> String {
    let Some(s) = setting.get_untracked() else {
        return "This page has no map to label.".into();
    };
    let checked = text.and_then(|t| LabelFile::from_json(&t)).and_then(|f| {
        f.segments(&s.world, &s.env.map, s.length)?;
        Ok(f)
    });
    let incoming = match checked {
        Ok(f) => f,
        Err(e) => return format!("The file was not imported, and your labels are unchanged: {e}."),
    };
    let mut merged = labels.get_untracked();
    let before = merged.labels.len();
    for l in incoming.labels {
        if !merged.labels.contains(&l) {
            merged.labels.push(l);
        }
    }
    let added = merged.labels.len() - before;
    labels.set(merged);
    match labels.with_untracked(store::save) {
        Ok(all) => {
            labels.set(all);
            format!("Imported {added} new labels.")
        }
        Err(e) => format!("Imported {added} new labels. {e}"),
    }
}
