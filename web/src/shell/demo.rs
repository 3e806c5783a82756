//! What the shell knows about a demo: its kind, address, words for the gallery and the
//! intro, the panels an embed may hide and the view settings its figure offers.

/// A panel an embed can keep or hide: (id used in `ui.hide`, label).
pub type PanelChoice = (&'static str, &'static str);

/// A setting of the main figure, kept in the link as `ui.<key>=<value>`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewOption {
    /// Tabs, one per value: (value, label).
    Choice {
        key: &'static str,
        label: &'static str,
        options: &'static [(&'static str, &'static str)],
    },
    /// A checkbox: on is `1`.
    Toggle {
        key: &'static str,
        label: &'static str,
    },
    /// A select of the scenario's learners, by index.
    Learner {
        key: &'static str,
        label: &'static str,
    },
    /// A slider over [min, max] in steps of `step`, starting at `default` (a weight).
    Slider {
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        step: f64,
        default: f64,
    },
}

impl ViewOption {
    pub fn key(&self) -> &'static str {
        match self {
            ViewOption::Choice { key, .. }
            | ViewOption::Toggle { key, .. }
            | ViewOption::Learner { key, .. }
            | ViewOption::Slider { key, .. } => key,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Demo {
    /// The Scenario `kind` this demo runs.
    pub kind: &'static str,
    /// Its page, e.g. `/bandits`.
    pub path: &'static str,
    pub title: &'static str,
    /// Shorter, for the site's navigation.
    pub nav: &'static str,
    /// The intro paragraph on its page.
    pub lede: &'static str,
    /// The gallery card: a paragraph and a few highlights.
    pub blurb: &'static str,
    pub highlights: &'static [&'static str],
    /// The preset it opens with.
    pub default_preset: &'static str,
    /// Panels an embed may hide, beside the standard ones (controls, editor, verify,
    /// explain).
    pub panels: &'static [PanelChoice],
    /// File names of exports start with this.
    pub file_stem: &'static str,
    pub view_options: &'static [ViewOption],
}

/// Panels every demo has.
pub const STANDARD_PANELS: &[PanelChoice] = &[
    ("controls", "run controls"),
    ("editor", "scenario editor"),
    ("verify", "Verify panel"),
    ("explain", "explanation"),
];

impl Demo {
    /// Every panel an embed may hide: the standard ones and the demo's own.
    pub fn all_panels(&self) -> Vec<PanelChoice> {
        let mut all = vec![STANDARD_PANELS[0]];
        all.extend_from_slice(self.panels);
        all.extend_from_slice(&STANDARD_PANELS[1..]);
        all
    }
}
