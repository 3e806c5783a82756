//! The scenario editor: forms built from core's field tables, so every field shown is a
//! field validation knows, with the same ranges. Each change is validated at once; a bad
//! value shows its message and leaves the running experiment untouched.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::form::{
    AGENT_FORMS, ENV_FORMS, Field, FieldKind, agent_form, env_form,
};
use playground_core::scenario::{MAX_AGENTS, MAX_RUNS, MAX_SEED, MAX_STEPS};
use serde_json::{Value, json};

use super::{Arena, bandit_of};

/// The current scenario as JSON, with its `kind` tag.
fn as_json(arena: &Arena) -> Value {
    serde_json::to_value(Scenario::Bandit(arena.scenario.get())).expect("serialisable")
}

/// Apply an edit to the scenario's JSON; keep it if it validates, else show why.
fn edit(arena: Arena, error: RwSignal<Option<String>>, change: impl FnOnce(&mut Value)) {
    let mut v = serde_json::to_value(Scenario::Bandit(arena.scenario.get_untracked()))
        .expect("serialisable");
    change(&mut v);
    match Scenario::from_value(v).map(bandit_of) {
        Ok(Some(b)) => {
            error.set(None);
            arena.apply(b, None);
        }
        Ok(None) => error.set(Some("only bandit scenarios can run here".into())),
        Err(e) => error.set(Some(e.to_string())),
    }
}

/// Text for an input from a JSON value.
fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| text_of(Some(x)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Parse an input's text into the JSON a field holds, or say what is wrong.
fn parse_field(kind: FieldKind, label: &str, text: &str) -> Result<Value, String> {
    let text = text.trim();
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{label}: “{t}” is not a number"))
    };
    match kind {
        FieldKind::Optional { .. } if text.is_empty() => Ok(Value::Null),
        FieldKind::Number { .. } | FieldKind::Optional { .. } => number(text).map(|x| json!(x)),
        FieldKind::Integer { .. } => text
            .parse::<u64>()
            .map(|x| json!(x))
            .map_err(|_| format!("{label}: “{text}” is not a whole number")),
        FieldKind::List { .. } => text
            .split([',', ' ', ';'])
            .filter(|t| !t.trim().is_empty())
            .map(number)
            .collect::<Result<Vec<f64>, _>>()
            .map(|xs| json!(xs)),
        FieldKind::Bool => Ok(json!(text == "true")),
    }
}

#[component]
pub fn Editor() -> impl IntoView {
    let arena = expect_context::<Arena>();
    let error = RwSignal::new(None::<String>);
    let n_agents = move || arena.scenario.get().agents.len();
    let agent_keys = move || {
        arena
            .scenario
            .get()
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| (i, a.type_name()))
            .collect::<Vec<_>>()
    };
    let add_agent = move |_| {
        edit(arena, error, |v| {
            if let Some(list) = v["agents"].as_array_mut() {
                list.push(
                    serde_json::from_str(agent_form("ucb").expect("ucb form").default)
                        .expect("json"),
                );
            }
        })
    };
    view! {
        <section class="card editor" aria-labelledby="editor-title">
            <h2 id="editor-title">"Scenario"</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="editor-error">{e}</p> })}
            <fieldset>
                <legend>"Run"</legend>
                <div class="fields">
                    <RunField name="seed" label="seed" min=0 max=MAX_SEED error=error/>
                    <RunField name="steps" label="steps" min=1 max=MAX_STEPS as u64 error=error/>
                    <RunField name="runs" label="runs" min=1 max=MAX_RUNS as u64 error=error/>
                </div>
            </fieldset>
            <EnvEditor error=error/>
            <fieldset>
                <legend>{move || format!("Agents ({} of at most {MAX_AGENTS})", n_agents())}</legend>
                <For each=agent_keys key=|k| *k let:item>
                    <AgentEditor index=item.0 type_name=item.1 error=error/>
                </For>
                <button on:click=add_agent disabled=move || { n_agents() >= MAX_AGENTS } data-testid="add-agent">
                    "+ Add agent"
                </button>
            </fieldset>
            <TomlEditor error=error/>
        </section>
    }
}

#[component]
fn RunField(
    name: &'static str,
    label: &'static str,
    min: u64,
    max: u64,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let arena = expect_context::<Arena>();
    let id = format!("run-{name}");
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<u64>() {
            Ok(x) => edit(arena, error, |v| v[name] = json!(x)),
            Err(_) => error.set(Some(format!("{label}: “{text}” is not a whole number"))),
        }
    };
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id type="number" min=min max=max step="1" inputmode="numeric"
            prop:value=move || text_of(as_json(&arena).get(name)) on:change=on_change
            data-testid=format!("field-{name}")/>
    }
}

#[component]
fn EnvEditor(error: RwSignal<Option<String>>) -> impl IntoView {
    let arena = expect_context::<Arena>();
    let env_type = Memo::new(move |_| arena.scenario.get().env.type_name());
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(form) = env_form(&name) {
            let fresh: Value = serde_json::from_str(form.default).expect("json");
            edit(arena, error, |v| v["env"] = fresh);
        }
    };
    view! {
        <fieldset>
            <legend>"Environment"</legend>
            <select on:change=choose aria-label="Environment type" data-testid="env-type">
                {ENV_FORMS.iter().map(|f| view! {
                    <option value=f.type_name selected=move || env_type.get() == f.type_name>{f.title}</option>
                }).collect_view()}
            </select>
            {move || {
                let form = env_form(env_type.get()).expect("every env has a form");
                view! {
                    <div class="fields">
                        {form.fields.iter().map(|f| view! { <FieldInput path=vec!["env".into(), f.name.into()] field=*f error=error/> }).collect_view()}
                    </div>
                }
            }}
        </fieldset>
    }
}

