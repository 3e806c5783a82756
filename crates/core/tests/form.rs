//! The editor's field tables must say exactly what validation enforces.

use playground_core::Scenario;
use playground_core::scenario::form::{AGENT_FORMS, ENV_FORMS, FieldKind, TypeForm};
use serde_json::{Value, json};

fn base(env: Value, agent: Value) -> Value {
    json!({"kind": "bandit", "seed": 1, "steps": 10, "runs": 2, "env": env, "agents": [agent]})
}

fn unit_env() -> Value {
    json!({"type": "bernoulli", "means": [0.5, 0.6]})
}

/// Apply `value` to field `name` of the env (`agent = false`) or the agent, and validate.
fn valid_with(form: &TypeForm, agent: bool, name: &str, value: Value) -> bool {
    let mut own: Value = serde_json::from_str(form.default).unwrap();
    own[name] = value;
    let doc = if agent {
        base(unit_env(), own)
    } else {
        base(own, json!({"type": "ucb"}))
    };
    Scenario::from_value(doc).is_ok()
}

fn check_form(form: &TypeForm, agent: bool) {
    assert!(
        !valid_with(form, agent, "no_such_field", json!(1)),
        "unknown fields are refused"
    );
    let own: Value = serde_json::from_str(form.default).unwrap();
    let doc = if agent {
        base(unit_env(), own.clone())
    } else {
        base(own.clone(), json!({"type": "ucb"}))
    };
    assert!(
        Scenario::from_value(doc).is_ok(),
        "default of {} is valid",
        form.type_name
    );
    for f in form.fields {
        let ok = |v: Value| valid_with(form, agent, f.name, v);
        let list = |x: f64| {
            let n = own[f.name].as_array().map_or(2, Vec::len);
            json!(vec![x; n])
        };
        let name = format!("{}.{}", form.type_name, f.name);
        match f.kind {
            FieldKind::Number {
                min,
                max,
                exclusive_min,
                ..
            } => {
                assert_eq!(ok(json!(min)), !exclusive_min, "{name} at min");
                assert!(
                    ok(json!(if exclusive_min { min + 1e-9 } else { min })),
                    "{name} just above min"
                );
                assert!(
                    !ok(json!(min - 1e-6 * (1.0 + min.abs()))),
                    "{name} below min"
                );
                assert!(ok(json!(max)), "{name} at max");
                assert!(
                    !ok(json!(max + 1e-6 * (1.0 + max.abs()))),
                    "{name} above max"
                );
            }
            FieldKind::Optional { min, max, .. } => {
                assert!(!ok(json!(min)), "{name}: min is exclusive");
                assert!(ok(json!(max)), "{name} at max");
                assert!(!ok(json!(max + 1e-6)), "{name} above max");
                assert!(ok(Value::Null), "{name} may be empty");
            }
            FieldKind::Integer { min, max } => {
                assert!(ok(json!(min)) && ok(json!(max)), "{name} at its ends");
                assert!(
                    !ok(json!(min - 1)) && !ok(json!(max + 1)),
                    "{name} beyond its ends"
                );
            }
            FieldKind::Bool => {
                assert!(ok(json!(true)) && ok(json!(false)), "{name}");
            }
            FieldKind::List {
                min,
                max,
                exclusive_min,
            } => {
                assert_eq!(ok(list(min)), !exclusive_min, "{name} at min");
                assert!(ok(list(max)), "{name} at max");
                assert!(!ok(list(max + 1e-6)), "{name} above max");
                assert!(!ok(list(min - 1e-6)), "{name} below min");
            }
        }
    }
}

#[test]
fn env_forms_match_validation() {
    for f in ENV_FORMS {
        check_form(f, false);
    }
}

#[test]
fn agent_forms_match_validation() {
    for f in AGENT_FORMS {
        check_form(f, true);
    }
}

#[test]
fn every_type_has_a_form() {
    let envs = [
        "bernoulli",
        "gaussian-testbed",
        "gaussian",
        "nonstationary",
        "adversarial",
    ];
    let agents = [
        "epsilon-greedy",
        "ucb",
        "kl-ucb",
        "thompson-beta",
        "thompson-gaussian",
        "thompson-normal-gamma",
        "gradient",
        "exp3",
    ];
    assert_eq!(ENV_FORMS.len(), envs.len());
    assert_eq!(AGENT_FORMS.len(), agents.len());
    for e in envs {
        assert!(ENV_FORMS.iter().any(|f| f.type_name == e), "{e}");
    }
    for a in agents {
        assert!(AGENT_FORMS.iter().any(|f| f.type_name == a), "{a}");
    }
}
