//! The scenario editor, generated from core's form tables for whatever kind the lab runs:
//! every field shown is a field validation knows, with the same ranges. Each change is
//! validated at once; a bad value shows its message and leaves the run untouched.

use leptos::prelude::*;
use playground_core::Scenario;
use playground_core::scenario::form::{self, Field, FieldKind, Omitted, Section, TypeForm};
use serde_json::{Value, json};

use super::Page;

type Error = RwSignal<Option<String>>;

/// The scenario as JSON, with its `kind` tag (tracked).
fn as_json(shell: Page) -> Value {
    shell
        .scenario
        .with(|s| serde_json::to_value(s).unwrap_or(Value::Null))
}

/// Apply an edit to the scenario's JSON; keep it if it validates, else say why.
fn edit(shell: Page, error: Error, change: impl FnOnce(&mut Value)) {
    let mut v = shell
        .scenario
        .with_untracked(|s| serde_json::to_value(s).unwrap_or(Value::Null));
    change(&mut v);
    match Scenario::from_value(v) {
        Ok(s) if s.kind() == shell.demo.kind => {
            error.set(None);
            shell.apply(s, None);
        }
        Ok(s) => error.set(Some(format!("a {} scenario cannot run here", s.kind()))),
        Err(e) => error.set(Some(e.to_string())),
    }
}

/// JSON pointer of a path of keys.
fn pointer(path: &[String]) -> String {
    path.iter().map(|k| format!("/{k}")).collect()
}

/// Keys of a dotted section path ("" is the top).
fn keys(path: &str) -> Vec<String> {
    path.split('.')
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect()
}

/// Set the value at `path`, creating the last key if absent (an omitted field).
fn set_at(v: &mut Value, path: &[String], value: Value) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    if let Some(Value::Object(map)) = v.pointer_mut(&pointer(parent)) {
        if value.is_null() {
            map.remove(last);
        } else {
            map.insert(last.clone(), value);
        }
    }
}

/// Text for a table: one row per line (a flat list is one line).
fn rows_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(rows)) if rows.iter().any(Value::is_array) => rows
            .iter()
            .map(|r| text_of(Some(r)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => text_of(other),
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
        FieldKind::Optional { .. } | FieldKind::Text { .. } if text.is_empty() => Ok(Value::Null),
        FieldKind::Number { .. } | FieldKind::Optional { .. } => number(text).map(|x| json!(x)),
        FieldKind::Integer { .. } => text
            .parse::<u64>()
            .map(|x| json!(x))
            .map_err(|_| format!("{label}: “{text}” is not a whole number")),
        FieldKind::List { .. } => numbers(text, &number).map(|xs| json!(xs)),
        FieldKind::Subset { .. } => Ok(json!(
            text.split([',', ' ', ';'])
                .filter(|t| !t.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
        )),
        FieldKind::Table { .. } if text.is_empty() => Ok(Value::Null),
        FieldKind::Table { .. } => {
            let rows = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| numbers(l, &number))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(match rows.as_slice() {
                [one] => json!(one),
                _ => json!(rows),
            })
        }
        FieldKind::CountOrTuples { .. } if text.is_empty() => Ok(Value::Null),
        FieldKind::CountOrTuples { .. } => match text.parse::<u64>() {
            Ok(n) => Ok(json!(n)),
            Err(_) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    l.split([',', ' ', ';', '[', ']'])
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| {
                            t.trim().parse::<u64>().map_err(|_| {
                                format!("{label}: “{t}” is not a response index (0, 1, 2, …)")
                            })
                        })
                        .collect::<Result<Vec<u64>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|pairs| json!(pairs)),
        },
        FieldKind::Bool => Ok(json!(text == "true")),
        // The blank choice of a field that may be left out: leave it out.
        FieldKind::Choice { .. } if text.is_empty() => Ok(Value::Null),
        FieldKind::Choice { .. } | FieldKind::Text { .. } | FieldKind::Map => Ok(json!(text)),
        FieldKind::Entries { .. } => Err(format!("{label}: edit it as TOML")),
    }
}

/// Numbers separated by commas, spaces or semicolons (brackets ignored, so a row pasted
/// from TOML reads too).
fn numbers(text: &str, number: &impl Fn(&str) -> Result<f64, String>) -> Result<Vec<f64>, String> {
    text.split([',', ' ', ';', '[', ']'])
        .filter(|t| !t.trim().is_empty())
        .map(number)
        .collect()
}

