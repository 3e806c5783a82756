//! The `playground` binary as a user runs it.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn playground(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(args)
        .output()
        .expect("runs")
}

/// Run and parse the JSON report (the run must succeed).
fn run_json(args: &[&str]) -> serde_json::Value {
    let out = playground(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("playground-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The README's example, shortened only in runs so the test stays quick.
const EXAMPLE: &str = r#"kind = "bandit"
seed = 7
steps = 1000
runs = 50
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

#[test]
fn run_prints_series_and_checks_as_json() {
    let dir = temp_dir("json");
    let file = dir.join("example.toml");
    std::fs::write(&file, EXAMPLE).unwrap();
    let out = playground(&["run", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["scenario"]["seed"], 7);
    for label in ["ε-greedy ε=0.1", "UCB c=2"] {
        for metric in ["avg_reward", "pct_optimal", "regret"] {
            let values = report["series"][label][metric].as_array().unwrap();
            assert_eq!(values.len(), 1000, "{label} {metric}");
        }
    }
    let checks = report["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    assert!(checks.iter().all(|c| c["passed"] == true), "{checks:?}");
}

#[test]
fn csv_and_figures_are_written() {
    let dir = temp_dir("files");
    let png = dir.join("fig.png");
    let svg = dir.join("fig.svg");
    let csv = dir.join("series.csv");
    let out = playground(&[
        "run",
        "--preset",
        "bernoulli-regret",
        "--csv",
        csv.to_str().unwrap(),
        "--figure",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    // Width at 2×: 1600 pixels.
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 1600);
    // One table, the page's CSV format: a header and a row per learner and step.
    let table = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "learner,t,avg_reward,avg_reward_ci95,pct_optimal,pct_optimal_ci95,regret,regret_ci95"
    );
    let report = run_json(&["run", "--preset", "bernoulli-regret", "--compact"]);
    let learners = report["series"].as_object().unwrap().len();
    let steps = report["scenario"]["steps"].as_u64().unwrap() as usize;
    assert_eq!(lines.len(), 1 + learners * steps);
    let out = playground(&[
        "run",
        "--preset",
        "adversarial",
        "--figure",
        svg.to_str().unwrap(),
        "--metric",
        "avg_reward",
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Average reward"));
}

#[test]
fn presets_are_listed() {
    let out = playground(&["presets"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for name in ["testbed-four", "bernoulli-regret", "adversarial"] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn bad_input_exits_2_and_names_the_problem() {
    let dir = temp_dir("bad");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, EXAMPLE.replace("epsilon = 0.1", "epsilon = 2")).unwrap();
    for (args, needle) in [
        (vec!["run", bad.to_str().unwrap()], "agents[0].epsilon = 2"),
        (vec!["run", "/no/such/file.toml"], "cannot read"),
        (vec!["run", "--preset", "nope"], "no preset named"),
        (
            vec!["run", "--preset", "adversarial", "--figure", "out.gif"],
            ".png or .svg",
        ),
        (
            vec![
                "run",
                "--preset",
                "adversarial",
                "--metric",
                "loss",
                "--figure",
                "/tmp/x.png",
            ],
            "no metric",
        ),
        (vec!["run"], "required"),
    ] {
        let out = playground(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `playground run … | head`: the report (hundreds of KB) outgrows the pipe's buffer,
    // so writing meets a closed pipe. That ends the program quietly, with success.
    let file = temp_dir("early-reader").join("long.toml");
    std::fs::write(
        &file,
        "kind = \"bandit\"\nseed = 1\nsteps = 5000\nruns = 1\n[env]\ntype = \"gaussian-testbed\"\narms = 3\n[[agents]]\ntype = \"ucb\"\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(["run", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here, closing the pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "status {:?}, stderr: {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn gridworld_runs_report_values_policies_and_checks() {
    let report = run_json(&["run", "--preset", "grid-sutton-barto-4x4", "--compact"]);
    let finals = &report["final"];
    // Sutton & Barto's Figure 4.1: the top-right corner of v_π is −22.
    let corner = finals["random-policy evaluation"]["values"][0][3]
        .as_f64()
        .unwrap();
    assert!((corner + 22.0).abs() < 1e-8, "{corner}");
    assert_eq!(finals["value iteration"]["policy"][0], "·←←←");
    let checks = report["checks"].as_array().unwrap();
    assert!(!checks.is_empty() && checks.iter().all(|c| c["passed"] == true));
    let out = playground(&[
        "run",
        "--preset",
        "grid-cliff-walking",
        "--metric",
        "regret",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no metric"));
}

#[test]
fn a_bandit_run_gives_the_same_report_on_any_number_of_threads() {
    let dir = temp_dir("threads");
    let file = dir.join("example.toml");
    // 130 runs: five blocks, the last partial, so three threads get unequal shares.
    std::fs::write(&file, EXAMPLE.replace("runs = 50", "runs = 130")).unwrap();
    let path = file.to_str().unwrap();
    let one = run_json(&["run", path, "--threads", "1"]);
    for threads in ["2", "3", "8"] {
        assert_eq!(
            run_json(&["run", path, "--threads", threads]),
            one,
            "{threads} threads"
        );
    }
    assert_eq!(one["series"].as_object().map(|s| s.len()), Some(2));
    let refused = playground(&["run", path, "--threads", "0"]);
    assert!(!refused.status.success());
}

#[test]
fn a_gridworld_run_gives_the_same_report_on_any_number_of_threads() {
    // SARSA, Q-learning and value iteration on the cliff, 70 runs: three blocks, the last
    // partial. The report's finals hold the run-averaged Q tables the helpers' parts carry.
    let dir = temp_dir("grid-threads");
    let file = dir.join("cliff.toml");
    let preset = include_str!("../../core/presets/grid-cliff-walking.toml");
    let text = preset
        .replace("episodes = 500", "episodes = 60")
        .replace("runs = 20", "runs = 70");
    assert_ne!(text, preset);
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let one = run_json(&["run", path, "--threads", "1"]);
    assert_eq!(one["final"].as_object().map(|f| f.len()), Some(3));
    for threads in ["2", "3"] {
        assert_eq!(
            run_json(&["run", path, "--threads", threads]),
            one,
            "{threads} threads"
        );
    }
}
