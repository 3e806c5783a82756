//! The field tables must describe every field of every kind, exactly as validation and
//! serde see them. The kinds, the types of each tagged object and the fields of each
//! table are found by asking serde (its "unknown variant/field, expected one of …"
//! errors list them), not from a hand-written list, so a field added to a spec without a
//! form entry fails here.

use std::collections::BTreeSet;

use playground_core::Scenario;
use playground_core::scenario::form::{
    Field, FieldKind, KIND_FORMS, KindForm, Omitted, Section, TypeForm,
};
use serde_json::{Map, Value, json};

const PROBE: &str = "__probe__";

/// The backticked names after "expected" in a serde error.
fn expected_names(error: &str) -> BTreeSet<String> {
    let Some((_, tail)) = error.split_once("expected") else {
        panic!("not a list of expected names: {error}");
    };
    tail.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn parse_error(doc: Value) -> String {
    match Scenario::from_value(doc) {
        Err(e) => e.to_string(),
        Ok(s) => panic!("expected an error, parsed {s:?}"),
    }
}

fn example(kind: &KindForm) -> Value {
    let s = Scenario::from_toml(kind.example)
        .unwrap_or_else(|e| panic!("{}: the example is valid: {e}", kind.kind));
    serde_json::to_value(s).unwrap()
}

/// The value at a dotted path ("" is the root, "agents.0" an item), made an empty table
/// when absent.
fn at<'a>(root: &'a mut Value, path: &str) -> &'a mut Value {
    let mut v = root;
    for key in path.split('.').filter(|k| !k.is_empty()) {
        v = match v {
            Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
            Value::Object(map) => map.entry(key).or_insert_with(|| json!({})),
            other => panic!("{path}: {other} has no {key}"),
        };
    }
    v
}

/// The same table with a probe key first, so serde names the fields it knows.
fn with_probe_first(table: &Value) -> Value {
    let mut probed = Map::new();
    probed.insert(PROBE.into(), json!(1));
    for (k, v) in table.as_object().unwrap() {
        probed.insert(k.clone(), v.clone());
    }
    Value::Object(probed)
}

fn fields_known_to_serde(doc: &Value, path: &str) -> BTreeSet<String> {
    let mut probe = doc.clone();
    let table = at(&mut probe, path).clone();
    *at(&mut probe, path) = with_probe_first(&table);
    expected_names(&parse_error(probe))
}

fn valid(doc: &Value) -> bool {
    Scenario::from_value(doc.clone()).is_ok()
}