pub fn editor(shell: Page) -> impl IntoView {
    let error: Error = RwSignal::new(None);
    let sections = form::kind_form(shell.demo.kind).map_or(&[][..], |k| k.sections);
    view! {
        <section class="card editor" aria-labelledby="editor-title">
            <h2 id="editor-title">"Scenario"</h2>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="editor-error">{e}</p> })}
            {sections.iter().map(|s| section(shell, error, s)).collect_view()}
            {toml_editor(shell, error)}
        </section>
    }
}

fn section(shell: Page, error: Error, section: &'static Section) -> AnyView {
    match *section {
        Section::Fields {
            path,
            title,
            fields,
        } => view! {
            <fieldset>
                <legend>{title}</legend>
                <div class="fields">{field_inputs(shell, error, keys(path), fields, None)}</div>
            </fieldset>
        }
        .into_any(),
        Section::OneOf { path, title, types } => one_of(shell, error, path, title, types),
        Section::ListOf {
            path,
            title,
            types,
            common,
            max,
        } => list_of(shell, error, path, title, types, common, max),
    }
}

/// The inputs of some fields at a path; maps and tables of entries have editors of
/// their own (the lab's, and the TOML box), and the format version is not edited.
fn field_inputs(
    shell: Page,
    error: Error,
    at: Vec<String>,
    fields: &'static [Field],
    placeholder: Option<Signal<String>>,
) -> impl IntoView {
    fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::Entries { .. }) && f.name != "version")
        .map(|f| {
            let mut path = at.clone();
            path.push(f.name.to_string());
            field_input(
                shell,
                error,
                path,
                *f,
                placeholder.filter(|_| f.name == "label"),
            )
        })
        .collect_view()
}

