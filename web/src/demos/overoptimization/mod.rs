//! The Overoptimization Lab: a proxy reward learned from noisy preference labels, pushed
//! by best-of-n, the exact KL-regularised optimum and policy gradient until the gold
//! reward turns down. The maths is `playground_pref::overopt`; this module adds a table of
//! each learner's gold peak and fall.

mod explain;

use leptos::prelude::*;
use playground_core::Scenario;
use playground_pref::overopt::OveroptExperiment;
use playground_pref::overopt::experiment::{GOLD_REWARD, KL, PROXY_REWARD};

use crate::runner::Live;
use crate::shell::{Demo, Lab, Shell, ViewOption};

pub const DEMO: Demo = Demo {
    kind: "overoptimization",
    path: "/overoptimization",
    title: "Overoptimization Lab",
    nav: "Goodhart",
    lede: "Optimise a learned reward hard enough and the true one turns down. Thousands of \
           responses, a gold reward, a proxy fitted to a few hundred noisy preference labels, \
           and three ways of pushing on the proxy: best-of-n, the exact KL-regularised optimum \
           and policy gradient.",
    blurb: "Goodhart's law in one picture: proxy reward rises with √KL while the gold reward \
            peaks and falls; worst-case and uncertainty-weighted ensembles flatten the fall.",
    highlights: &[
        "best-of-n with its exact distribution",
        "gold peaks, proxy keeps climbing",
        "ensembles that refuse to be fooled",
    ],
    default_preset: "overopt-goodhart",
    panels: &[("peaks", "peaks table")],
    file_stem: "overoptimization",
    view_options: &[ViewOption::Choice {
        key: "metric",
        label: "Figure",
        options: &[
            ("goodhart", "reward vs √KL"),
            (GOLD_REWARD, "gold by point"),
            (PROXY_REWARD, "proxy by point"),
            (KL, "KL by point"),
        ],
    }],
};

impl Live for OveroptExperiment {
    fn experiment(&self) -> &dyn playground_core::Experiment {
        self
    }
    fn experiment_mut(&mut self) -> &mut dyn playground_core::Experiment {
        self
    }
    /// The best-of-n check draws 20 000 samples: it waits for a pause.
    fn checks_while_running(&self) -> bool {
        false
    }
}

#[derive(Debug)]
pub struct OveroptLab;

impl Lab for OveroptLab {
    const DEMO: &'static Demo = &DEMO;
    type Exp = OveroptExperiment;
    type Command = ();
    type Reply = ();
    type View = ();

    fn view(_: &OveroptExperiment, _: &Scenario, _: &[(String, String)]) {}

    fn build(scenario: &Scenario) -> Result<OveroptExperiment, String> {
        match scenario {
            Scenario::Overoptimization(o) => OveroptExperiment::new(o),
            other => Err(format!(
                "a {} scenario is not an overoptimization scenario",
                other.kind()
            )),
        }
    }

    fn caption(_shell: Shell<Self>) -> AnyView {
        view! {
            <p class="caption muted">
                "Solid: the gold reward each learner's policy earns; dashed: the proxy it optimises, \
                 both as gains over π_ref, against √KL(π ‖ π_ref). Where a solid line turns down \
                 while its dashed twin still climbs, the proxy is being overoptimised."
            </p>
        }
        .into_any()
    }

    fn panels(shell: Shell<Self>) -> AnyView {
        let ui = expect_context::<crate::app::UiState>();
        view! { <Show when=move || !ui.hides("peaks")>{peaks(shell)}</Show> }.into_any()
    }

    fn explanation(shell: Shell<Self>) -> AnyView {
        explain::explanation(shell).into_any()
    }
}

/// Each learner's gold peak and where its curve ends, from the run's finals.
fn peaks(shell: Shell<OveroptLab>) -> impl IntoView {
    let rows = move || {
        shell.runner.slow_version.track();
        shell
            .runner
            .with(|run| run.finals.clone())
            .into_iter()
            .map(|(label, f)| {
                let num =
                    |v: &serde_json::Value| v.as_f64().map_or("–".into(), |x| format!("{x:.2}"));
                view! {
                    <tr>
                        <td>{label}</td>
                        <td>{num(&f["gold_peak"]["sqrt_kl"])}</td>
                        <td>{num(&f["gold_peak"]["gold_reward"])}</td>
                        <td>{num(&f["end"]["gold_reward"])}</td>
                        <td>{num(&f["end"]["proxy_reward"])}</td>
                        <td>{num(&f["gold_drop"])}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-label="Peaks">
            <h2>"Where the gold reward peaks"</h2>
            <table class="table" data-testid="peaks">
                <thead><tr>
                    <th>"learner"</th><th>"√KL at the peak"</th><th>"gold at the peak"</th>
                    <th>"gold at the end"</th><th>"proxy at the end"</th><th>"fall"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