/// Check one field's range, at `path` in `doc` (a valid document).
fn check_range(doc: &Value, path: &str, f: &Field) {
    let name = format!("{path}.{}", f.name);
    let with = |v: Value| {
        let mut d = doc.clone();
        at(&mut d, path)[f.name] = v;
        valid(&d)
    };
    let list = |x: f64| {
        let n = at(&mut doc.clone(), path)[f.name]
            .as_array()
            .map_or(2, Vec::len);
        json!(vec![x; n])
    };
    // A rule tying the field to another may refuse an end of its widest range.
    let ends = f.rule.is_none();
    match f.kind {
        FieldKind::Number {
            min,
            max,
            exclusive_min,
            ..
        } => {
            if ends {
                assert_eq!(with(json!(min)), !exclusive_min, "{name} at min");
                assert!(with(json!(max)), "{name} at max");
            }
            assert!(
                !with(json!(min - 1e-6 * (1.0 + min.abs()))),
                "{name} below min"
            );
            assert!(
                !with(json!(max + 1e-6 * (1.0 + max.abs()))),
                "{name} above max"
            );
        }
        FieldKind::Optional { min, max, .. } => {
            assert!(!with(json!(min)), "{name}: min is exclusive");
            assert!(with(json!(max)), "{name} at max");
            assert!(!with(json!(max + 1e-6)), "{name} above max");
            assert!(with(Value::Null), "{name} may be empty");
        }
        FieldKind::Integer { min, max } => {
            if ends {
                assert!(with(json!(min)) && with(json!(max)), "{name} at its ends");
            }
            if min > 0 {
                assert!(!with(json!(min - 1)), "{name} below min");
            }
            assert!(!with(json!(max + 1)), "{name} above max");
        }
        FieldKind::Bool => assert!(with(json!(true)) && with(json!(false)), "{name}"),
        FieldKind::List {
            min,
            max,
            exclusive_min,
        } => {
            if ends {
                assert_eq!(with(list(min)), !exclusive_min, "{name} at min");
                assert!(with(list(max)), "{name} at max");
            }
            assert!(!with(list(max + 1e-6)), "{name} above max");
            assert!(!with(list(min - 1e-6)), "{name} below min");
        }
        FieldKind::Choice { options } => {
            for o in options.iter().filter(|_| ends) {
                assert!(with(json!(o)), "{name} = {o}");
            }
            assert!(!with(json!(PROBE)), "{name} refuses other words");
        }
        FieldKind::Subset { options } => {
            for o in options {
                assert!(with(json!([o])), "{name} = [{o}]");
            }
            assert!(with(json!(options)), "{name} = all of them");
            assert!(
                !with(json!([options[0], options[0]])),
                "{name} refuses repeats"
            );
            assert!(!with(json!([PROBE])), "{name} refuses other words");
            assert!(!with(json!([])), "{name} refuses an empty list");
        }
        FieldKind::Text { max_chars } => {
            assert!(with(json!("x".repeat(max_chars))), "{name} at its length");
            assert!(!with(json!("x".repeat(max_chars + 1))), "{name} too long");
        }
        FieldKind::Table {
            min,
            max,
            exclusive_min,
        } => {
            // Probed in the shape the document gives it (a field it leaves out is probed
            // where a preset holds it).
            let Some(current) = at(&mut doc.clone(), path).get(f.name).cloned() else {
                return;
            };
            let filled = |x: f64| fill(&current, x);
            if ends {
                assert_eq!(with(filled(min)), !exclusive_min, "{name} at min");
                assert!(with(filled(max)), "{name} at max");
            }
            assert!(
                !with(filled(max + 1e-6 * (1.0 + max.abs()))),
                "{name} above max"
            );
            assert!(
                !with(filled(min - 1e-6 * (1.0 + min.abs()))),
                "{name} below min"
            );
        }
        FieldKind::CountOrTuples { max } => {
            assert!(with(json!(1)), "{name} = 1");
            assert!(!with(json!(0)), "{name} refuses 0");
            assert!(!with(json!(max + 1)), "{name} above max");
            assert!(
                !with(json!([[0, 0]])),
                "{name} refuses a response paired with itself"
            );
        }
        // Maps and tables of entries have their own tests (their lab's).
        FieldKind::Map | FieldKind::Entries { .. } => {}
    }
}

/// `v` with every number replaced by `x`, its shape kept.
fn fill(v: &Value, x: f64) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| fill(i, x)).collect()),
        Value::Number(_) => json!(x),
        other => other.clone(),
    }
}

/// What leaving the field out does must be what the table says.
fn check_omitted(doc: &Value, path: &str, f: &Field) {
    let name = format!("{path}.{}", f.name);
    let mut d = doc.clone();
    at(&mut d, path).as_object_mut().unwrap().remove(f.name);
    let parsed = Scenario::from_value(d);
    match f.omitted {
        Omitted::Required => assert!(parsed.is_err(), "{name} is required"),
        Omitted::Is(json_text) => {
            let s = parsed.unwrap_or_else(|e| panic!("{name} may be left out: {e}"));
            let mut back = serde_json::to_value(s).unwrap();
            let got = at(&mut back, path)[f.name].clone();
            let want: Value = serde_json::from_str(json_text).unwrap();
            let same = match (got.as_f64(), want.as_f64()) {
                (Some(a), Some(b)) => a == b,
                _ => got == want,
            };
            assert!(same, "{name}: left out it is {got}, the table says {want}");
        }
        Omitted::Means(_) => {
            let s = parsed.unwrap_or_else(|e| panic!("{name} may be left out: {e}"));
            let mut back = serde_json::to_value(s).unwrap();
            let got = at(&mut back, path).get(f.name).cloned();
            assert!(
                matches!(got, None | Some(Value::Null)),
                "{name}: left out it reads back as {got:?}"
            );
        }
    }
}

