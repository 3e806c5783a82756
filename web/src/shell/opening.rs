//! Which scenario a demo page opens with, and the page's view flags, from its link.
//! Pure functions of the query string, so they are unit-tested without a browser.
//!
//! In order: a scenario written in the link (`kind=…&seed=…`), a named preset
//! (`?preset=…`), else the demo's default. A link or preset that belongs to another demo,
//! or cannot be read, opens the default with a notice that says why (and, for another
//! demo's link, offers to open it there) — never a panic.

use playground_core::Scenario;
use playground_core::presets::{self, Preset};
use playground_core::scenario::form;
use playground_core::scenario::{UI_PREFIX, query_pairs, unescape};

use super::demo::Demo;

/// A message for the top of the page, with an optional link ("Open it there").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub link: Option<(String, String)>,
    /// Offer a Reset button (a run that stopped: it starts again from the scenario).
    pub reset: bool,
}

impl Notice {
    pub fn text(text: impl Into<String>) -> Self {
        Notice {
            text: text.into(),
            link: None,
            reset: false,
        }
    }

    /// Why a run stopped, with a Reset button.
    pub fn stopped(why: impl Into<String>) -> Self {
        Notice {
            reset: true,
            ..Notice::text(why)
        }
    }
}

#[derive(Clone, Debug)]
pub struct Opening {
    pub scenario: Scenario,
    /// The preset it came from (until the user edits it).
    pub preset: Option<&'static Preset>,
    pub notice: Option<Notice>,
}

/// Page flags that are not view settings of the figure.
pub const PAGE_FLAGS: &[&str] = &["embed", "hide", "theme", "present", "autoplay"];

/// The scenario the page opens with.
pub fn opening(query: &str, demo: &Demo, demos: &[&Demo]) -> Opening {
    if has_scenario(query) {
        return match Scenario::from_query(query) {
            Ok(s) if s.kind() == demo.kind => Opening {
                scenario: s,
                preset: None,
                notice: None,
            },
            Ok(s) => with_notice(demo, elsewhere(demo, demos, s.kind(), "This link", query)),
            Err(e) => with_notice(
                demo,
                Notice::text(format!(
                    "This link's scenario could not be used ({e}). Showing the default instead."
                )),
            ),
        };
    }
    let Some(name) = plain_value(query, "preset") else {
        return default_opening(demo);
    };
    match presets::find(&name) {
        Some(p) if p.kind == demo.kind => Opening {
            scenario: p.scenario(),
            preset: Some(p),
            notice: None,
        },
        Some(p) => {
            let what = format!("The preset “{}”", p.title);
            let query = format!("preset={}", p.name);
            with_notice(demo, elsewhere(demo, demos, p.kind, &what, &query))
        }
        None => with_notice(
            demo,
            Notice::text(format!(
                "There is no preset named “{name}”; showing the default."
            )),
        ),
    }
}

/// The demo's default: its default preset (tested to exist and be of its kind), else the
/// example of its kind's form.
pub fn default_opening(demo: &Demo) -> Opening {
    let preset = presets::find(demo.default_preset).filter(|p| p.kind == demo.kind);
    let scenario = match preset {
        Some(p) => p.scenario(),
        None => form::kind_form(demo.kind)
            .and_then(|k| Scenario::from_toml(k.example).ok())
            .unwrap_or_else(|| unreachable!("every demo's kind has a form (tested)")),
    };
    Opening {
        scenario,
        preset,
        notice: None,
    }
}

fn with_notice(demo: &Demo, notice: Notice) -> Opening {
    Opening {
        notice: Some(notice),
        ..default_opening(demo)
    }
}

/// "This link is for <other demo>; showing <this demo>'s default", with a link there.
fn elsewhere(demo: &Demo, demos: &[&Demo], kind: &str, what: &str, query: &str) -> Notice {
    match demos.iter().find(|d| d.kind == kind) {
        Some(other) => Notice {
            text: format!(
                "{what} belongs to {}, not to {}; showing the {} default.",
                other.title, demo.title, demo.title
            ),
            link: Some((
                format!("{}?{query}", other.path),
                format!("Open it in {}", other.title),
            )),
            reset: false,
        },
        None => Notice::text(format!(
            "{what} is for a kind of scenario this site has no page for (“{kind}”); showing the default."
        )),
    }
}