#[component]
fn AgentEditor(
    index: usize,
    type_name: &'static str,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let arena = expect_context::<Arena>();
    let form = agent_form(type_name).expect("every agent has a form");
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(f) = agent_form(&name) {
            let fresh: Value = serde_json::from_str(f.default).expect("json");
            edit(arena, error, |v| v["agents"][index] = fresh);
        }
    };
    let remove = move |_| {
        edit(arena, error, |v| {
            if let Some(list) = v["agents"].as_array_mut() {
                list.remove(index);
            }
        })
    };
    let label_text = move || {
        arena
            .scenario
            .get()
            .labels()
            .get(index)
            .cloned()
            .unwrap_or_default()
    };
    let set_label = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        edit(arena, error, |v| {
            v["agents"][index]["label"] = if text.trim().is_empty() {
                Value::Null
            } else {
                json!(text)
            };
        })
    };
    let swatch = playground_figure::PALETTE[index % playground_figure::PALETTE.len()].hex();
    view! {
        <div class="agent" data-testid=format!("agent-{index}")>
            <div class="agent-head">
                <span class="swatch" style=format!("background:{swatch}") aria-hidden="true"></span>
                <select on:change=choose aria-label=format!("Agent {} type", index + 1)>
                    {AGENT_FORMS.iter().map(|f| view! {
                        <option value=f.type_name selected=f.type_name == type_name>{f.title}</option>
                    }).collect_view()}
                </select>
                <button class="ghost" on:click=remove disabled=move || { arena.scenario.get().agents.len() <= 1 }
                    aria-label=format!("Remove agent {}", index + 1)>"×"</button>
            </div>
            <div class="fields">
                <label for=format!("agent-{index}-label")>"label"</label>
                <input id=format!("agent-{index}-label") prop:value=label_text on:change=set_label maxlength="40"/>
                {form.fields.iter().map(|f| view! {
                    <FieldInput path=vec!["agents".into(), index.to_string(), f.name.into()] field=*f error=error/>
                }).collect_view()}
            </div>
        </div>
    }
}

/// One field, bound to the scenario at a JSON path.
#[component]
fn FieldInput(path: Vec<String>, field: Field, error: RwSignal<Option<String>>) -> impl IntoView {
    let arena = expect_context::<Arena>();
    let id = path.join("-");
    let pointer = format!("/{}", path.join("/"));
    let ptr = pointer.clone();
    let current = move || as_json(&arena).pointer(&ptr).cloned();
    let set = move |text: String| match parse_field(field.kind, field.label, &text) {
        Ok(value) => {
            let pointer = pointer.clone();
            edit(arena, error, move |v| {
                if let Some(slot) = v.pointer_mut(&pointer) {
                    *slot = value;
                } else if let Some((parent, key)) = pointer.rsplit_once('/')
                    && let Some(Value::Object(map)) = v.pointer_mut(parent)
                {
                    map.insert(key.to_string(), value);
                }
            })
        }
        Err(e) => error.set(Some(e)),
    };
    let input = match field.kind {
        FieldKind::Bool => view! {
            <input id=id.clone() type="checkbox" prop:checked=move || current().and_then(|v| v.as_bool()).unwrap_or(false)
                on:change=move |ev| set(event_target_checked(&ev).to_string())/>
        }
        .into_any(),
        FieldKind::List { .. } => view! {
            <input id=id.clone() type="text" inputmode="decimal" prop:value=move || text_of(current().as_ref())
                on:change=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
        FieldKind::Number { min, max, step, .. } | FieldKind::Optional { min, max, step, .. } => {
            let placeholder = match field.kind {
                FieldKind::Optional { empty_means, .. } => empty_means,
                _ => "",
            };
            view! {
                <input id=id.clone() type="number" min=min max=max step=step placeholder=placeholder inputmode="decimal"
                    prop:value=move || text_of(current().as_ref()) on:change=move |ev| set(event_target_value(&ev))/>
            }
            .into_any()
        }
        FieldKind::Integer { min, max } => view! {
            <input id=id.clone() type="number" min=min max=max step="1" inputmode="numeric"
                prop:value=move || text_of(current().as_ref()) on:change=move |ev| set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <label for=id title=field.help>{field.label}</label>
        {input}
    }
}

#[component]
fn TomlEditor(error: RwSignal<Option<String>>) -> impl IntoView {
    let arena = expect_context::<Arena>();
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    // Refresh the text from the scenario whenever the panel opens or the scenario changes.
    Effect::new(move |_| {
        let s = arena.scenario.get();
        if open.get() {
            text.set(Scenario::Bandit(s).to_toml());
        }
    });
    let apply = move |_| match Scenario::from_toml(&text.get_untracked()).map(bandit_of) {
        Ok(Some(b)) => {
            error.set(None);
            arena.apply(b, None);
        }
        Ok(None) => error.set(Some("only bandit scenarios can run here".into())),
        Err(e) => error.set(Some(e.to_string())),
    };
    view! {
        <details on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Edit as TOML"</summary>
            <textarea rows="14" spellcheck="false" aria-label="Scenario as TOML" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <button on:click=apply>"Apply"</button>
        </details>
    }
}