fn check_fields(doc: &Value, path: &str, fields: &[Field]) {
    for f in fields {
        check_range(doc, path, f);
        check_omitted(doc, path, f);
        if let FieldKind::Entries { fields: sub, .. } = f.kind {
            let entries = at(&mut doc.clone(), path)[f.name].clone();
            if let Some((key, _)) = entries.as_object().and_then(|m| m.iter().next()) {
                check_fields(doc, &format!("{path}.{}.{key}", f.name), sub);
            }
        }
    }
}

fn names(fields: &[Field]) -> BTreeSet<String> {
    fields.iter().map(|f| f.name.to_string()).collect()
}

fn check_type(doc: &Value, path: &str, t: &TypeForm, common: &[Field]) {
    let own: Value = serde_json::from_str(t.default).unwrap();
    let mut d = doc.clone();
    *at(&mut d, path) = own;
    assert!(valid(&d), "{path}: the default {} is valid", t.type_name);
    let mut known = fields_known_to_serde(&d, path);
    known.remove("type");
    let mut listed = names(t.fields);
    listed.extend(names(common));
    assert_eq!(known, listed, "{path} type {}: fields", t.type_name);
    check_fields(&d, path, t.fields);
    check_fields(&d, path, common);
}

fn check_section(kind: &KindForm, doc: &Value, section: &Section) {
    match section {
        Section::Fields { path, fields, .. } => {
            let mut known = fields_known_to_serde(doc, path);
            // Tables that have sections of their own are listed there.
            for other in kind.sections {
                let child = other.path();
                let parent = child.rsplit_once('.').map_or("", |(p, _)| p);
                if child != *path && parent == *path {
                    known.remove(child.rsplit('.').next().unwrap());
                }
            }
            assert_eq!(known, names(fields), "{}: fields of [{path}]", kind.kind);
            check_fields(doc, path, fields);
        }
        Section::OneOf { path, types, .. } => {
            check_types(doc, path, types, &[]);
        }
        Section::ListOf {
            path,
            types,
            common,
            ..
        } => check_types(doc, &format!("{path}.0"), types, common),
    }
}

fn check_types(doc: &Value, path: &str, types: &[TypeForm], common: &[Field]) {
    let mut probe = doc.clone();
    *at(&mut probe, path) = json!({ "type": PROBE });
    let known = expected_names(&parse_error(probe));
    let listed: BTreeSet<String> = types.iter().map(|t| t.type_name.to_string()).collect();
    assert_eq!(known, listed, "{path}: types");
    for t in types {
        check_type(doc, path, t, common);
    }
}

#[test]
fn every_kind_has_a_form() {
    let known = expected_names(&parse_error(json!({ "kind": PROBE })));
    let listed: BTreeSet<String> = KIND_FORMS.iter().map(|k| k.kind.to_string()).collect();
    assert_eq!(known, listed);
}

#[test]
fn forms_name_every_field_with_its_range_and_default() {
    for kind in KIND_FORMS {
        let doc = example(kind);
        for section in kind.sections {
            check_section(kind, &doc, section);
        }
    }
}

#[test]
fn the_reference_page_is_current() {
    let generated = playground_core::scenario::form::markdown(KIND_FORMS);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenarios.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/scenarios.md is out of date: run `cargo run -p playground-cli -- schema --markdown > docs/scenarios.md`"
    );
}
