//! Scenario files, validation messages, versions and the URL form.

use playground_core::presets;
use playground_core::scenario::{AgentSpec, BanditScenario, CURRENT_VERSION, EnvSpec, MAX_SEED};
use playground_core::{Scenario, ScenarioError};
use proptest::prelude::*;

const EXAMPLE: &str = r#"
kind = "bandit"
seed = 7
steps = 1000
runs = 2000
[env]
type = "gaussian-testbed"
arms = 10
[[agents]]
type = "epsilon-greedy"
epsilon = 0.1
[[agents]]
type = "ucb"
c = 2.0
"#;

fn bandit(s: &Scenario) -> &BanditScenario {
    match s {
        Scenario::Bandit(b) => b,
        _ => panic!("not a bandit scenario"),
    }
}

#[test]
fn the_readme_example_parses_with_defaults() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    let b = bandit(&s);
    assert_eq!(
        (b.seed, b.steps, b.runs, b.version),
        (7, 1000, 2000, CURRENT_VERSION)
    );
    assert_eq!(
        b.env,
        EnvSpec::GaussianTestbed {
            arms: 10,
            offset: 0.0
        }
    );
    assert_eq!(b.labels(), vec!["ε-greedy ε=0.1", "UCB c=2"]);
}

#[test]
fn toml_and_json_round_trip_exactly() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    assert_eq!(Scenario::from_toml(&s.to_toml()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(Scenario::from_text(&s.to_json()).unwrap(), s);
}

fn invalid_field(text: &str) -> String {
    match Scenario::from_toml(text) {
        Err(ScenarioError::Invalid { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn bad_values_name_the_field_the_value_and_the_range() {
    let err = Scenario::from_toml(&EXAMPLE.replace("epsilon = 0.1", "epsilon = 1.5")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("agents[0].epsilon"), "{msg}");
    assert!(msg.contains("1.5"), "{msg}");
    assert!(msg.contains("from 0 to 1"), "{msg}");
    assert_eq!(
        invalid_field(&EXAMPLE.replace("runs = 2000", "runs = 0")),
        "runs"
    );
    assert_eq!(
        invalid_field(&EXAMPLE.replace("arms = 10", "arms = 1")),
        "env.arms"
    );
    assert_eq!(
        invalid_field(&EXAMPLE.replace("c = 2.0", "c = -1.0")),
        "agents[1].c"
    );
    // Agents that need rewards in [0, 1] are refused on Gaussian environments.
    assert_eq!(
        invalid_field(
            &EXAMPLE
                .replace("\"ucb\"", "\"exp3\"")
                .replace("c = 2.0", "")
        ),
        "agents[1].type"
    );
    let nine = "[[agents]]\ntype = \"ucb\"\n".repeat(9);
    assert_eq!(invalid_field(&format!("{EXAMPLE}\n{nine}")), "agents");
}

#[test]
fn parse_errors_say_what_is_wrong() {
    let unknown =
        Scenario::from_toml(&EXAMPLE.replace("arms = 10", "arms = 10\nbogus = 3")).unwrap_err();
    assert!(unknown.to_string().contains("bogus"), "{unknown}");
    let wrong_type =
        Scenario::from_toml(&EXAMPLE.replace("seed = 7", "seed = \"seven\"")).unwrap_err();
    assert!(
        matches!(wrong_type, ScenarioError::Parse(_)),
        "{wrong_type}"
    );
    let kind = Scenario::from_toml(&EXAMPLE.replace("\"bandit\"", "\"chess\"")).unwrap_err();
    assert!(kind.to_string().contains("chess"), "{kind}");
    assert!(Scenario::from_toml("this is not toml = = =").is_err());
    assert!(Scenario::from_json("[1, 2]").is_err());
}

#[test]
fn versions_are_checked() {
    let v1 = format!("version = 1\n{EXAMPLE}");
    assert!(Scenario::from_toml(&v1).is_ok());
    let future = format!("version = {}\n{EXAMPLE}", CURRENT_VERSION + 1);
    let err = Scenario::from_toml(&future).unwrap_err().to_string();
    assert!(err.contains("version") && err.contains("newer"), "{err}");
}

#[test]
fn every_preset_is_valid_and_round_trips_through_its_link() {
    for p in presets::all() {
        let s = p.scenario();
        assert_eq!(
            Scenario::from_query(&s.to_query()).unwrap(),
            s,
            "{}",
            p.name
        );
    }
}

#[test]
fn the_link_is_human_readable() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    let q = s.to_query();
    for part in [
        "kind=bandit",
        "seed=7",
        "env.type=gaussian-testbed",
        "agents.1.type=ucb",
        "agents.1.c=2",
    ] {
        assert!(q.contains(part), "{q} lacks {part}");
    }
    // Page keys are ignored, a leading '?' is fine.
    assert_eq!(
        Scenario::from_query(&format!("?{q}&ui.embed=1")).unwrap(),
        s
    );
}

#[test]
fn labels_that_look_like_numbers_survive_the_link() {
    let text = EXAMPLE.replace("c = 2.0", "c = 2.0\nlabel = \"10\"");
    let s = Scenario::from_toml(&text).unwrap();
    assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
    let text = EXAMPLE.replace("c = 2.0", "c = 2.0\nlabel = \"a,b&c=d 'é' [x]\"");
    let s = Scenario::from_toml(&text).unwrap();
    assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
}

fn finite(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    lo..=hi
}

fn env_strategy() -> impl Strategy<Value = EnvSpec> {
    prop_oneof![
        prop::collection::vec(finite(0.0, 1.0), 2..8)
            .prop_map(|means| EnvSpec::Bernoulli { means }),
        (2usize..20, finite(-5.0, 5.0))
            .prop_map(|(arms, offset)| EnvSpec::GaussianTestbed { arms, offset }),
        (2usize..20, finite(0.0, 1.0), finite(-3.0, 3.0)).prop_map(|(arms, walk_sd, initial)| {
            EnvSpec::Nonstationary {
                arms,
                walk_sd,
                initial,
            }
        }),
        (2usize..5, finite(0.0, 5.0))
            .prop_map(|(arms, rigged_c)| EnvSpec::Adversarial { arms, rigged_c }),
    ]
}

fn label() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        "[a-zA-Z0-9 ,&='\\[\\]é%+.-]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty()),
    )
}

fn agent_strategy() -> impl Strategy<Value = AgentSpec> {
    prop_oneof![
        (
            finite(0.0, 1.0),
            prop::option::of(finite(0.001, 1.0)),
            finite(-5.0, 5.0),
            label()
        )
            .prop_map(
                |(epsilon, step_size, initial, label)| AgentSpec::EpsilonGreedy {
                    epsilon,
                    step_size,
                    initial,
                    label
                }
            ),
        (finite(0.0, 10.0), label()).prop_map(|(c, label)| AgentSpec::Ucb { c, label }),
        (finite(0.01, 5.0), any::<bool>(), label()).prop_map(|(alpha, baseline, label)| {
            AgentSpec::Gradient {
                alpha,
                baseline,
                label,
            }
        }),
        (
            finite(-2.0, 2.0),
            finite(0.1, 5.0),
            finite(0.1, 5.0),
            label()
        )
            .prop_map(|(prior_mean, prior_sd, noise_sd, label)| {
                AgentSpec::ThompsonGaussian {
                    prior_mean,
                    prior_sd,
                    noise_sd,
                    label,
                }
            }),
    ]
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        0..=MAX_SEED,
        1usize..5000,
        1usize..2000,
        env_strategy(),
        prop::collection::vec(agent_strategy(), 1..8),
    )
        .prop_map(|(seed, steps, runs, env, agents)| {
            Scenario::Bandit(BanditScenario {
                version: CURRENT_VERSION,
                seed,
                steps,
                runs,
                env,
                agents,
            })
        })
        .prop_filter("valid", |s| s.validate().is_ok())
}

proptest! {
    #[test]
    fn any_valid_scenario_round_trips_through_its_link(s in scenario_strategy()) {
        prop_assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s.clone());
        prop_assert_eq!(Scenario::from_toml(&s.to_toml()).unwrap(), s);
    }

    #[test]
    fn junk_links_are_refused_cleanly(junk in "[a-z0-9.=&%\\[\\],'_-]{0,80}") {
        // Either an error or a scenario that its own link gives back: never a panic.
        if let Ok(s) = Scenario::from_query(&junk) {
            prop_assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
        }
    }

    #[test]
    fn damaged_links_are_refused_cleanly(s in scenario_strategy(), cut in 0usize..400, byte in any::<u8>()) {
        let mut q = s.to_query().into_bytes();
        let at = cut % q.len();
        q[at] = byte;
        if let Ok(text) = String::from_utf8(q)
            && let Ok(parsed) = Scenario::from_query(&text)
        {
            prop_assert_eq!(Scenario::from_query(&parsed.to_query()).unwrap(), parsed);
        }
    }
}

