//! Which labs a wasm module holds.
//!
//! In the built site every lab's page is a module of its own (`web/src/bin/`, built by
//! `scripts/post-build.mjs`): a visitor who opens the Bandit Arena downloads the bandit
//! engine and its page, not the Tiny-LM lab's transformer. The app's main module (Trunk's:
//! the gallery, the benchmark page, `trunk serve`, and offline visits) holds every lab.
//! Each module's `main` hands its [`Contents`] to [`crate::start`]; the router, the site's
//! links and the compute worker read them here. Nothing else names a lab's code, so the
//! linker leaves the others' out.

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos_router::components::A;
use playground_core::Scenario;
use playground_core::split::{Role, Shard};

use crate::demos::bandit::BanditLab;
use crate::demos::bayesopt::BayesoptLab;
use crate::demos::constrained::ConstrainedLab;
use crate::demos::dpo::DpoLab;
use crate::demos::gridworld::GridworldLab;
use crate::demos::lm_alignment::AlignmentLab;
use crate::demos::nash::NashLab;
use crate::demos::overoptimization::OveroptLab;
use crate::demos::pareto::ParetoLab;
use crate::demos::policy_gradient::PolicyGradientLab;
use crate::demos::reward_learning::RewardLab;
use crate::demos::transformer::TransformerLab;
use crate::shell::{Demo, Lab, demo_page};
use crate::worker::{Hosted, Task, host};

/// A run of one of a lab's scenarios in the compute worker.
pub type HostFn = for<'a> fn(&'a Scenario) -> Task<'a, Result<Box<dyn Hosted>, String>>;

/// A helper worker's share of a run of one of a lab's scenarios ([`Lab::share`]).
pub type ShareFn = fn(&Scenario, Role) -> Result<Box<dyn Shard>, String>;

/// One lab as a module holds it: its words, its page, its runs and their shares.
#[derive(Debug)]
pub struct LabEntry {
    pub demo: &'static Demo,
    pub page: fn() -> AnyView,
    pub host: HostFn,
    pub share: ShareFn,
}

/// What a module holds beside the gallery (which every module has).
#[derive(Debug)]
pub struct Contents {
    pub labs: &'static [LabEntry],
    /// The benchmark page (`/bench`): the main module's alone, it times every engine.
    pub bench: Option<fn() -> AnyView>,
}

const fn lab<L: Lab>() -> LabEntry {
    LabEntry {
        demo: L::DEMO,
        page: page::<L>,
        host: host::<L>,
        share: L::share,
    }
}

fn page<L: Lab>() -> AnyView {
    demo_page::<L>().into_any()
}

fn bench() -> AnyView {
    crate::pages::Bench().into_any()
}

/// A module holding one lab.
const fn only(lab: &'static [LabEntry]) -> Contents {
    Contents {
        labs: lab,
        bench: None,
    }
}

/// The main module: every lab, in the gallery's order, and the benchmark page.
pub static EVERYTHING: Contents = Contents {
    labs: &[
        lab::<BanditLab>(),
        lab::<GridworldLab>(),
        lab::<PolicyGradientLab>(),
        lab::<TransformerLab>(),
        lab::<DpoLab>(),
        lab::<NashLab>(),
        lab::<OveroptLab>(),
        lab::<RewardLab>(),
        lab::<AlignmentLab>(),
        lab::<ParetoLab>(),
        lab::<ConstrainedLab>(),
        lab::<BayesoptLab>(),
    ],
    bench: Some(bench),
};

// One module per lab page (named by its route in `web/src/bin/`).
pub static BANDITS: Contents = only(&[lab::<BanditLab>()]);
pub static GRIDWORLD: Contents = only(&[lab::<GridworldLab>()]);
pub static POLICY_GRADIENT: Contents = only(&[lab::<PolicyGradientLab>()]);
pub static TRANSFORMER: Contents = only(&[lab::<TransformerLab>()]);
pub static DPO: Contents = only(&[lab::<DpoLab>()]);
pub static NASH: Contents = only(&[lab::<NashLab>()]);
pub static OVEROPTIMIZATION: Contents = only(&[lab::<OveroptLab>()]);
pub static REWARD_LEARNING: Contents = only(&[lab::<RewardLab>()]);
pub static LM_ALIGNMENT: Contents = only(&[lab::<AlignmentLab>()]);
pub static PARETO: Contents = only(&[lab::<ParetoLab>()]);
pub static CONSTRAINED: Contents = only(&[lab::<ConstrainedLab>()]);
pub static BAYESOPT: Contents = only(&[lab::<BayesoptLab>()]);

static HELD: OnceLock<&'static Contents> = OnceLock::new();

/// Remember what this module holds (its `main` says, through [`crate::start`]).
pub fn hold(contents: &'static Contents) {
    let _ = HELD.set(contents);
}

/// What this module holds; nothing before `main` has said.
pub fn held() -> &'static Contents {
    static NOTHING: Contents = Contents {
        labs: &[],
        bench: None,
    };
    HELD.get().copied().unwrap_or(&NOTHING)
}

/// The page at `path`, if this module holds it.
pub fn page_at(path: &str) -> Option<fn() -> AnyView> {
    let held = held();
    if path == "/bench" {
        return held.bench;
    }
    held.labs
        .iter()
        .find(|l| l.demo.path == path)
        .map(|l| l.page)
}

/// The entry of the lab `scenario` belongs to, if this module holds it.
fn lab_of(scenario: &Scenario) -> Result<&'static LabEntry, String> {
    let kind = scenario.kind();
    held()
        .labs
        .iter()
        .find(|l| l.demo.kind == kind)
        .ok_or_else(|| format!("this page's module does not hold the {kind} lab"))
}

/// A run of `scenario` for the compute worker, if this module holds its lab.
pub fn host_in_worker(scenario: &Scenario) -> Task<'_, Result<Box<dyn Hosted>, String>> {
    match lab_of(scenario) {
        Ok(lab) => (lab.host)(scenario),
        Err(why) => Box::pin(async move { Err(why) }),
    }
}

/// A helper worker's share of a run of `scenario`, if this module holds its lab (a
/// helper runs its head's module, which holds the lab whose run it helps).
pub fn share_in_worker(scenario: &Scenario, role: Role) -> Result<Box<dyn Shard>, String> {
    (lab_of(scenario)?.share)(scenario, role)
}

/// A link to a page of the site (`href` may carry a query). The router follows it when
/// this module holds the page; otherwise it is a plain link (`rel="external"`, which the
/// router leaves to the browser), and that page loads its own module.
pub fn link(href: String, class: &'static str, text: impl IntoView + 'static) -> AnyView {
    let path = href.split('?').next().unwrap_or_default();
    let class = (!class.is_empty()).then_some(class);
    if path == "/" || page_at(path).is_some() {
        view! { <A href=href attr:class=class>{text}</A> }.into_any()
    } else {
        view! { <a href=href class=class rel="external">{text}</a> }.into_any()
    }
}
