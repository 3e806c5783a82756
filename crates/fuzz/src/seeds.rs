//! Where fuzzing starts: real inputs of each kind, made by the project's own writers so
//! they stay current as formats change.

use std::sync::OnceLock;

use playground_core::rng::Rng;
use playground_core::{Scenario, presets};
use playground_lm::align::model;
use playground_nn::HostTensor;
use playground_nn::safetensors;
use playground_pref::reward_learning::labels::{HumanAnswer, LabelFile};
use playground_pref::reward_learning::segment::Segment;
use playground_pref::reward_learning::world::World;

/// The preset whose map the label-file seeds are drawn on.
const LABEL_PRESET: &str = "rlhp-disagreement-queries";

fn every_preset(form: fn(&Scenario) -> String) -> Vec<Vec<u8>> {
    presets::all()
        .map(|p| form(&p.scenario()).into_bytes())
        .collect()
}

pub fn scenario_toml() -> Vec<Vec<u8>> {
    every_preset(Scenario::to_toml)
}

pub fn scenario_json() -> Vec<Vec<u8>> {
    every_preset(Scenario::to_json)
}

pub fn scenario_link() -> Vec<Vec<u8>> {
    every_preset(Scenario::to_query)
}

/// The world, map and segment length label files are read against.
pub fn label_world() -> &'static (World, String, usize) {
    static WORLD: OnceLock<(World, String, usize)> = OnceLock::new();
    WORLD.get_or_init(|| {
        let preset = presets::find(LABEL_PRESET).expect("the label preset exists");
        let Scenario::RewardLearning(r) = preset.scenario() else {
            unreachable!("{LABEL_PRESET} is a reward-learning preset")
        };
        let world = World::new(&r.env).expect("a preset's map makes a world");
        (world, r.env.map.clone(), r.feedback.segment_length)
    })
}

/// An empty file and files of 1, 3 and 20 random labels on the preset's map.
pub fn label_file() -> Vec<Vec<u8>> {
    let (world, map, length) = label_world();
    let mut rng = Rng::new(7);
    let answers = [
        HumanAnswer::First,
        HumanAnswer::Second,
        HumanAnswer::Equal,
        HumanAnswer::CantTell,
    ];
    [0, 1, 3, 20]
        .into_iter()
        .map(|n| {
            let mut file = LabelFile::new(map);
            for i in 0..n {
                let first = Segment::sample(world, *length, &mut rng);
                let second = Segment::sample(world, *length, &mut rng);
                file.push(world, &first, &second, answers[i % answers.len()]);
            }
            file.to_json().into_bytes()
        })
        .collect()
}

/// The shipped π_ref and a two-tensor file with metadata.
pub fn safetensors() -> Vec<Vec<u8>> {
    let small = [
        HostTensor {
            name: "w".into(),
            shape: vec![2, 2],
            data: vec![1.0, -2.5, 3.25, 0.0],
        },
        HostTensor {
            name: "b".into(),
            shape: vec![2],
            data: vec![0.5, f32::MIN_POSITIVE],
        },
    ];
    let meta = [("format".to_string(), "pt".to_string())];
    vec![
        model::SHIPPED.to_vec(),
        safetensors::to_bytes(&small, &meta).expect("a small file writes"),
    ]
}
