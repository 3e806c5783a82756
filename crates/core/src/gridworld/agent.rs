//! Learners that learn from experience: one [`Agent`] per learner and run, with its own
//! tables and random streams, playing one episode at a time.
//!
//! Every agent draws from the same streams for the same run — `(seed, [run, ENV])` for
//! starts, moves and reward noise, `(seed, [run, ACT])` for its choices — without its own
//! index: two learners that behave alike see identical episodes (common random numbers),
//! which is what makes the reward-shift identity exact and curves less noisy side by side.

use crate::mdp::Mdp;
use crate::rng::Rng;
use crate::scenario::{GridLearner, LearnerKind};

use super::bonus::Shaping;
use super::explore::{Explorer, MAX_ACTIONS};
use super::novelty::{AugmentedRows, Episodic, bit};
use super::policy::{first_max, max_of};
use super::psrl::Psrl;
use super::streams;
use super::td::{self, Backup};

/// How an agent learns.
#[derive(Clone, Debug, PartialEq)]
enum Method {
    /// One-step TD with this backup (Q-learning, SARSA, expected SARSA).
    OneStep(Backup),
    /// The mixed backup, κ moving linearly from `start` (first episode) to `end` (last).
    Mixed {
        start: f64,
        end: f64,
    },
    DoubleQ,
    NStep(usize),
    MonteCarlo,
    Psrl(Box<Psrl>),
}

/// What run 1 keeps for the page and the Verify panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// The states of the last episode, from its start to where it ended.
    pub path: Vec<usize>,
    /// FNV-1a hash of every action taken so far, and their number.
    pub actions_hash: u64,
    pub actions: u64,
}

/// The states, actions and (shaped) rewards of the episode so far, for learners that look
/// back over it (n-step SARSA, Monte Carlo): rewards[t] follows actions[t] in states[t].
#[derive(Clone, Debug, Default, PartialEq)]
struct Trace {
    states: Vec<usize>,
    actions: Vec<usize>,
    rewards: Vec<f64>,
}

impl Trace {
    fn clear(&mut self) {
        self.states.clear();
        self.actions.clear();
        self.rewards.clear();
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    method: Method,
    /// Step size; None: sample averages (Monte Carlo only).
    alpha: Option<f64>,
    explorer: Explorer,
    shaping: Shaping,
    /// The episodic novelty bonus and the visited set (learners with the option).
    novelty: Option<Episodic>,
    /// Some: the table is indexed by (state, visited set), a row per pair met.
    augmented: Option<AugmentedRows>,
    /// Q(x, a), row-major by table row x: the state, or the row of a (state, visited set)
    /// pair ([`Agent::table_states`]). Double Q-learning's first table.
    pub q: Vec<f64>,
    /// Double Q-learning's second table (empty otherwise).
    pub q2: Vec<f64>,
    /// Q₀, for rows of a (state, visited set) table made as they are met.
    initial: f64,
    terminal: Vec<bool>,
    actions: usize,
    /// Monte Carlo: first visits per (s, a), and the episode each (s, a) was last seen in.
    first_visits: Vec<u32>,
    seen_in: Vec<u32>,
    /// Times each state was occupied (starts and arrivals).
    pub visits: Vec<u32>,
    /// Episodes played.
    pub episodes: usize,
    /// Episodes this agent will play (the mixed backup anneals over them).
    horizon: usize,
    env: Rng,
    act: Rng,
    pub record: Option<Record>,
    trace: Trace,
}

/// What one episode gave: its undiscounted return (the environment's rewards, before any
/// shaping), the start value max Q afterwards, and for learners with the novelty option the
/// share of states it visited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpisodeResult {
    pub ret: f64,
    pub start_value: f64,
    pub coverage: Option<f64>,
}

