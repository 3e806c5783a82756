//! The compact, human-readable URL form of a Scenario.
//!
//! Every leaf field becomes one `path=value` pair, the path naming fields with dots and
//! list items by index: `kind=bandit&seed=7&env.type=bernoulli&env.means=[0.9,0.8]&
//! agents.0.type=ucb&agents.0.c=2`. Numbers print in Rust's shortest round-trip form, so
//! decoding gives back exactly the same Scenario. Strings that could be mistaken for
//! numbers, booleans or lists are quoted ('10'). Keys under `ui.` belong to the page
//! (embed mode, hidden controls) and are ignored here.

use serde_json::{Map, Value};

use super::{Scenario, ScenarioError};

/// Prefix of the keys that belong to the page rather than the Scenario.
pub const UI_PREFIX: &str = "ui.";

/// The longest link read. The longest preset's link is under 2 KB; browsers themselves
/// stop near 2 MB, and a link this long is not a scenario anyone shared.
pub const MAX_LINK_BYTES: usize = 64 << 10;

impl Scenario {
    /// The query string (without the leading `?`).
    pub fn to_query(&self) -> String {
        let value = serde_json::to_value(self).expect("a scenario always serialises");
        let mut pairs = Vec::new();
        flatten("", &value, &mut pairs);
        pairs
            .into_iter()
            .map(|(k, v)| format!("{}={}", escape(&k), v))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Parse a query string (with or without the leading `?`), ignoring `ui.` keys.
    pub fn from_query(query: &str) -> Result<Self, ScenarioError> {
        super::check_size(query, "link", MAX_LINK_BYTES)?;
        let mut root = Value::Object(Map::new());
        for (key, raw) in query_pairs(query)? {
            if key.starts_with(UI_PREFIX) {
                continue;
            }
            let value = parse_value(&raw).map_err(|why| bad(&key, &raw, &why))?;
            insert(&mut root, &key, value).map_err(|why| bad(&key, &raw, &why))?;
        }
        Scenario::from_value(root)
    }
}

fn bad(key: &str, raw: &str, why: &str) -> ScenarioError {
    ScenarioError::Parse(format!("in the link, {key}={raw}: {why}"))
}

/// Split `a=1&b=2` into decoded (key, raw value) pairs. Values stay raw (still escaped)
/// so quoting can be told apart from content.
pub fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ScenarioError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = unescape(k).ok_or_else(|| bad(k, v, "bad %-escape in the name"))?;
            Ok((key, v.to_string()))
        })
        .collect()
}

fn flatten(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&join(k), v, out);
            }
        }
        Value::Array(items) if items.iter().all(is_scalar) => {
            let inner: Vec<String> = items.iter().map(scalar_text).collect();
            out.push((path.to_string(), format!("[{}]", inner.join(","))));
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&join(&i.to_string()), v, out);
            }
        }
        scalar => out.push((path.to_string(), scalar_text(scalar))),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_u64() && !n.is_i64() => f.to_string(),
            _ => n.to_string(),
        },
        Value::String(s) if needs_quotes(s) => format!("'{}'", escape(s)),
        Value::String(s) => escape(s),
        _ => unreachable!("only scalars"),
    }
}

/// A bare string must not read back as anything else.
fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(['\'', '['])
        || matches!(s, "true" | "false" | "null")
        || s.parse::<f64>().is_ok()
}

fn parse_value(raw: &str) -> Result<Value, String> {
    if let Some(inner) = raw.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or("a list must end with ]")?;
        if inner.is_empty() {
            return Ok(Value::Array(vec![]));
        }
        return inner
            .split(',')
            .map(parse_scalar)
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    parse_scalar(raw)
}

fn parse_scalar(raw: &str) -> Result<Value, String> {
    if let Some(q) = raw.strip_prefix('\'') {
        let body = q
            .strip_suffix('\'')
            .ok_or("a quoted text must end with '")?;
        return unescape(body)
            .map(Value::String)
            .ok_or_else(|| "bad %-escape".into());
    }
    let text = unescape(raw).ok_or("bad %-escape")?;
    Ok(match text.as_str() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => number(&text).unwrap_or(Value::String(text)),
    })
}

fn number(text: &str) -> Option<Value> {
    if let Ok(u) = text.parse::<u64>() {
        return Some(Value::from(u));
    }
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::from(i));
    }
    let f = text.parse::<f64>().ok()?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

/// Put `value` at a dotted path, creating objects and list slots on the way.
fn insert(root: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let mut node = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (depth, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return Err("empty name in the path".into());
        }
        let last = depth + 1 == parts.len();
        node = match part.parse::<usize>() {
            Ok(i) => slot_in_list(node, i)?,
            Err(_) => slot_in_object(node, part)?,
        };
        if last {
            if !node.is_null() {
                return Err("this field is given twice".into());
            }
            *node = value;
            return Ok(());
        }
    }
    Ok(())
}

fn slot_in_object<'a>(node: &'a mut Value, key: &str) -> Result<&'a mut Value, String> {
    if node.is_null() {
        *node = Value::Object(Map::new());
    }
    match node {
        Value::Object(map) => Ok(map.entry(key.to_string()).or_insert(Value::Null)),
        _ => Err(format!("{key} is inside a value that is not a table")),
    }
}

/// List indices are small: a link cannot make the page allocate a huge list.
fn slot_in_list(node: &mut Value, i: usize) -> Result<&mut Value, String> {
    const MAX_INDEX: usize = 64;
    if i >= MAX_INDEX {
        return Err(format!(
            "list index {i} is too large (at most {})",
            MAX_INDEX - 1
        ));
    }
    if node.is_null() {
        *node = Value::Array(vec![]);
    }
    match node {
        Value::Array(items) => {
            if items.len() <= i {
                items.resize(i + 1, Value::Null);
            }
            Ok(&mut items[i])
        }
        _ => Err(format!("index {i} is inside a value that is not a list")),
    }
}

/// Percent-encode everything but unreserved characters (RFC 3986).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undo [`escape`] (and `+` for space, as forms write it). None on a malformed escape or
/// bytes that are not UTF-8.
pub fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
