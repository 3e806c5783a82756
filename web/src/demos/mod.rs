//! The labs, each a [`Lab`](crate::shell::Lab) with only its own panels and figures, and
//! the registry the gallery, the routes and cross-demo messages read.

pub mod bandit;
pub mod device;
pub mod dpo;
pub mod gridworld;
pub mod lm_alignment;
pub mod nash;
pub mod overoptimization;
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
}
