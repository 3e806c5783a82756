//! Fuzz targets for every untrusted input, written once and driven twice: by libFuzzer
//! (coverage-guided, `fuzz/`, `scripts/fuzz.sh`) and by a short deterministic pass on
//! stable Rust in CI (`tests/smoke.rs`, through [`mutate`]).
//!
//! A target takes any bytes. Refusing them is fine; what fails a target is a panic, or
//! accepting an input and then not giving back what was accepted: a Scenario read from a
//! file must survive its own TOML, JSON and link forms unchanged, a label file and a
//! safetensors file their own writers. Failures found are kept as files under
//! `regressions/<target>/` and replayed by the smoke test.

pub mod mutate;
pub mod seeds;
mod targets;

/// One untrusted input.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// Its name: the libFuzzer binary's and the regression folder's.
    pub name: &'static str,
    /// Whether the input was accepted; panics when it breaks a property (see the crate
    /// docs).
    pub run: fn(&[u8]) -> bool,
    /// Inputs to start from: real files of this kind.
    pub seeds: fn() -> Vec<Vec<u8>>,
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "scenario_toml",
        run: targets::scenario_toml,
        seeds: seeds::scenario_toml,
    },
    Target {
        name: "scenario_json",
        run: targets::scenario_json,
        seeds: seeds::scenario_json,
    },
    Target {
        name: "scenario_link",
        run: targets::scenario_link,
        seeds: seeds::scenario_link,
    },
    Target {
        name: "label_file",
        run: targets::label_file,
        seeds: seeds::label_file,
    },
    Target {
        name: "safetensors",
        run: targets::safetensors,
        seeds: seeds::safetensors,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Run the target called `name` on `data` (the libFuzzer binaries' one line).
pub fn run(name: &str, data: &[u8]) {
    let target = target(name).unwrap_or_else(|| panic!("no fuzz target is called {name}"));
    (target.run)(data);
}
