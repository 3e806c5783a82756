// The Bandit Arena's workers' CPU time, read from a Chromium trace (bench/bandit_bench.mjs
// measures it, bench/report.mjs reports it): what the page costs per agent-step whatever
// the machine, and the busiest worker, which bounds a run on a machine with a core for
// every worker (the head, which also reads and folds in the others' parts).

/** CPU milliseconds of each Web Worker thread in a trace's events, busiest first. */
export function workerCpuMs(events) {
  const workerThreads = new Set(events.filter((e) => e.name === "thread_name" && e.args.name.startsWith("DedicatedWorker")).map((e) => `${e.pid}:${e.tid}`));
  const ms = new Map();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph === "X" && e.name === "RunTask" && workerThreads.has(thread)) ms.set(thread, (ms.get(thread) ?? 0) + (e.tdur ?? e.dur) / 1000);
  }
  return [...ms.values()].filter((t) => t > 1).sort((a, b) => b - a);
}

export const CREW_CPU_HEADING = "agent-steps per worker CPU-second / native; the busiest worker's CPU time";

/** One agent's row of bandit_bench.json, its crews' CPU time as a line of text. */
export function crewCpu(row) {
  const one = row.worker_cpu[1].cpu_ms[0];
  return Object.entries(row.worker_cpu).map(([n, c]) => {
    const speedUp = n > 1 ? ` (${(one / c.cpu_ms[0]).toFixed(1)}× faster than one, with a core each)` : "";
    return `${n} worker${n > 1 ? "s" : ""} ${(c.per_cpu_second / row.native).toFixed(2)}×, busiest ${c.cpu_ms[0].toFixed(0)} ms${speedUp}`;
  }).join("; ");
}
