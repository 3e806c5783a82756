"""The Gridworld Lab benchmark in Python: the same Q-learning experiment as
`gridworld::benchmark_scenario()`, written twice.

- numpy: vectorised over the 100 runs, which step in lockstep (each run starts its next
  episode as soon as its last one ends). This is how one would make NumPy fast here: a
  single run's steps depend on each other and cannot be vectorised.
- python: plain Python, one run at a time (shortened to 5 runs; the rate is per step).

The environment is the slippery-lake preset (crates/core/presets/grid-slippery-lake.toml):
8x8, each move goes the intended way with probability 1/3 and to either side with 1/3;
holes end the episode with 0, G pays 1 and ends it; a move off the map stays put; 200-step
cap (truncation: the last step still bootstraps). Q-learning: epsilon = 0.1 (ties broken at
random), alpha = 0.1, gamma = 0.99, Q0 = 0, 2000 episodes per run.

Prints one JSON line per implementation: {"impl", "env_steps", "seconds",
"env_steps_per_s", "last_200_return"}.
"""

import json
import random
import sys
import time

import numpy as np

MAP = """
S.......
........
...H....
.....H..
...H....
.HH...H.
.H..H.H.
...H...G
"""
RUNS, EPISODES, CAP = 100, 2000, 200
EPSILON, ALPHA, GAMMA = 0.1, 0.1, 0.99
MOVES = [(0, -1), (-1, 0), (0, 1), (1, 0)]  # left, up, right, down (action order)
SIDES = [(1, 3), (0, 2), (1, 3), (0, 2)]  # the two perpendicular moves of each


def lake():
    """Next state per (state, direction), terminal flags, rewards on arrival, the start."""
    rows = [r for r in MAP.strip().split("\n")]
    n_rows, n_cols = len(rows), len(rows[0])
    n = n_rows * n_cols
    nxt = np.zeros((n, 4), dtype=np.int64)
    for r in range(n_rows):
        for c in range(n_cols):
            for d, (dr, dc) in enumerate(MOVES):
                rr, cc = r + dr, c + dc
                inside = 0 <= rr < n_rows and 0 <= cc < n_cols
                nxt[r * n_cols + c, d] = rr * n_cols + cc if inside else r * n_cols + c
    cells = "".join(rows)
    terminal = np.array([ch in "HG" for ch in cells])
    reward = np.array([1.0 if ch == "G" else 0.0 for ch in cells])
    return nxt, terminal, reward, cells.index("S")


def numpy_q_learning(rng):
    nxt, terminal, reward, start = lake()
    n = nxt.shape[0]
    rows = np.arange(RUNS)
    sides = np.array(SIDES)
    q = np.zeros((RUNS, n, 4))
    s = np.full(RUNS, start)
    t = np.zeros(RUNS, dtype=np.int64)
    done_episodes = np.zeros(RUNS, dtype=np.int64)
    ret = np.zeros(RUNS)
    returns = np.zeros((RUNS, EPISODES))
    steps = 0
    while (active := done_episodes < EPISODES).any():
        qs = q[rows, s]
        ties = qs >= qs.max(axis=1, keepdims=True) - 1e-9
        a = (ties * rng.random((RUNS, 4))).argmax(axis=1)
        explore = rng.random(RUNS) < EPSILON
        a[explore] = rng.integers(0, 4, explore.sum())
        u = rng.random(RUNS)
        d = np.where(u < 1 / 3, a, np.where(u < 2 / 3, sides[a, 0], sides[a, 1]))
        s2 = nxt[s, d]
        r = reward[s2]
        end = terminal[s2]
        target = r + GAMMA * np.where(end, 0.0, q[rows, s2].max(axis=1))
        q[rows, s, a] += np.where(active, ALPHA * (target - q[rows, s, a]), 0.0)
        steps += int(active.sum())
        ret += r
        t += 1
        over = (end | (t == CAP)) & active
        returns[rows[over], done_episodes[over]] = ret[over]
        done_episodes += over
        ret[over], t[over] = 0.0, 0
        s = np.where(over, start, s2)
    return steps, returns[:, -200:].mean()


def python_q_learning(runs, seed):
    nxt, terminal, reward, start = lake()
    nxt, terminal, reward = nxt.tolist(), terminal.tolist(), reward.tolist()
    rng = random.Random(seed)
    steps, late = 0, 0.0
    for _ in range(runs):
        q = [[0.0] * 4 for _ in nxt]
        for episode in range(EPISODES):
            s, ret = start, 0.0
            for _ in range(CAP):
                row = q[s]
                if rng.random() < EPSILON:
                    a = rng.randrange(4)
                else:
                    best = max(row)
                    a = rng.choice([i for i in range(4) if row[i] >= best - 1e-9])
                u = rng.random()
                d = a if u < 1 / 3 else SIDES[a][0] if u < 2 / 3 else SIDES[a][1]
                s2 = nxt[s][d]
                r = reward[s2]
                boot = 0.0 if terminal[s2] else max(q[s2])
                row[a] += ALPHA * (r + GAMMA * boot - row[a])
                steps += 1
                ret += r
                s = s2
                if terminal[s2]:
                    break
            if episode >= EPISODES - 200:
                late += ret / 200 / runs
    return steps, late


def report(name, fn):
    best, result = float("inf"), None
    for _ in range(3 if name == "numpy" else 1):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    steps, late = result
    print(json.dumps({
        "impl": name, "env_steps": steps, "seconds": best,
        "env_steps_per_s": steps / best, "last_200_return": float(late),
    }))


def main():
    which = sys.argv[1:] or ["numpy", "python"]
    if "numpy" in which:
        report("numpy", lambda: numpy_q_learning(np.random.default_rng(1)))
    if "python" in which:
        report("python", lambda: python_q_learning(5, 1))


if __name__ == "__main__":
    main()
