"""The Bandit Arena benchmark experiment, vectorised over runs with NumPy.

10-armed testbed (q*(a) ~ N(0, 1), rewards ~ N(q*(a), 1)), 2000 runs x 1000 steps, for
epsilon-greedy (eps = 0.1, sample averages), UCB (c = 2) and Gaussian Thompson sampling
(prior N(0, 1), known noise sd 1). Like the Rust experiment, it records per step the mean
and 95% CI over runs of the reward, % optimal action and cumulative regret.

Prints one JSON line per agent: {"agent", "agent_steps", "seconds", "agent_steps_per_s"}.
"""

import json
import sys
import time

import numpy as np

RUNS, STEPS, ARMS = 2000, 1000, 10


def record(stats, t, reward, optimal, regret):
    n = reward.shape[0]
    for name, x in (("reward", reward), ("optimal", 100.0 * optimal), ("regret", regret)):
        stats[name][0][t] = x.mean()
        stats[name][1][t] = 1.96 * x.std(ddof=1) / np.sqrt(n)


def run(agent, rng):
    q = rng.normal(0.0, 1.0, (RUNS, ARMS))
    best = q.argmax(axis=1)
    best_value = q.max(axis=1)
    rows = np.arange(RUNS)
    est = np.zeros((RUNS, ARMS))
    pulls = np.zeros((RUNS, ARMS))
    sums = np.zeros((RUNS, ARMS))
    regret = np.zeros(RUNS)
    stats = {k: (np.zeros(STEPS), np.zeros(STEPS)) for k in ("reward", "optimal", "regret")}
    for t in range(STEPS):
        if agent == "epsilon-greedy":
            # Greedy with random tie-breaking, then explore with probability 0.1.
            noise = rng.random((RUNS, ARMS)) * 1e-9
            a = (est + noise).argmax(axis=1)
            explore = rng.random(RUNS) < 0.1
            a[explore] = rng.integers(0, ARMS, explore.sum())
        elif agent == "ucb":
            with np.errstate(divide="ignore", invalid="ignore"):
                bonus = 2.0 * np.sqrt(np.log(t + 1) / pulls)
            index = np.where(pulls == 0, np.inf, est + bonus)
            a = index.argmax(axis=1)
        else:  # Thompson sampling with a N(0, 1) prior and known noise sd 1
            precision = 1.0 + pulls
            mean = sums / precision
            a = (mean + rng.standard_normal((RUNS, ARMS)) / np.sqrt(precision)).argmax(axis=1)
        r = q[rows, a] + rng.standard_normal(RUNS)
        pulls[rows, a] += 1
        sums[rows, a] += r
        est[rows, a] += (r - est[rows, a]) / pulls[rows, a]
        regret += best_value - q[rows, a]
        record(stats, t, r, a == best, regret)
    return stats


def main():
    agents = sys.argv[1:] or ["epsilon-greedy", "ucb", "thompson"]
    rng = np.random.default_rng(1)
    for agent in agents:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            stats = run(agent, rng)
            best = min(best, time.perf_counter() - start)
        steps = RUNS * STEPS
        print(json.dumps({
            "agent": agent, "agent_steps": steps, "seconds": best,
            "agent_steps_per_s": steps / best, "final_avg_reward": float(stats["reward"][0][-1]),
        }))


if __name__ == "__main__":
    main()