/// Whether the query holds a scenario (rather than nothing, or only a preset name).
pub fn has_scenario(query: &str) -> bool {
    query_pairs(query)
        .unwrap_or_default()
        .iter()
        .any(|(k, _)| k == "kind")
}

/// The value of one plain (non-`ui.`) key, e.g. `preset`.
pub fn plain_value(query: &str, key: &str) -> Option<String> {
    query_pairs(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| unescape(&v))
}

/// Page flags from `ui.` keys: `ui.embed=1` → ("embed", "1").
pub fn ui_flags(query: &str) -> Vec<(String, String)> {
    query_pairs(query)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix(UI_PREFIX)?.to_string();
            Some((name, unescape(&v).unwrap_or(v)))
        })
        .collect()
}

/// The figure's view settings: the preset's, overridden by the link's `ui.` flags (page
/// flags such as `ui.embed` are not view settings).
pub fn view_flags(query: &str, preset: Option<&Preset>) -> Vec<(String, String)> {
    let mut view: Vec<(String, String)> = preset
        .map(|p| {
            p.view
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in ui_flags(query) {
        if !PAGE_FLAGS.contains(&k.as_str()) {
            view.retain(|(key, _)| *key != k);
            view.push((k, v));
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::{DEMOS, demo_of_kind};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn bandit() -> &'static Demo {
        demo_of_kind("bandit").unwrap()
    }

    #[wasm_bindgen_test]
    fn every_demo_opens_its_own_default_preset() {
        for d in DEMOS {
            let o = default_opening(d);
            assert_eq!(o.scenario.kind(), d.kind, "{}", d.title);
            assert_eq!(
                o.preset.map(|p| p.name),
                Some(d.default_preset),
                "{}",
                d.title
            );
        }
    }

    #[wasm_bindgen_test]
    fn a_link_of_this_kind_opens_as_written() {
        let s = Scenario::from_toml(
            "kind = \"bandit\"\nseed = 4\nsteps = 10\nruns = 2\n[env]\ntype = \"bernoulli\"\nmeans = [0.2, 0.4]\n[[agents]]\ntype = \"ucb\"\n",
        )
        .unwrap();
        let o = opening(&s.to_query(), bandit(), DEMOS);
        assert_eq!(o.scenario, s);
        assert!(o.preset.is_none() && o.notice.is_none());
    }

    #[wasm_bindgen_test]
    fn another_demos_preset_opens_the_default_and_points_there() {
        let o = opening("preset=tiny-transformer", bandit(), DEMOS);
        assert_eq!(o.scenario.kind(), "bandit");
        let n = o.notice.unwrap();
        assert!(n.text.contains("Watch a transformer learn"), "{}", n.text);
        assert_eq!(n.link.unwrap().0, "/transformer?preset=tiny-transformer");
    }

    #[wasm_bindgen_test]
    fn another_demos_link_opens_the_default_and_points_there() {
        let lm = presets::find("tiny-transformer").unwrap().scenario();
        let o = opening(&lm.to_query(), bandit(), DEMOS);
        assert_eq!(o.scenario.kind(), "bandit");
        let (href, _) = o.notice.unwrap().link.unwrap();
        assert!(href.starts_with("/transformer?kind=transformer"), "{href}");
    }

    #[wasm_bindgen_test]
    fn bad_links_and_unknown_presets_explain_and_open_the_default() {
        let o = opening("kind=bandit&seed=1&steps=-5", bandit(), DEMOS);
        assert!(o.notice.unwrap().text.contains("could not be used"));
        assert_eq!(o.preset.map(|p| p.name), Some(bandit().default_preset));
        let o = opening("preset=no-such-thing", bandit(), DEMOS);
        assert!(o.notice.unwrap().text.contains("no-such-thing"));
        let o = opening("kind=%zz&&=&preset", bandit(), DEMOS);
        assert!(o.notice.is_some());
    }

    #[wasm_bindgen_test]
    fn view_flags_start_from_the_preset_and_the_link_wins() {
        let p = presets::find("bernoulli-regret").unwrap();
        let v = view_flags("ui.metric=avg_reward&ui.embed=1", Some(p));
        assert!(v.contains(&("metric".into(), "avg_reward".into())));
        assert!(v.contains(&("logx".into(), "1".into())));
        assert!(!v.iter().any(|(k, _)| k == "embed"));
    }
}