impl Agent {
    /// An agent for `spec` in run `run` (run 0 keeps a [`Record`]); None for planners,
    /// which do not learn from experience.
    pub fn new(
        spec: &GridLearner,
        mdp: &Mdp,
        seed: u64,
        run: usize,
        episodes: usize,
    ) -> Option<Agent> {
        let (n, k) = (mdp.states, mdp.actions);
        let (alpha, explore) = match spec.kind() {
            LearnerKind::Experience(alpha, e) => (alpha, e),
            _ => (None, Default::default()),
        };
        let stream = |tag| Rng::stream(seed, &[run as u64, tag]);
        let method = match spec {
            GridLearner::QLearning(_) => Method::OneStep(Backup::Max),
            GridLearner::Sarsa(_) => Method::OneStep(Backup::Sample),
            GridLearner::ExpectedSarsa(_) => Method::OneStep(Backup::Expected),
            GridLearner::DoubleQLearning(_) => Method::DoubleQ,
            GridLearner::NStepSarsa(s) => Method::NStep(s.n),
            GridLearner::MonteCarlo(_) => Method::MonteCarlo,
            GridLearner::MixedBackup(s) => Method::Mixed {
                start: s.kappa_start,
                end: s.kappa_end,
            },
            GridLearner::Psrl(s) => {
                Method::Psrl(Box::new(Psrl::new(s.prior, mdp, stream(streams::PSRL))))
            }
            GridLearner::PolicyEvaluation(_)
            | GridLearner::ValueIteration(_)
            | GridLearner::PolicyIteration(_) => return None,
        };
        let explorer = match method {
            Method::Psrl(_) => Explorer::GREEDY,
            _ => Explorer {
                epsilon: explore.epsilon,
                temperature: explore.temperature,
            },
        };
        let table = |init: f64| {
            (0..n)
                .flat_map(|s| std::iter::repeat_n(if mdp.terminal[s] { 0.0 } else { init }, k))
                .collect::<Vec<f64>>()
        };
        let double = matches!(method, Method::DoubleQ);
        let novelty = spec.novelty();
        // A (state, visited set) table starts empty and grows as pairs are met.
        let (augmented, q) = if novelty.state {
            (Some(AugmentedRows::new(n)), Vec::new())
        } else {
            (None, table(explore.initial))
        };
        Some(Agent {
            alpha,
            explorer,
            shaping: Shaping::new(&explore, n, k),
            novelty: novelty.used().then(|| Episodic::new(novelty.beta, n)),
            augmented,
            q2: if double { q.clone() } else { Vec::new() },
            q,
            initial: explore.initial,
            terminal: mdp.terminal.clone(),
            actions: k,
            first_visits: vec![0; n * k],
            seen_in: vec![0; n * k],
            visits: vec![0; n],
            episodes: 0,
            horizon: episodes,
            env: stream(streams::ENV),
            act: stream(streams::ACT),
            record: (run == 0).then(Record::default),
            trace: Trace::default(),
            method,
        })
    }

    /// Play one episode and learn from it.
    pub fn episode(&mut self, mdp: &Mdp) -> EpisodeResult {
        let ret = match &mut self.method {
            Method::OneStep(backup) => {
                let backup = *backup;
                self.one_step_episode(mdp, backup)
            }
            Method::Mixed { start, end } => {
                let (start, end) = (*start, *end);
                let kappa = self.kappa(start, end);
                self.one_step_episode(mdp, Backup::Mixed(kappa))
            }
            Method::DoubleQ => self.double_q_episode(mdp),
            Method::NStep(n) => {
                let n = *n;
                self.n_step_episode(mdp, n)
            }
            Method::MonteCarlo => self.monte_carlo_episode(mdp),
            Method::Psrl(p) => {
                p.plan(mdp, &mut self.q);
                self.psrl_episode(mdp)
            }
        };
        self.episodes += 1;
        EpisodeResult {
            ret,
            start_value: self.start_value(mdp),
            coverage: self.novelty.as_ref().map(Episodic::coverage),
        }
    }

    /// The mixed backup's κ this episode: linear from `start` in the first episode to
    /// `end` in the last.
    fn kappa(&self, start: f64, end: f64) -> f64 {
        let progress = if self.horizon > 1 {
            (self.episodes as f64 / (self.horizon - 1) as f64).min(1.0)
        } else {
            0.0
        };
        start + (end - start) * progress
    }

    /// Σ_s start(s)·maxₐ Q(s, a): what the agent thinks an episode is worth. A (state,
    /// visited set) table is read at (s, {s}), where every episode from s begins.
    pub fn start_value(&self, mdp: &Mdp) -> f64 {
        mdp.start
            .iter()
            .enumerate()
            .filter(|&(_, &p)| p > 0.0)
            .map(|(s, p)| p * max_of(&self.start_row(s)[..self.actions]))
            .sum()
    }

