//! The targets' bodies. Each says whether it accepted the input, and panics, naming the
//! property, on input it accepts but cannot give back.

use playground_core::Scenario;
use playground_core::scenario::ScenarioError;
use playground_lm::align::model;
use playground_nn::{Cpu, safetensors};
use playground_pref::reward_learning::labels::LabelFile;

use crate::seeds;

/// A scenario file as the page's Import and the CLI read it (TOML, or JSON if it starts
/// with `{`).
pub fn scenario_toml(data: &[u8]) -> bool {
    scenario(data, Scenario::from_text)
}

pub fn scenario_json(data: &[u8]) -> bool {
    scenario(data, Scenario::from_json)
}

/// The query string of a shared link.
pub fn scenario_link(data: &[u8]) -> bool {
    scenario(data, Scenario::from_query)
}

fn scenario(data: &[u8], read: fn(&str) -> Result<Scenario, ScenarioError>) -> bool {
    match text(data).map(read) {
        Some(Ok(s)) => {
            round_trips(&s);
            true
        }
        _ => false,
    }
}

/// A scenario that was accepted comes back unchanged from each of its forms: what the
/// visitor exports or shares is what they ran.
fn round_trips(s: &Scenario) {
    let forms = [
        ("TOML", Scenario::from_toml(&s.to_toml())),
        ("JSON", Scenario::from_json(&s.to_json())),
        ("link", Scenario::from_query(&s.to_query())),
    ];
    for (form, back) in forms {
        match back {
            Ok(back) => assert_eq!(&back, s, "the {form} form changed the scenario"),
            Err(e) => panic!("an accepted scenario's {form} form is refused: {e}"),
        }
    }
}

/// A label file from browser storage or an import, read against the Reward Learning
/// Lab's default map (the seeds are files for that map, so the fuzzer reaches the cells
/// and moves).
pub fn label_file(data: &[u8]) -> bool {
    let Some(Ok(file)) = text(data).map(LabelFile::from_json) else {
        return false;
    };
    assert_eq!(
        LabelFile::from_json(&file.to_json()).as_ref(),
        Ok(&file),
        "a label file read is not written back the same"
    );
    let (world, map, length) = seeds::label_world();
    if let Ok(labels) = file.segments(world, map, *length) {
        assert_eq!(labels.len(), file.labels.len(), "labels lost on reading");
    }
    true
}

/// Weights for π_ref: parsed, written back unchanged, and loaded into a model of π_ref's
/// shape (refused if the names or shapes do not fit).
pub fn safetensors(data: &[u8]) -> bool {
    let Ok(file) = safetensors::from_bytes(data) else {
        return false;
    };
    let bytes = safetensors::to_bytes(&file.tensors, &file.metadata)
        .unwrap_or_else(|e| panic!("an accepted file cannot be written back: {e}"));
    assert_eq!(
        safetensors::from_bytes(&bytes).as_ref().ok(),
        Some(&file),
        "a safetensors file read is not written back the same"
    );
    let _ = model::with_weights(&Cpu::<f32>::new(), &file.tensors);
    true
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
