/**
 * Isolation Forest speed on one core: fit (100 trees, max_samples 256, including the pass over
 * the training rows that sets the threshold) + score of 100,000 × 40 rows. Run from the repo root:
 *   node packages/model/scripts/run-ts.mjs packages/baselines/scripts/bench-iforest.ts [--rows N] [--features D] [--reps R]
 * Pure JS: one thread whatever the machine has. Prints each repetition and the median of the wall
 * time and of the process CPU time (which a busy shared machine inflates less than the wall time).
 */
import { Rng, TensorData } from '@a3/core';
import { IsolationForest } from '@a3/baselines';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rows = arg('rows', 100_000);
const features = arg('features', 40);
const reps = arg('reps', 5);
const rng = new Rng(1);
const x = TensorData.float32([rows, features]);
for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();

const totals: number[] = [];
const cpus: number[] = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let r = 0; r < reps + 1; r++) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const forest = await new IsolationForest({ seed: r }).fit({ x });
  const t1 = performance.now();
  const scores = await forest.score(x);
  const t2 = performance.now();
  const cpu = cpuMs() - c0;
  if (r === 0) continue; // warm-up (JIT)
  totals.push(t2 - t0);
  cpus.push(cpu);
  console.log(
    `rep ${r}: fit ${(t1 - t0).toFixed(0)} ms + score ${(t2 - t1).toFixed(0)} ms = ${(t2 - t0).toFixed(0)} ms` +
      ` (CPU ${cpu.toFixed(0)} ms; mean score ${(scores.reduce((a, b) => a + b, 0) / rows).toFixed(4)})`,
  );
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(
  `iforest fit + score, ${rows} x ${features}, 100 trees: median ${median(totals).toFixed(0)} ms wall, ` +
    `${median(cpus).toFixed(0)} ms CPU over ${reps} reps`,
);
