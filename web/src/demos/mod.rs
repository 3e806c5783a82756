//! The labs, each a [`Lab`](crate::shell::Lab) with only its own panels and figures, and
//! every lab's words for the gallery, the site's links and cross-demo messages (which labs
//! a module holds is `crate::labs`).

pub mod bandit;
pub mod bayesopt;
pub mod constrained;
pub mod device;
pub mod dpo;
pub mod gridworld;
pub mod lm_alignment;
pub mod nash;
pub mod overoptimization;
pub mod pareto;
pub mod policy_gradient;
pub mod reward_learning;
pub mod transformer;

use crate::shell::Demo;

/// Every demo, in gallery order.
pub const DEMOS: &[&Demo] = &[
    &bandit::DEMO,
    &gridworld::DEMO,
    &policy_gradient::DEMO,
    &transformer::DEMO,
    &dpo::DEMO,
    &nash::DEMO,
    &overoptimization::DEMO,
    &reward_learning::DEMO,
    &lm_alignment::DEMO,
    &pareto::DEMO,
    &constrained::DEMO,
    &bayesopt::DEMO,
];

/// The demo that runs scenarios of this kind.
pub fn demo_of_kind(kind: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.kind == kind).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::scenario::form::KIND_FORMS;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_kind_has_exactly_one_demo_page() {
        for k in KIND_FORMS {
            let pages = DEMOS.iter().filter(|d| d.kind == k.kind).count();
            assert_eq!(pages, 1, "{}", k.kind);
        }
        assert_eq!(DEMOS.len(), KIND_FORMS.len());
    }

    #[wasm_bindgen_test]
    async fn the_worker_starts_every_labs_default_scenario() {
        // What the Tiny-LM lab would fetch from the site.
        playground_lm::align::model::provide_shipped(
            include_bytes!("../../../crates/lm/data/reference.safetensors").to_vec(),
        );
        crate::labs::hold(&crate::labs::EVERYTHING);
        for demo in DEMOS {
            let scenario = crate::shell::opening::default_opening(demo).scenario;
            let hosted = crate::labs::host_in_worker(&scenario).await;
            assert!(hosted.is_ok(), "{}", demo.kind);
        }
    }

    #[wasm_bindgen_test]
    fn the_main_module_holds_every_lab_once_and_each_lab_module_its_own() {
        use crate::labs::*;
        let kinds: Vec<_> = EVERYTHING.labs.iter().map(|l| l.demo.kind).collect();
        assert_eq!(kinds, DEMOS.iter().map(|d| d.kind).collect::<Vec<_>>());
        let modules = [
            &BANDITS,
            &GRIDWORLD,
            &POLICY_GRADIENT,
            &TRANSFORMER,
            &DPO,
            &NASH,
            &OVEROPTIMIZATION,
            &REWARD_LEARNING,
            &LM_ALIGNMENT,
            &PARETO,
            &CONSTRAINED,
            &BAYESOPT,
        ];
        let mut own: Vec<_> = modules.iter().map(|m| m.labs[0].demo.kind).collect();
        assert!(
            modules
                .iter()
                .all(|m| m.labs.len() == 1 && m.bench.is_none())
        );
        own.sort_unstable();
        let mut all = kinds.clone();
        all.sort_unstable();
        assert_eq!(own, all);
    }
}