    /// The row an episode from s starts in.
    fn start_row(&self, s: usize) -> [f64; MAX_ACTIONS] {
        match &self.augmented {
            None => self.table_row(s),
            Some(t) => t
                .find(s, bit(s))
                .map_or_else(|| self.fresh_row(s), |x| self.table_row(x)),
        }
    }

    /// The action values of state s, as the map shows them: the row the agent acts on, or
    /// for a (state, visited set) table the average of s's rows weighted by how often each
    /// was occupied (what the agent valued in s, over the situations it was in).
    pub fn row(&self, s: usize) -> [f64; MAX_ACTIONS] {
        let Some(t) = &self.augmented else {
            return self.table_row(s);
        };
        let total: f64 = t.by_state[s].iter().map(|&x| f64::from(t.uses[x])).sum();
        if total == 0.0 {
            return self.fresh_row(s);
        }
        let mut row = [0.0; MAX_ACTIONS];
        for &x in &t.by_state[s] {
            let w = f64::from(t.uses[x]) / total;
            for (m, q) in row.iter_mut().zip(self.table_row(x)) {
                *m += w * q;
            }
        }
        row
    }

    /// The action values the agent acts on in table row x (double Q-learning: the average
    /// of its two tables).
    #[inline]
    fn table_row(&self, x: usize) -> [f64; MAX_ACTIONS] {
        let k = self.actions;
        let mut row = [0.0; MAX_ACTIONS];
        row[..k].copy_from_slice(&self.q[x * k..(x + 1) * k]);
        if matches!(self.method, Method::DoubleQ) {
            for (v, y) in row.iter_mut().zip(&self.q2[x * k..(x + 1) * k]) {
                *v = 0.5 * (*v + y);
            }
        }
        row
    }

    /// What a row of state s holds before any update: Q₀, or 0 in a terminal state.
    fn fresh_row(&self, s: usize) -> [f64; MAX_ACTIONS] {
        let v = if self.terminal[s] { 0.0 } else { self.initial };
        [v; MAX_ACTIONS]
    }

    /// The table row the agent is in at state s, counting the visit: s itself, or the row
    /// of (s, visited set), made from Q₀ when new. Call once per occupied state, after
    /// the novelty set has taken s in.
    #[inline]
    fn enter(&mut self, s: usize) -> usize {
        let Some(t) = &mut self.augmented else {
            return s;
        };
        let set = self.novelty.as_ref().map_or(0, |n| n.mask);
        let (x, new) = t.occupy(s, set);
        if new {
            let row = self.fresh_row(s);
            self.q.extend_from_slice(&row[..self.actions]);
            if matches!(self.method, Method::DoubleQ) {
                self.q2.extend_from_slice(&row[..self.actions]);
            }
        }
        x
    }

    /// The (state, visited set) of each table row, in row order; None for a table
    /// indexed by state.
    pub fn table_states(&self) -> Option<&[(usize, u32)]> {
        self.augmented.as_ref().map(|t| t.keys.as_slice())
    }

    /// The episodic novelty state after the last episode (learners with the option).
    pub fn novelty(&self) -> Option<&Episodic> {
        self.novelty.as_ref()
    }

    /// The shaped reward of a step, plus the novelty bonus of arriving in s2 (which also
    /// takes s2 into the visited set).
    #[inline]
    fn learning_reward(&mut self, s: usize, a: usize, s2: usize, r: f64) -> f64 {
        let r = self.shaping.reward(s, a, s2, r);
        match &mut self.novelty {
            Some(n) => r + n.arrive(s2),
            None => r,
        }
    }

    fn choose(&mut self, x: usize) -> usize {
        let row = self.table_row(x);
        self.explorer.choose(&row[..self.actions], &mut self.act)
    }

    fn alpha(&self) -> f64 {
        self.alpha.unwrap_or(1.0)
    }

    /// Draw the episode's start state.
    fn begin(&mut self, mdp: &Mdp) -> usize {
        let s = mdp.sample_start(&mut self.env);
        self.visits[s] += 1;
        if let Some(n) = &mut self.novelty {
            n.start(s);
        }
        if let Some(r) = &mut self.record {
            r.path.clear();
            r.path.push(s);
        }
        s
    }

