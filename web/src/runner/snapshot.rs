//! What the page sees of a run: a [`Snapshot`] that the experiment's side (the compute
//! worker, or the page itself when no worker could start) keeps up to date with [`Frame`]s.
//!
//! Panels read only the snapshot, so they never wait for a step in flight and never care
//! where the experiment lives. Series only grow (one point per step), so a frame carries
//! just the points the page has not seen; a reset starts them afresh.

use playground_core::experiment::Finals;
use playground_core::series::{LearnerSeries, Metric};
use playground_core::{Check, Experiment, Series};
use serde::{Deserialize, Serialize};

use crate::components::verify::Reference;

/// The checks of the run at one moment, and the reference rows shown beside them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub checks: Vec<Check>,
    pub references: Vec<Reference>,
}

/// The page's copy of a run; `V` is the lab's own view (what its panels draw).
#[derive(Clone, Debug, Default)]
pub struct Snapshot<V> {
    /// Completed steps and the scenario's total.
    pub t: usize,
    pub horizon: usize,
    /// Why the run stopped: it diverged, or a step failed on its device.
    pub stopped: Option<String>,
    pub series: Series,
    pub finals: Finals,
    pub view: V,
    /// Workers stepping the run (more than one when its runs are split over cores).
    pub workers: usize,
}

impl<V> Snapshot<V> {
    /// Finished (never before the first frame has arrived).
    pub fn is_done(&self) -> bool {
        self.horizon > 0 && self.t >= self.horizon
    }
}

/// One update of a snapshot: the state after some work, with the series' new points.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Frame<V> {
    pub t: usize,
    pub horizon: usize,
    pub divergence: Option<String>,
    pub series: SeriesTail,
    #[serde(with = "super::protocol::finals_as_json")]
    pub finals: Finals,
    /// The lab's view, or `None` when it is unchanged since the last frame (the worker
    /// skips views that would cost more than a tenth of its time).
    pub view: Option<V>,
    /// Present when the page asked for the checks.
    pub checks: Option<Checked>,
    /// What stopped the run (a step that failed on its device), beside a divergence.
    pub error: Option<String>,
    /// Workers stepping the run.
    pub workers: usize,
}

impl<V> Frame<V> {
    /// Whether this frame brings nothing new of the run to `snapshot` beyond the checks
    /// it answers: no step, no point, the same stop.
    pub fn only_checks(&self, snapshot: &Snapshot<V>) -> bool {
        self.checks.is_some()
            && self.t == snapshot.t
            && self.series.is_empty()
            && self.divergence.as_ref().or(self.error.as_ref()) == snapshot.stopped.as_ref()
    }

    /// The frame of `exp` now; `sent` is what the page already has of its series (and is
    /// brought up to date).
    pub fn of(
        exp: &dyn Experiment,
        sent: &mut Sent,
        view: Option<V>,
        checks: Option<Checked>,
    ) -> Self {
        Frame {
            t: exp.t(),
            horizon: exp.horizon(),
            divergence: exp.divergence().map(ToString::to_string),
            series: SeriesTail::since(exp.series(), sent),
            finals: exp.finals(),
            view,
            checks,
            error: None,
            workers: 1,
        }
    }
}

impl<V: Default> Snapshot<V> {
    /// Forget the last run while a new one starts elsewhere (in the worker), so nothing
    /// on the page — the status, the figures, an export — shows the old run's numbers
    /// until the new run's first frame replaces them.
    pub fn restarted(&mut self) {
        let horizon = self.horizon;
        *self = Snapshot {
            horizon,
            ..Snapshot::default()
        };
    }
}

impl<V> Snapshot<V> {
    /// Bring the snapshot up to `frame`; returns its checks, if it carried them.
    pub fn apply(&mut self, frame: Frame<V>) -> Option<Checked> {
        self.t = frame.t;
        self.horizon = frame.horizon;
        self.stopped = frame.divergence.or(frame.error);
        frame.series.extend(&mut self.series);
        self.finals = frame.finals;
        self.workers = frame.workers;
        if let Some(view) = frame.view {
            self.view = view;
        }
        frame.checks
    }
}

/// How many points of each learner's each metric the page has: `lengths[learner][metric]`.
/// Empty means nothing, so the next tail is the whole series.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    lengths: Vec<Vec<usize>>,
}

/// The points of a series after those already sent. `whole` replaces the page's series
/// (the first frame of a run), otherwise each metric's points are appended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeriesTail {
    pub whole: bool,
    pub tail: Series,
}

