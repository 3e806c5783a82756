//! A run on the page's own thread, when no worker could start. Work is sliced into each
//! animation frame's budget.

use leptos::prelude::*;
use playground_core::Scenario;

use super::snapshot::{Frame, Sent};
use super::{Engine, Job, Runner, Shared, checked, diverged, turn};
use crate::platform::dom::now_ms;
use crate::runner::Live;
use crate::shell::Lab;

pub(super) struct PageRun<L: Lab> {
    exp: Option<Shared<L::Exp>>,
    /// The scenario the run was built from.
    scenario: Option<Scenario>,
    pub(super) jobs: Vec<Job<L::Exp>>,
    /// What the snapshot has of the series.
    sent: Sent,
}

impl<L: Lab> PageRun<L> {
    pub(super) fn new() -> Self {
        PageRun {
            exp: None,
            scenario: None,
            jobs: Vec::new(),
            sent: Sent::default(),
        }
    }

    pub(super) fn exp(&self) -> Option<&Shared<L::Exp>> {
        self.exp.as_ref()
    }
}

/// Fetch what a run of `scenario` needs, build it and put it in place of the current one
/// (between steps, if a step is in flight).
pub(super) fn start<L: Lab>(runner: Runner<L>, scenario: &Scenario) {
    let scenario = scenario.clone();
    leptos::task::spawn_local(async move {
        match L::prepare(&scenario).await {
            Ok(()) => start_prepared(runner, &scenario),
            Err(why) => runner.error.set(Some(why)),
        }
    });
}

fn start_prepared<L: Lab>(runner: Runner<L>, scenario: &Scenario) {
    let fresh = match L::build(scenario) {
        Ok(exp) => exp,
        Err(why) => return runner.error.set(Some(why)),
    };
    let kept = scenario.clone();
    with_page(runner, |p| p.scenario = Some(kept));
    let exp = runner.page_exp();
    match exp {
        Some(exp) if exp.try_borrow_mut().is_err() => runner.job(Box::new(move |exp| {
            Box::pin(async move {
                *exp.borrow_mut() = fresh;
                restart(runner);
            })
        })),
        Some(exp) => {
            *exp.borrow_mut() = fresh;
            restart(runner);
        }
        None => {
            with_page(runner, |p| p.exp = Some(std::rc::Rc::new(fresh.into())));
            restart(runner);
        }
    }
}

/// A fresh run: the snapshot gets its series whole.
fn restart<L: Lab>(runner: Runner<L>) {
    with_page(runner, |p| p.sent = Sent::default());
    publish(runner);
}

fn with_page<L: Lab>(runner: Runner<L>, f: impl FnOnce(&mut PageRun<L>)) {
    runner.engine.update_value(|e| {
        if let Some(Engine::Page(p)) = e {
            f(p);
        }
    });
}

/// One animation frame: the queued jobs, then work within the frame's budget.
pub(super) async fn frame<L: Lab>(runner: Runner<L>) {
    let Some(exp) = runner.page_exp() else { return };
    let mut jobs = Vec::new();
    with_page(runner, |p| jobs = std::mem::take(&mut p.jobs));
    for job in jobs {
        job(exp.clone()).await;
        publish(runner);
    }
    let Some((budget, quota)) = runner.due() else {
        return;
    };
    let now = now_ms();
    let result = turn(&exp, async |e: &mut L::Exp| {
        e.advance(now + budget, quota).await
    })
    .await;
    if let Err(why) = result {
        runner.error.set(Some(why));
        runner.playing.set(false);
    }
    let settled = !runner.playing.get_untracked() || exp.borrow().experiment().is_done();
    if settled || runner.redraw_due() {
        publish(runner);
    }
}

/// Copy the run into the snapshot (when the experiment is free).
pub(super) fn publish<L: Lab>(runner: Runner<L>) {
    let Some(exp) = runner.page_exp() else { return };
    let Ok(e) = exp.try_borrow() else { return };
    let mut sent = Sent::default();
    with_page(runner, |p| sent = std::mem::take(&mut p.sent));
    let view = runner.engine.with_value(|engine| match engine {
        Some(Engine::Page(PageRun {
            scenario: Some(s), ..
        })) => runner
            .settings
            .with_value(|settings| L::view(&e, s, settings)),
        _ => L::View::default(),
    });
    let frame = Frame::of(e.experiment(), &mut sent, Some(view), None);
    drop(e);
    with_page(runner, |p| p.sent = sent);
    runner.landed(frame);
}

/// Finish the current step (the → key); synchronous experiments answer at once.
pub(super) fn step<L: Lab>(runner: Runner<L>) {
    let Some(exp) = runner.page_exp() else { return };
    let free = exp.try_borrow_mut().is_ok();
    if free && !exp.borrow().waits() {
        exp.borrow_mut().experiment_mut().step();
        if let Err(why) = diverged(exp.borrow().experiment()) {
            runner.error.set(Some(why));
        }
        publish(runner);
        return;
    }
    runner.job(Box::new(move |exp| {
        Box::pin(async move {
            let result = turn(&exp, async |e: &mut L::Exp| e.step().await).await;
            if let Err(why) = result {
                runner.error.set(Some(why));
            }
        })
    }));
}

/// The checks of the run now, between steps.
pub(super) fn refresh_checks<L: Lab>(runner: Runner<L>, playing: bool) {
    let Some(exp) = runner.page_exp() else { return };
    if let Ok(e) = exp.try_borrow() {
        let c = checked::<L>(&e, playing);
        drop(e);
        return runner.checks_landed(c);
    }
    runner.job(Box::new(move |exp| {
        Box::pin(async move {
            let c = checked::<L>(&exp.borrow(), playing);
            runner.checks_landed(c);
        })
    }));
}

/// One of the lab's commands, between steps; the reply goes to the runner.
pub(super) fn command<L: Lab>(runner: Runner<L>, command: L::Command) {
    runner.job(Box::new(move |exp| {
        Box::pin(async move {
            let reply = turn(&exp, async |e: &mut L::Exp| L::command(e, command).await).await;
            runner.replied(reply);
            publish(runner);
        })
    }));
}