    /// Take action a in s: the next state and the environment's reward.
    fn act(&mut self, mdp: &Mdp, s: usize, a: usize) -> (usize, f64) {
        let (s2, r) = mdp.sample(s, a, &mut self.env);
        self.visits[s2] += 1;
        if let Some(rec) = &mut self.record {
            rec.path.push(s2);
            rec.actions_hash = (rec.actions_hash ^ a as u64).wrapping_mul(0x0000_0100_0000_01b3);
            rec.actions += 1;
        }
        (s2, r)
    }

    /// Q-learning, SARSA, expected SARSA and the mixed backup. SARSA picks its next action
    /// before the update (the target needs it); the others update first, then pick.
    /// s is the state, x its table row (the same but for (state, visited set) tables).
    fn one_step_episode(&mut self, mdp: &Mdp, backup: Backup) -> f64 {
        let (k, gamma, alpha) = (self.actions, mdp.gamma, self.alpha());
        let mut s = self.begin(mdp);
        let mut x = self.enter(s);
        let mut a = self.choose(x);
        let mut ret = 0.0;
        for _ in 0..mdp.episode_cap {
            let (s2, r) = self.act(mdp, s, a);
            ret += r;
            let r = self.learning_reward(s, a, s2, r);
            let x2 = self.enter(s2);
            let end = mdp.terminal[s2];
            let next = if backup == Backup::Sample && !end {
                Some(self.choose(x2))
            } else {
                None
            };
            let b = if end {
                0.0
            } else {
                let row = &self.q[x2 * k..(x2 + 1) * k];
                td::bootstrap(backup, row, next.unwrap_or(0), &self.explorer)
            };
            td::step(&mut self.q[x * k + a], r + gamma * b, alpha);
            if end {
                break;
            }
            a = match next {
                Some(a2) => a2,
                None => self.choose(x2),
            };
            (s, x) = (s2, x2);
        }
        ret
    }

    /// Double Q-learning: a fair coin picks the table to update; it bootstraps from the
    /// other table at its own greedy action, which removes max's upward bias.
    fn double_q_episode(&mut self, mdp: &Mdp) -> f64 {
        let (k, gamma, alpha) = (self.actions, mdp.gamma, self.alpha());
        let mut s = self.begin(mdp);
        let mut x = self.enter(s);
        let mut ret = 0.0;
        for _ in 0..mdp.episode_cap {
            let a = self.choose(x);
            let (s2, r) = self.act(mdp, s, a);
            ret += r;
            let r = self.learning_reward(s, a, s2, r);
            let x2 = self.enter(s2);
            let end = mdp.terminal[s2];
            let first = self.act.uniform() < 0.5;
            let (update, other) = if first {
                (&mut self.q, &self.q2)
            } else {
                (&mut self.q2, &self.q)
            };
            let b = if end {
                0.0
            } else {
                let best = first_max(&update[x2 * k..(x2 + 1) * k]);
                other[x2 * k + best]
            };
            td::step(&mut update[x * k + a], r + gamma * b, alpha);
            if end {
                break;
            }
            (s, x) = (s2, x2);
        }
        ret
    }

    /// Play an episode without learning during it, keeping its trace (Monte Carlo).
    fn play(&mut self, mdp: &Mdp) -> f64 {
        let mut trace = std::mem::take(&mut self.trace);
        trace.clear();
        let mut s = self.begin(mdp);
        trace.states.push(s);
        let mut ret = 0.0;
        for _ in 0..mdp.episode_cap {
            let a = self.choose(s);
            trace.actions.push(a);
            let (s2, r) = self.act(mdp, s, a);
            ret += r;
            trace.rewards.push(self.shaping.reward(s, a, s2, r));
            trace.states.push(s2);
            s = s2;
            if mdp.terminal[s2] {
                break;
            }
        }
        self.trace = trace;
        ret
    }

