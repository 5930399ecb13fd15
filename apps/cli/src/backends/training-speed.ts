import { listBackends } from '@a3/core';
import type { Output } from '../terminal/output';

/** Where the numbers below come from, as users are told. */
export const SPEED_SOURCE = 'alarm training step, docs/benchmarks.md';

/**
 * Median milliseconds of one alarm-network training step (725→1000→500→200→75→1, batch 256,
 * Adam) per backend, from the `alarm-train-step` rows of docs/benchmarks.md (a3-bench
 * --write-docs, 2026-11-28, 2-core x64 CPU). A static table: measuring at run time would cost
 * seconds (minutes on tfjs-cpu). Backends not listed were not measured (tfjs-node-gpu).
 */
const ALARM_STEP_MS: Readonly<Record<string, number>> = {
  onnx: 23.0,
  'tfjs-node': 36.2,
  'tfjs-wasm': 110,
  'tfjs-cpu': 2497,
};

/** Training on a backend this many times slower than the fastest one installed gets a warning. */
export const SLOW_FACTOR = 5;

export interface TrainingSpeed {
  /** Training time relative to the fastest measured backend installed here (1 = fastest). */
  slowdown: number;
  source: string;
}

/** Relative training speed of each measured backend, against the fastest of `available`. */
export function trainingSpeeds(available: readonly string[]): Map<string, TrainingSpeed> {
  const measured = available.filter((n) => ALARM_STEP_MS[n] !== undefined);
  const fastest = Math.min(...measured.map((n) => ALARM_STEP_MS[n]));
  const out = new Map<string, TrainingSpeed>();
  if (!Number.isFinite(fastest)) return out;
  for (const [name, ms] of Object.entries(ALARM_STEP_MS)) {
    out.set(name, { slowdown: ms / fastest, source: SPEED_SOURCE });
  }
  return out;
}

/** "1.0× (fastest)", "1.6× slower", "109× slower". */
export function describeSlowdown(s: number): string {
  if (s < 1.05) return '1.0× (fastest)';
  return `${s < 10 ? s.toFixed(1) : Math.round(s)}× slower`;
}

/**
 * Warns on stderr when training is asked of a backend (--backend, or A3_BACKEND) that trains
 * SLOW_FACTOR× or more slower than the fastest installed one: tfjs-cpu took over five minutes on
 * ADBench cardio where onnx took 10 s. Without a choice the fastest is used, so nothing to say.
 */
export async function warnIfSlowBackend(io: Output, chosen: string | undefined): Promise<void> {
  const name = chosen ?? process.env.A3_BACKEND;
  if (!name || ALARM_STEP_MS[name] === undefined) return;
  const available = (await listBackends()).filter((b) => b.available).map((b) => b.name);
  const speeds = trainingSpeeds(available);
  const slowdown = speeds.get(name)?.slowdown ?? 0;
  if (slowdown < SLOW_FACTOR) return;
  const fastest = [...speeds].find(([n, s]) => available.includes(n) && s.slowdown === 1)?.[0];
  io.err(
    `warning: ${name} trains ~${Math.round(slowdown)}× slower than ${fastest} (${SPEED_SOURCE}); ` +
      `pass --backend ${fastest}, the fastest here.`,
  );
}