impl SeriesTail {
    pub fn since(series: &Series, sent: &mut Sent) -> Self {
        let same_shape = sent.lengths.len() == series.learners.len()
            && sent.lengths.iter().zip(&series.learners).all(|(have, l)| {
                have.len() == l.metrics.len()
                    && have.iter().zip(&l.metrics).all(|(&n, m)| n <= m.mean.len())
            });
        let whole = !same_shape;
        // Only the new points are copied: this runs with every frame of a long run.
        let tail = Series {
            learners: series
                .learners
                .iter()
                .enumerate()
                .map(|(l, learner)| LearnerSeries {
                    label: learner.label.clone(),
                    metrics: learner
                        .metrics
                        .iter()
                        .enumerate()
                        .map(|(m, metric)| {
                            let from = if whole { 0 } else { sent.lengths[l][m] };
                            Metric {
                                name: metric.name.clone(),
                                mean: metric.mean[from..].to_vec(),
                                ci95: metric.ci95[from.min(metric.ci95.len())..].to_vec(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        };
        sent.lengths = series
            .learners
            .iter()
            .map(|l| l.metrics.iter().map(|m| m.mean.len()).collect())
            .collect();
        SeriesTail { whole, tail }
    }

    /// No new points (and not a whole series).
    pub fn is_empty(&self) -> bool {
        !self.whole
            && self
                .tail
                .learners
                .iter()
                .all(|l| l.metrics.iter().all(|m| m.mean.is_empty()))
    }

    /// Add these points to `series` (or replace it).
    pub fn extend(self, series: &mut Series) {
        if self.whole || series.learners.len() != self.tail.learners.len() {
            *series = self.tail;
            return;
        }
        for (have, new) in series.learners.iter_mut().zip(self.tail.learners) {
            for (m, n) in have.metrics.iter_mut().zip(new.metrics) {
                m.mean.extend(n.mean);
                m.ci95.extend(n.ci95);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::protocol::{decode, encode};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn series(points: usize) -> Series {
        let metric = |name: &str, k: f64| Metric {
            name: name.into(),
            mean: (0..points).map(|i| i as f64 * k).collect(),
            ci95: (0..points).map(|i| i as f64 * k / 10.0).collect(),
        };
        Series {
            learners: vec![
                LearnerSeries {
                    label: "a".into(),
                    metrics: vec![metric("x", 1.0), metric("y", f64::NAN)],
                },
                LearnerSeries {
                    label: "b".into(),
                    metrics: vec![metric("x", 2.0)],
                },
            ],
        }
    }

    #[wasm_bindgen_test]
    fn tails_rebuild_the_series_bit_for_bit_through_the_wire_format() {
        let mut sent = Sent::default();
        let mut page = Series::default();
        for points in [0, 1, 1, 5, 9] {
            let tail = SeriesTail::since(&series(points), &mut sent);
            let tail: SeriesTail = decode(&encode(&tail)).unwrap();
            tail.extend(&mut page);
            assert_eq!(page.fingerprint(), series(points).fingerprint(), "{points}");
        }
        // Only the new points travel; a run that starts again is sent whole.
        let tail = SeriesTail::since(&series(9), &mut sent);
        assert!(!tail.whole && tail.tail.learners[0].metrics[0].mean.is_empty());
        let tail = SeriesTail::since(&series(2), &mut sent);
        assert!(tail.whole);
        tail.extend(&mut page);
        assert_eq!(page.fingerprint(), series(2).fingerprint());
    }

    #[wasm_bindgen_test]
    fn a_frame_crosses_the_wire_whole_finals_and_view_included() {
        let mut finals = Finals::new();
        // Numbers whose shortest decimal form a fast parser misreads by an ulp.
        finals.insert(
            "a".into(),
            serde_json::json!({"values": [0.19575343371735546, 0.045185313871891036], "n": 3}),
        );
        let frame = Frame {
            t: 7,
            horizon: 10,
            divergence: None,
            series: SeriesTail::since(&series(3), &mut Sent::default()),
            finals: finals.clone(),
            view: Some(Some(vec![f64::NAN, 0.1])),
            checks: None,
            error: Some("stopped".into()),
            workers: 3,
        };
        let back: Frame<Option<Vec<f64>>> = decode(&encode(&frame)).unwrap();
        assert_eq!(
            (back.t, back.horizon, back.error.as_deref(), back.workers),
            (7, 10, Some("stopped"), 3)
        );
        assert_eq!(back.finals, finals);
        let view = back.view.flatten().unwrap();
        assert!(view[0].is_nan() && view[1] == 0.1);
        let mut page = Series::default();
        back.series.extend(&mut page);
        assert_eq!(page.fingerprint(), series(3).fingerprint());
    }

    #[wasm_bindgen_test]
    fn only_a_frame_that_brings_checks_and_nothing_else_is_checks_only() {
        let mut sent = Sent::default();
        let frame = |sent: &mut Sent, points: usize, checks: bool| Frame {
            t: points,
            horizon: 10,
            divergence: None,
            series: SeriesTail::since(&series(points), sent),
            finals: Finals::new(),
            view: Some(()),
            checks: checks.then(Checked::default),
            error: None,
            workers: 1,
        };
        let mut page = Snapshot::<()>::default();
        let first = frame(&mut sent, 3, true);
        assert!(!first.only_checks(&page), "a run's first frame is whole");
        page.apply(first);
        assert!(frame(&mut sent, 3, true).only_checks(&page));
        assert!(!frame(&mut sent, 3, false).only_checks(&page), "no checks");
        assert!(!frame(&mut sent, 4, true).only_checks(&page), "a step");
        let mut stopped = frame(&mut sent, 4, true);
        page.apply(frame(&mut Sent::default(), 4, false));
        stopped.error = Some("lost".into());
        assert!(!stopped.only_checks(&page), "the run stopped");
    }
}