    /// n-step SARSA (Sutton & Barto §7.2, online): at time t the pair of time τ = t − n + 1
    /// moves toward Σ γ^(i−τ−1) R_i over the next n rewards plus γⁿ Q(S_τ+n, A_τ+n). An
    /// episode cut short by the cap at time T still bootstraps, from Q(S_T, A_T), with
    /// A_T the action the policy picked there.
    fn n_step_episode(&mut self, mdp: &Mdp, n: usize) -> f64 {
        let (k, gamma, alpha) = (self.actions, mdp.gamma, self.alpha());
        let mut tr = std::mem::take(&mut self.trace);
        tr.clear();
        let s0 = self.begin(mdp);
        tr.states.push(s0);
        let a0 = self.choose(s0);
        tr.actions.push(a0);
        let (mut t_end, mut cut, mut ret) = (usize::MAX, false, 0.0);
        let mut t = 0;
        loop {
            if t < t_end {
                let (s, a) = (tr.states[t], tr.actions[t]);
                let (s2, r) = self.act(mdp, s, a);
                ret += r;
                tr.rewards.push(self.shaping.reward(s, a, s2, r));
                tr.states.push(s2);
                if mdp.terminal[s2] {
                    t_end = t + 1;
                } else {
                    let a2 = self.choose(s2);
                    tr.actions.push(a2);
                    if t + 1 == mdp.episode_cap {
                        (t_end, cut) = (t + 1, true);
                    }
                }
            }
            if t + 1 >= n {
                let tau = t + 1 - n;
                let last = (tau + n).min(t_end);
                let mut g = 0.0;
                let mut discount = 1.0;
                for i in tau + 1..=last {
                    g += discount * tr.rewards[i - 1];
                    discount *= gamma;
                }
                if last < t_end || cut {
                    g += discount * self.q[tr.states[last] * k + tr.actions[last]];
                }
                let sa = tr.states[tau] * k + tr.actions[tau];
                td::step(&mut self.q[sa], g, alpha);
                if tau + 1 == t_end {
                    break;
                }
            }
            t += 1;
        }
        self.trace = tr;
        ret
    }

    /// First-visit Monte Carlo control: after the episode, each (s, a) first visited at
    /// time t moves toward the return from t (1/N: the sample average; or α).
    fn monte_carlo_episode(&mut self, mdp: &Mdp) -> f64 {
        let ret = self.play(mdp);
        let (k, gamma) = (self.actions, mdp.gamma);
        let stamp = self.episodes as u32 + 1;
        let steps = self.trace.states.len() - 1;
        let mut first = vec![false; steps];
        for (t, f) in first.iter_mut().enumerate() {
            let sa = self.trace.states[t] * k + self.trace.actions[t];
            *f = self.seen_in[sa] != stamp;
            self.seen_in[sa] = stamp;
        }
        let mut g = 0.0;
        for t in (0..steps).rev() {
            g = gamma * g + self.trace.rewards[t];
            if first[t] {
                let sa = self.trace.states[t] * k + self.trace.actions[t];
                self.first_visits[sa] += 1;
                let step = self.alpha.unwrap_or(1.0 / f64::from(self.first_visits[sa]));
                td::step(&mut self.q[sa], g, step);
            }
        }
        ret
    }

    /// PSRL: the table holds the sampled model's optimal Q (planned at the episode's
    /// start); act greedily on it and tell the posterior what happened.
    fn psrl_episode(&mut self, mdp: &Mdp) -> f64 {
        let mut s = self.begin(mdp);
        let mut ret = 0.0;
        for _ in 0..mdp.episode_cap {
            let a = self.choose(s);
            let (s2, r) = self.act(mdp, s, a);
            ret += r;
            if let Method::Psrl(p) = &mut self.method {
                p.observe(s, a, s2, r);
            }
            if mdp.terminal[s2] {
                break;
            }
            s = s2;
        }
        ret
    }

    /// The posterior of a PSRL agent.
    pub fn psrl(&self) -> Option<&Psrl> {
        match &self.method {
            Method::Psrl(p) => Some(p),
            _ => None,
        }
    }