/// What a visitor could paste or import that is far too big: a 10 MB link or file, 10⁹
/// steps, 64 learners. Each is refused before anything is built, with a message that
/// names the limit or the field.
#[test]
fn oversized_inputs_are_refused_with_a_message() {
    let huge_link = format!("kind=bandit&seed=1&note={}", "x".repeat(10 << 20));
    let e = Scenario::from_query(&huge_link).unwrap_err().to_string();
    assert!(
        e.contains("the link is 10241 KB; a scenario link is at most 64 KB"),
        "{e}"
    );
    let huge_file = format!("{EXAMPLE}\n#{}", " ".repeat(10 << 20));
    for e in [
        Scenario::from_text(&huge_file),
        Scenario::from_json(&huge_file),
    ] {
        let e = e.unwrap_err().to_string();
        assert!(e.contains("a scenario file is at most 1024 KB"), "{e}");
    }

    let (mut long, mut crowded) = (0, 0);
    for preset in presets::all() {
        let value = preset.scenario().to_value();
        let refused = |key: &str, v: serde_json::Value| {
            let mut doc = value.clone();
            doc[key] = v;
            let e = Scenario::from_value(doc).unwrap_err().to_string();
            assert!(e.contains(key), "{}: {key}: {e}", preset.name);
        };
        // The horizon is counted in steps, episodes or iterations, by kind.
        for key in ["steps", "episodes", "iterations"] {
            if value.get(key).is_some() {
                refused(key, serde_json::json!(1_000_000_000u64));
                long += 1;
            }
        }
        for key in ["agents", "learners"] {
            if let Some(list) = value[key].as_array() {
                refused(key, serde_json::json!(vec![list[0].clone(); 64]));
                crowded += 1;
            }
        }
    }
    // Every preset has a horizon, and every one but the transformer page's (one model)
    // a list of learners: a new kind without either needs its own case here.
    assert_eq!(long, presets::all().count());
    let one_model = presets::for_kind("transformer").count();
    assert_eq!(crowded + one_model, presets::all().count());
}
