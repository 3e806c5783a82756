//! Named scenarios a lecturer reaches for, with what to notice in each.
//!
//! The scenarios themselves are TOML files in `crates/core/presets/`, so they read exactly
//! like files a user saves or imports. Each preset knows its demo (the `kind` of its
//! scenario, checked by a test); pages, the gallery and the CLI list presets from here.

mod bandit;
mod bayesopt;
mod constrained;
mod dpo;
mod gridworld;
mod lm_alignment;
mod nash;
mod overoptimization;
mod pareto;
mod policy_gradient;
mod reward_learning;
mod transformer;

use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// The `kind` of its scenario: which demo runs it.
    pub kind: &'static str,
    /// Stable name used by the CLI (`--preset NAME`) and in links.
    pub name: &'static str,
    pub title: &'static str,
    /// One sentence: what the preset shows.
    pub summary: &'static str,
    /// The "what should I notice?" prompt.
    pub notice: &'static str,
    /// Papers from the playground's reading list that this preset illustrates, by title.
    pub papers: &'static [&'static str],
    /// Classic references it reproduces (not in the reading list).
    pub background: &'static [&'static str],
    /// How its figure is first shown, as the page's `ui.` flags without the prefix
    /// (`metric=regret&logx=1`); the CLI's `--figure` reads the same.
    pub view: &'static str,
    pub toml: &'static str,
}

impl Preset {
    /// The preset's scenario. Presets are tested to parse, so this cannot fail in use.
    pub fn scenario(&self) -> Scenario {
        Scenario::from_toml(self.toml).expect("presets are valid (tested)")
    }

    /// One view flag, e.g. `view_flag("metric")`.
    pub fn view_flag(&self, name: &str) -> Option<&'static str> {
        self.view
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// Every demo's presets, in gallery order.
const LISTS: &[&[Preset]] = &[
    bandit::PRESETS,
    gridworld::PRESETS,
    policy_gradient::PRESETS,
    transformer::PRESETS,
    dpo::PRESETS,
    nash::PRESETS,
    overoptimization::PRESETS,
    reward_learning::PRESETS,
    lm_alignment::PRESETS,
    pareto::PRESETS,
    constrained::PRESETS,
    bayesopt::PRESETS,
];

/// Every preset of every demo.
pub fn all() -> impl Iterator<Item = &'static Preset> {
    LISTS.iter().flat_map(|l| l.iter())
}

/// The presets of one demo, by its scenario kind.
pub fn for_kind(kind: &str) -> impl Iterator<Item = &'static Preset> {
    all().filter(move |p| p.kind == kind)
}

/// A preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    all().find(|p| p.name == name)
}
