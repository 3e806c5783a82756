//! The policy-gradient scenario: defaults, round trips and validation messages.

use playground_core::scenario::{Baseline, PgEnv, PgLearner, PgScenario, PolicyKind, Supervision};
use playground_core::{Scenario, ScenarioError};

const EXAMPLE: &str = r#"
kind = "policy-gradient"
seed = 3
[env]
map = """
S..
.#G
"""
gamma = 0.9
[[learners]]
type = "reinforce"
baseline = "value"
[[learners]]
type = "ppo"
[[learners]]
type = "gae"
lambda = 0.5
critic_lambda = 1.0
"#;

fn pg(s: &Scenario) -> &PgScenario {
    match s {
        Scenario::PolicyGradient(p) => p,
        _ => panic!("not a policy-gradient scenario"),
    }
}

fn invalid(text: &str) -> (String, String) {
    match Scenario::from_toml(text) {
        Err(ScenarioError::Invalid { field, allowed, .. }) => (field, allowed),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn the_example_parses_with_a_lecturers_defaults() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    let p = pg(&s);
    assert_eq!((p.iterations, p.runs), (200, 10));
    match &p.learners[1] {
        PgLearner::Ppo {
            clip,
            epochs,
            minibatches,
            lambda,
            critic_lambda,
            value_coef,
            entropy_coef,
            learning_rate,
            batch,
            policy,
            ..
        } => {
            assert_eq!(
                (*clip, *lambda, *value_coef, *entropy_coef),
                (0.2, 0.95, 0.5, 0.01)
            );
            assert_eq!((*epochs, *minibatches, *batch), (4, 4, 16));
            assert_eq!(
                (*critic_lambda, *learning_rate, *policy),
                (None, 0.1, PolicyKind::Tabular)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        p.learners[0],
        PgLearner::Reinforce {
            baseline: Baseline::Value,
            ..
        }
    ));
    let l = p.learners[2].lambdas().unwrap();
    assert_eq!((l.actor, l.critic), (0.5, 1.0));
    assert_eq!(
        p.learners[1].lambdas().unwrap().critic,
        0.95,
        "critic λ defaults to the actor's"
    );
    assert_eq!(
        p.labels(),
        [
            "REINFORCE, value baseline",
            "PPO ε=0.2, 4 epochs",
            "GAE λ=0.5 critic λ=1"
        ]
    );
    let trpo = Scenario::from_toml(&format!("{EXAMPLE}[[learners]]\ntype = \"trpo\"\n")).unwrap();
    match &pg(&trpo).learners[3] {
        PgLearner::Trpo {
            delta,
            cg_iters,
            backtrack,
            ..
        } => {
            assert_eq!((*delta, *cg_iters, *backtrack), (0.01, 10, 0.8));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_scenario_round_trips_through_files_and_links() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    assert_eq!(Scenario::from_toml(&s.to_toml()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
    assert_eq!(s.kind(), "policy-gradient");
    assert_eq!(s.with_seed(9).seed(), 9);
}

#[test]
fn bad_values_name_the_field_the_value_and_the_range() {
    let msg = Scenario::from_toml(&EXAMPLE.replace("lambda = 0.5", "lambda = 1.5"))
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("learners[2].lambda") && msg.contains("1.5") && msg.contains("from 0 to 1"),
        "{msg}"
    );
    assert_eq!(
        invalid(&EXAMPLE.replace("seed = 3", "seed = 3\nruns = 0")).0,
        "runs"
    );
    let (field, allowed) = invalid(&format!(
        "{EXAMPLE}[[learners]]\ntype = \"trpo\"\npolicy = \"mlp\"\n"
    ));
    assert_eq!(field, "learners[3].policy");
    assert!(allowed.contains("Fisher"), "{allowed}");
    let (field, allowed) = invalid(&format!(
        "{EXAMPLE}[[learners]]\ntype = \"grpo\"\ngroup = 5\n"
    ));
    assert_eq!(field, "learners[3].batch");
    assert!(allowed.contains("multiple of group = 5"), "{allowed}");
    let (field, _) = invalid(&format!(
        "{EXAMPLE}[[learners]]\ntype = \"ppo\"\nlearning_rate = 2.0\n"
    ));
    assert_eq!(field, "learners[3].value_coef");
    let (field, _) = invalid(&format!(
        "{EXAMPLE}[[learners]]\ntype = \"rloo\"\nbatch = 1\n"
    ));
    assert_eq!(field, "learners[3].batch");
    let labelled = format!(
        "{EXAMPLE}[[learners]]\ntype = \"rloo\"\nlabel = \"x\"\n[[learners]]\ntype = \"spo\"\nlabel = \"x\"\n"
    );
    assert_eq!(invalid(&labelled).0, "learners[4].label");
    let (field, allowed) =
        invalid(&EXAMPLE.replace("seed = 3", "seed = 3\nruns = 1000\niterations = 5000"));
    assert_eq!(field, "runs");
    assert!(allowed.contains("100000000"), "{allowed}");
    let nine = "[[learners]]\ntype = \"rloo\"\n".repeat(6);
    assert_eq!(invalid(&format!("{EXAMPLE}{nine}")).0, "learners");
}

#[test]
fn the_map_is_checked_by_the_gridworld_compiler() {
    let (field, _) = invalid(&EXAMPLE.replace("S..", "S.X"));
    assert!(field.starts_with("env"), "{field}");
    // With γ = 1 every cell must be able to reach an end: a walled-in pocket cannot.
    let pocket = EXAMPLE
        .replace("gamma = 0.9", "gamma = 1.0")
        .replace("S..\n.#G", "S..#.\n..G#.");
    let (field, allowed) = invalid(&pocket);
    assert_eq!(field, "env.gamma");
    assert!(allowed.contains("row 1, column 5"), "{allowed}");
    assert!(Scenario::from_toml(&pocket.replace("gamma = 1.0", "gamma = 0.99")).is_ok());
}

const QUESTIONS: &str = r#"
kind = "policy-gradient"
seed = 3
[env]
type = "twenty-questions"
turns = 4
[[learners]]
type = "grpo"
supervision = "process"
batch = 16
"#;

fn parse_error(text: &str) -> String {
    match Scenario::from_toml(text) {
        Err(ScenarioError::Parse(msg)) => msg,
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_map_needs_no_type_and_writes_back_without_one() {
    let s = Scenario::from_toml(EXAMPLE).unwrap();
    let p = pg(&s);
    assert_eq!(p.env.type_name(), "gridworld");
    assert!(p.env.grid().is_some_and(|g| g.gamma == 0.9));
    assert!(
        !s.to_toml().contains("type = \"gridworld\""),
        "{}",
        s.to_toml()
    );
    // Naming the type gives the same scenario.
    let named = EXAMPLE.replace("[env]\n", "[env]\ntype = \"gridworld\"\n");
    assert_eq!(Scenario::from_toml(&named).unwrap(), s);
}

#[test]
fn twenty_questions_reads_with_its_defaults_and_round_trips() {
    let s = Scenario::from_toml(QUESTIONS).unwrap();
    let p = pg(&s);
    match &p.env {
        PgEnv::TwentyQuestions(q) => {
            assert_eq!((q.turns, q.redundant, q.uninformative), (4, 1, 1));
            assert_eq!(q.questions(), 6);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(p.env.episode_cap(), 4);
    assert!(matches!(
        p.learners[0],
        PgLearner::Grpo {
            supervision: Supervision::Process,
            ..
        }
    ));
    assert_eq!(p.labels(), ["GRPO G=8, process rewards"]);
    assert!(s.to_toml().contains("type = \"twenty-questions\""));
    assert_eq!(Scenario::from_toml(&s.to_toml()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
    let outcome = Scenario::from_toml(&QUESTIONS.replace("supervision = \"process\"\n", ""));
    assert!(matches!(
        pg(&outcome.unwrap()).learners[0],
        PgLearner::Grpo {
            supervision: Supervision::Outcome,
            ..
        }
    ));
}

#[test]
fn the_task_type_and_its_fields_are_checked() {
    let msg = parse_error(&QUESTIONS.replace("twenty-questions", "chess"));
    assert!(
        msg.contains("`chess`")
            && msg.contains("`gridworld`")
            && msg.contains("`twenty-questions`"),
        "{msg}"
    );
    let msg = parse_error(&QUESTIONS.replace("turns = 4", "turns = 4\nmap = \"S.G\""));
    assert!(msg.contains("`map`") && msg.contains("`turns`"), "{msg}");
    let msg = parse_error(&QUESTIONS.replace("type = \"twenty-questions\"", "type = 20"));
    assert!(msg.contains("env.type") && msg.contains("20"), "{msg}");
    let msg = parse_error(&EXAMPLE.replace("[env]\nmap", "env = 3\n[unused]\nmap"));
    assert!(msg.contains("env must be a table"), "{msg}");
    for (field, bad, range) in [
        ("turns", "turns = 0", "from 1 to 6"),
        ("turns", "turns = 7", "from 1 to 6"),
        ("redundant", "turns = 4\nredundant = 3", "from 0 to 2"),
        (
            "uninformative",
            "turns = 4\nuninformative = 3",
            "from 0 to 2",
        ),
    ] {
        match Scenario::from_toml(&QUESTIONS.replace("turns = 4", bad)) {
            Err(ScenarioError::Invalid {
                field: f,
                value,
                allowed,
            }) => {
                assert_eq!(f, format!("env.{field}"));
                assert!(bad.ends_with(&value), "{bad}: {value}");
                assert!(allowed.contains(range), "{allowed}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    // A game's turns are its episode cap in the work limit.
    let (field, allowed) =
        invalid(&QUESTIONS.replace("seed = 3", "seed = 3\nruns = 1000\niterations = 5000"));
    assert_eq!(field, "runs");
    assert!(allowed.contains("at most 312 runs"), "{allowed}");
}