    /// Visit counts N(s, a) as the bonuses see them.
    pub fn count(&self, s: usize, a: usize) -> u32 {
        self.shaping.counts.n(s, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gridworld::Grid;
    use crate::mdp::stay_or_go;
    use crate::scenario::{GridEnv, MixedSpec, MonteCarloSpec, NStepSpec, PsrlSpec, TdSpec};

    fn td(alpha: f64, epsilon: f64) -> TdSpec {
        TdSpec {
            alpha,
            epsilon,
            ..TdSpec::default()
        }
    }

    fn train(spec: &GridLearner, mdp: &Mdp, episodes: usize) -> Agent {
        let mut agent = Agent::new(spec, mdp, 7, 0, episodes).unwrap();
        for _ in 0..episodes {
            agent.episode(mdp);
        }
        agent
    }

    /// With deterministic moves and rewards, each update is a contraction toward the
    /// target, so a constant step size converges exactly.
    #[test]
    fn q_learning_and_double_q_learning_find_q_star() {
        let mdp = stay_or_go(30);
        for spec in [
            GridLearner::QLearning(td(0.5, 0.5)),
            GridLearner::DoubleQLearning(td(0.5, 0.5)),
        ] {
            let agent = train(&spec, &mdp, 3000);
            let q = agent.row(0);
            assert!(
                (q[0] - 10.0).abs() < 1e-6 && (q[1] - 5.0).abs() < 1e-6,
                "{spec:?}: {q:?}"
            );
        }
    }

    /// Expected SARSA learns Q of its own ε-greedy policy. With "stay" greedy and ε = 0.2,
    /// π(stay) = 0.9: Q(stay) = 1 + 0.9·(0.9·Q(stay) + 0.1·5), so Q(stay) = 1.45/0.19.
    #[test]
    fn expected_sarsa_finds_the_value_of_its_epsilon_greedy_policy() {
        let mdp = stay_or_go(30);
        let agent = train(&GridLearner::ExpectedSarsa(td(0.5, 0.2)), &mdp, 3000);
        let q = agent.row(0);
        assert!(
            (q[0] - 1.45 / 0.19).abs() < 1e-6 && (q[1] - 5.0).abs() < 1e-6,
            "{q:?}"
        );
    }

    /// SARSA's target samples the next action, so its Q wanders around Q_π; a small step
    /// size keeps it near (the same answer as expected SARSA's, on average).
    #[test]
    fn sarsa_hovers_around_the_value_of_its_policy() {
        let mdp = stay_or_go(30);
        let agent = train(&GridLearner::Sarsa(td(0.002, 0.2)), &mdp, 30_000);
        let q = agent.row(0);
        assert!((q[0] - 1.45 / 0.19).abs() < 0.1, "{q:?}");
    }

    /// One-step SARSA is n-step SARSA with n = 1; κ = 1 makes the mixed backup
    /// Q-learning and κ = 0 expected SARSA. Same streams: the same numbers, bit for bit.
    #[test]
    fn special_cases_are_the_learners_they_reduce_to() {
        let mdp = stay_or_go(30);
        let same = |a: GridLearner, b: GridLearner| {
            let (x, y) = (train(&a, &mdp, 300), train(&b, &mdp, 300));
            assert_eq!(x.q, y.q, "{a:?} vs {b:?}");
            assert_eq!(x.record, y.record);
        };
        let n_step = |n| NStepSpec {
            n,
            alpha: 0.3,
            epsilon: 0.3,
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            label: None,
        };
        let mixed = |k| MixedSpec {
            kappa_start: k,
            kappa_end: k,
            alpha: 0.3,
            epsilon: 0.3,
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            label: None,
        };
        same(
            GridLearner::NStepSarsa(n_step(1)),
            GridLearner::Sarsa(td(0.3, 0.3)),
        );
        same(
            GridLearner::MixedBackup(mixed(1.0)),
            GridLearner::QLearning(td(0.3, 0.3)),
        );
        same(
            GridLearner::MixedBackup(mixed(0.0)),
            GridLearner::ExpectedSarsa(td(0.3, 0.3)),
        );
    }

    fn corridor(map: &str, moves: &[crate::scenario::Move]) -> Grid {
        let env = GridEnv {
            map: map.into(),
            gamma: 0.9,
            step_reward: -1.0,
            edge_reward: None,
            slip: 0.0,
            wind: vec![],
            moves: moves.to_vec(),
            episode_cap: 50,
            cells: Default::default(),
            dynamics: Default::default(),
        };
        Grid::compile(&env).unwrap()
    }

    /// On "S..G" with the single move right, every episode is −1, −1, +1: n-step SARSA
    /// (n = 2, bootstrapping where the episode goes on) converges to the exact values.
    #[test]
    fn n_step_sarsa_converges_on_a_corridor() {
        let g = corridor("S..G", &[crate::scenario::Move::Right]);
        let spec = GridLearner::NStepSarsa(NStepSpec {
            n: 2,
            alpha: 0.5,
            epsilon: 0.0,
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            label: None,
        });
        let agent = train(&spec, g.mdp(), 200);
        let q = |c| agent.q[g.state_at(0, c).unwrap()];
        assert!((q(2) - 1.0).abs() < 1e-9);
        assert!((q(1) - (-1.0 + 0.9)).abs() < 1e-9);
        assert!((q(0) - (-1.0 - 0.9 + 0.81)).abs() < 1e-9);
    }

    /// First-visit Monte Carlo with sample averages: after one episode each (s, a) holds
    /// the return that followed its first visit, recomputed here from the trace.
    #[test]
    fn monte_carlo_averages_first_visit_returns() {
        use crate::scenario::Move;
        let g = corridor("S...G", &[Move::Left, Move::Right]);
        let spec = GridLearner::MonteCarlo(MonteCarloSpec {
            alpha: None,
            epsilon: 1.0,
            temperature: 0.0,
            initial: 0.0,
            bonus: 0.0,
            reward_shift: 0.0,
            info_gain: 0.0,
            label: None,
        });
        let mdp = g.mdp();
        let mut agent = Agent::new(&spec, mdp, 3, 0, 1).unwrap();
        agent.episode(mdp);
        let tr = agent.trace.clone();
        assert!(
            tr.actions.len() > 4,
            "a random walk revisits pairs: {:?}",
            tr.states
        );
        let mut checked = std::collections::HashSet::new();
        for t in 0..tr.actions.len() {
            let sa = tr.states[t] * 2 + tr.actions[t];
            if checked.insert(sa) {
                let g_t: f64 = tr.rewards[t..]
                    .iter()
                    .enumerate()
                    .map(|(i, r)| 0.9f64.powi(i as i32) * r)
                    .sum();
                assert!((agent.q[sa] - g_t).abs() < 1e-9, "pair {sa}");
            }
        }
    }

    /// PSRL on stay-or-go: after a few dozen episodes its sampled models agree that
    /// staying is best, and it stays.
    #[test]
    fn psrl_learns_to_stay() {
        let mdp = stay_or_go(30);
        let spec = GridLearner::Psrl(PsrlSpec {
            prior: 1.0,
            label: None,
        });
        let agent = train(&spec, &mdp, 60);
        let q = agent.row(0);
        assert!(q[0] > q[1] && (q[0] - 10.0).abs() < 1.0, "{q:?}");
        let p = agent.psrl().unwrap();
        assert!(p.transition_count(0, 0, 0) > 20 * p.transition_count(0, 1, 1));
    }

    /// A reward shift c is Q₀ moved by c/(1 − γ): same actions, Q apart by the constant.
    #[test]
    fn a_reward_shift_is_a_shifted_initial_value() {
        let mut mdp = stay_or_go(30);
        // Make it continuing: "go" now returns to state 0 as well.
        mdp.outcomes[1][0].next = 0;
        mdp.terminal[1] = false;
        mdp.outcomes[2] = mdp.outcomes[0].clone();
        mdp.outcomes[3] = mdp.outcomes[1].clone();
        let shifted = GridLearner::QLearning(TdSpec {
            reward_shift: -1.0,
            ..td(0.2, 0.2)
        });
        let optimistic = GridLearner::QLearning(TdSpec {
            initial: 1.0 / (1.0 - 0.9),
            ..td(0.2, 0.2)
        });
        let (a, b) = (train(&shifted, &mdp, 100), train(&optimistic, &mdp, 100));
        assert_eq!(
            a.record.as_ref().unwrap().actions_hash,
            b.record.as_ref().unwrap().actions_hash
        );
        for (x, y) in a.q.iter().zip(&b.q) {
            assert!((y - x - 10.0).abs() < 1e-9, "{x} {y}");
        }
    }

    fn novelty_td(state: bool) -> TdSpec {
        TdSpec {
            alpha: 0.5,
            epsilon: 1.0,
            novelty: 1.0,
            novelty_state: state,
            ..TdSpec::default()
        }
    }

    /// The columns of a visited set on a one-row map.
    fn columns(g: &Grid, set: u32) -> Vec<usize> {
        (0..g.states())
            .filter(|&s| set & bit(s) != 0)
            .map(|s| g.cell_of(s).1)
            .collect()
    }

    /// One episode: the table's states are exactly the (cell, cells visited so far) pairs
    /// of its path, in the order met. Many episodes: on a line every set is an interval
    /// holding the start and the cell.
    #[test]
    fn the_augmented_table_is_indexed_by_cell_and_visited_set() {
        use crate::scenario::Move;
        let g = corridor(".....S.....", &[Move::Left, Move::Right]);
        let mdp = g.mdp();
        let spec = GridLearner::QLearning(novelty_td(true));
        let mut agent = Agent::new(&spec, mdp, 5, 0, 100).unwrap();
        let r = agent.episode(mdp);
        let path = agent.record.as_ref().unwrap().path.clone();
        let mut want: Vec<(usize, u32)> = Vec::new();
        let mut set = 0;
        for &s in &path {
            set |= 1 << s;
            if !want.contains(&(s, set)) {
                want.push((s, set));
            }
        }
        assert_eq!(agent.table_states().unwrap(), want.as_slice());
        assert_eq!(agent.q.len(), 2 * want.len());
        // The return is the environment's (−1 a step); the bonus is not in it.
        assert_eq!(r.ret, -((path.len() - 1) as f64));
        let n = agent.novelty().unwrap();
        assert_eq!(n.paid, (n.distinct - 1) as f64);
        assert_eq!(r.coverage, Some(n.distinct as f64 / 11.0));
        for _ in 0..99 {
            agent.episode(mdp);
        }
        let start = g
            .cell_of(mdp.start.iter().position(|&p| p > 0.0).unwrap())
            .1;
        for &(s, set) in agent.table_states().unwrap() {
            let cols = columns(&g, set);
            let (lo, hi) = (cols[0], cols[cols.len() - 1]);
            assert_eq!(hi - lo + 1, cols.len(), "an interval: {cols:?}");
            assert!(cols.contains(&start) && cols.contains(&g.cell_of(s).1));
        }
    }

    /// On "..S.." (left and right, −1 a step, γ = 0.9) with a bonus of 1 for each new cell,
    /// the best plan in the (cell, visited set) MDP sweeps to one end and then to the
    /// other: bonuses after steps 1, 2, 5 and 6, so V*(S, {S}) = −1/(1 − γ) + 1 + γ + γ⁴ +
    /// γ⁵ (going back sooner gets them later). Q-learning and double Q-learning on that
    /// table find it exactly: moves and rewards are deterministic. A table by cell cannot
    /// even represent it: its start value is off.
    #[test]
    fn augmented_learners_find_the_value_of_sweeping() {
        use crate::scenario::Move;
        let g = corridor("..S..", &[Move::Left, Move::Right]);
        let gamma: f64 = 0.9;
        let want = -1.0 / (1.0 - gamma) + 1.0 + gamma + gamma.powi(4) + gamma.powi(5);
        for spec in [
            GridLearner::QLearning(novelty_td(true)),
            GridLearner::DoubleQLearning(novelty_td(true)),
        ] {
            let agent = train(&spec, g.mdp(), 3000);
            let v = agent.start_value(g.mdp());
            assert!((v - want).abs() < 1e-6, "{spec:?}: {v} vs {want}");
        }
        let plain = train(&GridLearner::QLearning(novelty_td(false)), g.mdp(), 3000);
        assert!((plain.start_value(g.mdp()) - want).abs() > 0.1);
    }

    /// With β = 0 the novelty machinery (the visited set, a bonus of 0 added to every
    /// reward) changes nothing: each one-step TD learner's numbers stay bit for bit.
    #[test]
    fn a_zero_novelty_bonus_leaves_the_learners_unchanged() {
        use crate::scenario::Move;
        let g = corridor("S...G", &[Move::Left, Move::Right]);
        let mdp = g.mdp();
        for spec in [
            GridLearner::QLearning(td(0.3, 0.3)),
            GridLearner::Sarsa(td(0.3, 0.3)),
            GridLearner::ExpectedSarsa(td(0.3, 0.3)),
            GridLearner::DoubleQLearning(td(0.3, 0.3)),
        ] {
            let mut plain = Agent::new(&spec, mdp, 7, 0, 300).unwrap();
            let mut zero = plain.clone();
            zero.novelty = Some(Episodic::new(0.0, mdp.states));
            for _ in 0..300 {
                let (a, b) = (plain.episode(mdp), zero.episode(mdp));
                assert_eq!((a.ret, a.start_value), (b.ret, b.start_value));
                assert!(a.coverage.is_none() && b.coverage.is_some());
            }
            assert_eq!(plain.q, zero.q, "{spec:?}");
            assert_eq!(plain.q2, zero.q2);
            assert_eq!(plain.record, zero.record);
        }
    }
}