fn type_of(v: &Value, at: &[String]) -> String {
    v.pointer(&pointer(at))
        .and_then(|o| o.get("type"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn type_select(
    shell: Page,
    error: Error,
    at: Vec<String>,
    types: &'static [TypeForm],
    current: Memo<String>,
    labels: (String, String),
) -> impl IntoView {
    let (aria, testid) = labels;
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(t) = types.iter().find(|t| t.type_name == name)
            && let Ok(fresh) = serde_json::from_str::<Value>(t.default)
        {
            let at = at.clone();
            edit(shell, error, move |v| {
                if let Some(slot) = v.pointer_mut(&pointer(&at)) {
                    *slot = fresh;
                }
            });
        }
    };
    view! {
        <select on:change=choose aria-label=aria data-testid=testid>
            {types.iter().map(|t| view! {
                <option value=t.type_name selected=move || current.get() == t.type_name>{t.title}</option>
            }).collect_view()}
        </select>
    }
}

fn one_of(
    shell: Page,
    error: Error,
    path: &'static str,
    title: &'static str,
    types: &'static [TypeForm],
) -> AnyView {
    let at = keys(path);
    // An object without `type` is of the first type (see `Section::OneOf`).
    let first = types.first().map_or("", |t| t.type_name);
    let current = {
        let at = at.clone();
        Memo::new(move |_| {
            let t = type_of(&as_json(shell), &at);
            if t.is_empty() { first.to_string() } else { t }
        })
    };
    let select = type_select(
        shell,
        error,
        at.clone(),
        types,
        current,
        (format!("{title} type"), format!("{path}-type")),
    );
    view! {
        <fieldset>
            <legend>{title}</legend>
            {select}
            {move || {
                let fields = types.iter().find(|t| t.type_name == current.get()).map_or(&[][..], |t| t.fields);
                view! { <div class="fields">{field_inputs(shell, error, at.clone(), fields, None)}</div> }
            }}
        </fieldset>
    }
    .into_any()
}

fn list_of(
    shell: Page,
    error: Error,
    path: &'static str,
    title: &'static str,
    types: &'static [TypeForm],
    common: &'static [Field],
    max: usize,
) -> AnyView {
    let items = move || {
        as_json(shell)
            .pointer(&pointer(&keys(path)))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        (
                            i,
                            v.get("type")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let count = move || items().len();
    let add = move |_| {
        let Some(fresh) = types
            .first()
            .and_then(|t| serde_json::from_str::<Value>(t.default).ok())
        else {
            return;
        };
        edit(shell, error, move |v| {
            if let Some(Value::Array(list)) = v.pointer_mut(&pointer(&keys(path))) {
                list.push(fresh);
            }
        });
    };
    // "agents" → "agent": the word for one item.
    let one = path.strip_suffix('s').unwrap_or(path);
    view! {
        <fieldset>
            <legend>{move || format!("{title} ({} of at most {max})", count())}</legend>
            <For each=items key=|k| k.clone() let:item>
                {list_item(shell, error, path, item.0, item.1, types, common)}
            </For>
            <button on:click=add disabled=move || { count() >= max } data-testid=format!("add-{one}")>
                {format!("+ Add {one}")}
            </button>
        </fieldset>
    }
    .into_any()
}

fn list_item(
    shell: Page,
    error: Error,
    path: &'static str,
    index: usize,
    type_name: String,
    types: &'static [TypeForm],
    common: &'static [Field],
) -> impl IntoView {
    let mut at = keys(path);
    at.push(index.to_string());
    let fields = types
        .iter()
        .find(|t| t.type_name == type_name)
        .map_or(&[][..], |t| t.fields);
    let remove = move |_| {
        edit(shell, error, move |v| {
            if let Some(Value::Array(list)) = v.pointer_mut(&pointer(&keys(path))) {
                list.remove(index);
            }
        })
    };
    let several = move || {
        as_json(shell)
            .pointer(&pointer(&keys(path)))
            .and_then(Value::as_array)
            .is_some_and(|l| l.len() > 1)
    };
    let label = Signal::derive(move || {
        shell
            .scenario
            .with(|s| s.labels().get(index).cloned().unwrap_or_default())
    });
    let swatch = playground_figure::PALETTE[index % playground_figure::PALETTE.len()].hex();
    let one = path.strip_suffix('s').unwrap_or(path);
    let current = {
        let at = at.clone();
        Memo::new(move |_| type_of(&as_json(shell), &at))
    };
    let select = type_select(
        shell,
        error,
        at.clone(),
        types,
        current,
        (
            format!("{one} {} type", index + 1),
            format!("{one}-{index}-type"),
        ),
    );
    view! {
        <div class="agent" data-testid=format!("{one}-{index}")>
            <div class="agent-head">
                <span class="swatch" style=format!("background:{swatch}") aria-hidden="true"></span>
                {select}
                <button class="ghost" on:click=remove disabled=move || !several()
                    aria-label=format!("Remove {one} {}", index + 1)>"×"</button>
            </div>
            <div class="fields">
                {field_inputs(shell, error, at.clone(), common, Some(label))}
                {field_inputs(shell, error, at, fields, None)}
            </div>
        </div>
    }
}

/// One field, bound to the scenario at a JSON path.
fn field_input(
    shell: Page,
    error: Error,
    path: Vec<String>,
    field: Field,
    placeholder: Option<Signal<String>>,
) -> impl IntoView {
    let id = path.join("-");
    let ptr = pointer(&path);
    let current = move || as_json(shell).pointer(&ptr).cloned();
    let set = move |text: String| match parse_field(field.kind, field.label, &text) {
        Ok(value) => {
            let path = path.clone();
            edit(shell, error, move |v| set_at(v, &path, value));
        }
        Err(e) => error.set(Some(e)),
    };
    let testid = format!("field-{id}");
    let input = match field.kind {
        FieldKind::Bool => view! {
            <input id=id.clone() type="checkbox" prop:checked=move || current().and_then(|v| v.as_bool()).unwrap_or(false)
                on:change=move |ev| set(event_target_checked(&ev).to_string()) data-testid=testid/>
        }
        .into_any(),
        FieldKind::Choice { options } => {
            // What is chosen: the value, or what leaving it out means ("" when that is not
            // one of the options).
            let current = current.clone();
            let chosen = Memo::new(move |_| {
                match (current().as_ref().and_then(Value::as_str), field.omitted) {
                    (Some(v), _) => v.to_string(),
                    (None, Omitted::Is(default)) => default.trim_matches('"').to_string(),
                    (None, _) => String::new(),
                }
            });
            let blank = match field.omitted {
                Omitted::Means(m) => Some(m),
                _ => None,
            };
            view! {
                <select id=id.clone() on:change=move |ev| set(event_target_value(&ev)) data-testid=testid>
                    {blank.map(|m| view! { <option value="" selected=move || chosen.with(String::is_empty)>{format!("— {m}")}</option> })}
                    {options.iter().map(|o| {
                        view! { <option value=*o selected=move || chosen.get() == *o>{*o}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::Text { max_chars } => view! {
            <input id=id.clone() type="text" maxlength=max_chars prop:value=move || text_of(current().as_ref())
                placeholder=move || placeholder.map(|p| p.get()).unwrap_or_default()
                on:change=move |ev| set(event_target_value(&ev)) data-testid=testid/>
        }
        .into_any(),
        FieldKind::Subset { options } => view! {
            <input id=id.clone() type="text" prop:value=move || text_of(current().as_ref())
                placeholder=options.join(", ") on:change=move |ev| set(event_target_value(&ev)) data-testid=testid/>
        }
        .into_any(),
        FieldKind::List { .. } => view! {
            <input id=id.clone() type="text" inputmode="decimal" prop:value=move || text_of(current().as_ref())
                on:change=move |ev| set(event_target_value(&ev)) data-testid=testid/>
        }
        .into_any(),
        FieldKind::Number { min, max, step, .. } | FieldKind::Optional { min, max, step, .. } => {
            let empty = match field.kind {
                FieldKind::Optional { empty_means, .. } => empty_means,
                _ => "",
            };
            view! {
                <input id=id.clone() type="number" min=min max=max step=step placeholder=empty inputmode="decimal"
                    prop:value=move || text_of(current().as_ref()) on:change=move |ev| set(event_target_value(&ev))
                    data-testid=testid/>
            }
            .into_any()
        }
        FieldKind::Integer { min, max } => view! {
            <input id=id.clone() type="number" min=min max=max step="1" inputmode="numeric"
                prop:value=move || text_of(current().as_ref()) on:change=move |ev| set(event_target_value(&ev))
                data-testid=testid/>
        }
        .into_any(),
        FieldKind::Table { .. } | FieldKind::CountOrTuples { .. } => {
            // One row (a prompt, a response's features, a pair) per line.
            let rows = {
                let current = current.clone();
                move || rows_text(current().as_ref()).lines().count().clamp(1, 8)
            };
            view! {
                <textarea id=id.clone() rows=rows spellcheck="false" class="table-text" inputmode="decimal"
                    prop:value=move || rows_text(current().as_ref())
                    on:change=move |ev| set(event_target_value(&ev)) data-testid=testid></textarea>
            }
            .into_any()
        }
        FieldKind::Map => {
            // The map as text, one row per line (the Gridworld Lab also paints it).
            let rows = {
                let current = current.clone();
                move || text_of(current().as_ref()).trim().lines().count().clamp(3, 12)
            };
            view! {
                <textarea id=id.clone() rows=rows spellcheck="false" class="map-text"
                    prop:value=move || text_of(current().as_ref()).trim().to_string()
                    on:change=move |ev| set(event_target_value(&ev)) data-testid=testid></textarea>
            }
            .into_any()
        }
        FieldKind::Entries { .. } => ().into_any(),
    };
    view! {
        <label for=id title=field.help>{field.label}</label>
        {input}
    }
}

fn toml_editor(shell: Page, error: Error) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    // Refresh the text from the scenario whenever the box opens or the scenario changes.
    Effect::new(move |_| {
        let toml = shell.scenario.with(Scenario::to_toml);
        if open.get() {
            text.set(toml);
        }
    });
    let apply = move |_| match Scenario::from_toml(&text.get_untracked()) {
        Ok(s) if s.kind() == shell.demo.kind => {
            error.set(None);
            shell.apply(s, None);
        }
        Ok(s) => error.set(Some(format!("a {} scenario cannot run here", s.kind()))),
        Err(e) => error.set(Some(e.to_string())),
    };
    view! {
        <details on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Edit as TOML"</summary>
            <textarea rows="14" spellcheck="false" aria-label="Scenario as TOML" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev)) data-testid="toml"></textarea>
            <button on:click=apply data-testid="apply-toml">"Apply"</button>
        </details>
    }
}
