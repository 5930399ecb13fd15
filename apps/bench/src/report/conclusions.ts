import { machineWasBusy } from '../measure/machine';
import { fmtMs, fmtRate, fmtRatio, fmtSci, fmtSeconds } from './format';
import type { BenchReport, BenchResult } from './types';
import type { WorkloadId } from '../workloads/workload';

function fastestFirst(results: readonly BenchResult[], id: WorkloadId): BenchResult[] {
  return results.filter((r) => r.workload === id).sort((a, b) => a.medianMs - b.medianMs);
}

/**
 * Medians closer than this are a tie: on an idle machine repeated runs agree within a few
 * percent; on a shared one a busy neighbour shifts whole runs, so only large gaps are real.
 */
export function tieFactor(busy: boolean): number {
  return busy ? 1.5 : 1.1;
}

interface Ranking {
  /** Backends within the tie factor of the fastest median (fastest first). */
  leaders: BenchResult[];
  rest: BenchResult[];
}

function rank(fastest: BenchResult[], tie: number): Ranking {
  const leaders = fastest.filter((r) => r.medianMs <= fastest[0].medianMs * tie);
  return { leaders, rest: fastest.filter((r) => !leaders.includes(r)) };
}

function either(rows: readonly BenchResult[], word = 'or'): string {
  const n = rows.map((r) => r.backend);
  return n.length > 1 ? `${n.slice(0, -1).join(', ')} ${word} ${n[n.length - 1]}` : n[0];
}

/** " — within 1.2× of each other, a tie on this shared machine (fastest single run: onnx, 29.0 ms)". */
function tieNote(leaders: readonly BenchResult[], busy: boolean): string {
  if (leaders.length < 2) return '';
  const spread = leaders[leaders.length - 1].medianMs / leaders[0].medianMs;
  const quickest = [...leaders].sort((a, b) => a.minMs - b.minMs)[0];
  return (
    ` — within ${fmtRatio(spread)} of each other, a tie${busy ? ' on this shared machine' : ''} ` +
    `(fastest single run: ${quickest.backend}, ${fmtMs(quickest.minMs)} ms)`
  );
}

function slower(rest: readonly BenchResult[], best: BenchResult): string {
  return rest
    .map((r) => `${r.backend} ${fmtMs(r.medianMs)} ms (${fmtRatio(r.medianMs / best.medianMs)})`)
    .join(', ');
}

function msList(rows: readonly BenchResult[]): string {
  return rows.map((r) => `${fmtMs(r.medianMs)} ms on ${r.backend}`).join(' and ');
}

function training(results: readonly BenchResult[], busy: boolean): string[] {
  const out: string[] = [];
  // What users wait for is training as fit runs it; the one-call-per-step row is the fallback.
  const asFit = fastestFirst(results, 'alarm-fit-steps');
  const alarm = asFit.length ? asFit : fastestFirst(results, 'alarm-train-step');
  const rows = alarm.length ? alarm : fastestFirst(results, 'target-train-step');
  if (rows.length) {
    const { leaders, rest } = rank(rows, tieFactor(busy));
    const best = leaders[0];
    const what = asFit.length
      ? 'An alarm-network training step as fit runs it (batch 256, NaN guard on)'
      : alarm.length
        ? 'An alarm-network training step (batch 256)'
        : 'A target-AE training step (batch 256)';
    const speed = best.gflops !== null ? ` (${fmtRate(best.gflops)} GFLOP/s)` : '';
    const head =
      leaders.length > 1
        ? `${what} takes ${msList(leaders)}${tieNote(leaders, busy)}`
        : `${what} takes ${fmtMs(best.medianMs)} ms there${speed}`;
    out.push(`**Train on ${either(leaders)}.** ${head}${rest.length ? `; ${slower(rest, best)}` : ''}.`);
  }
  const conv = fastestFirst(results, 'conv-train-step');
  if (conv.length) {
    const { leaders, rest } = rank(conv, tieFactor(busy));
    const head =
      leaders.length > 1
        ? `For the conv AE (MNIST, batch 256) ${either(leaders, 'and')} lead: ${msList(leaders)} per step${tieNote(leaders, busy)}`
        : `For the conv AE (MNIST, batch 256) ${leaders[0].backend} is fastest: ${fmtMs(leaders[0].medianMs)} ms per step`;
    out.push(`${head}${rest.length ? `; ${slower(rest, leaders[0])}` : ''}.`);
  }
  return out;
}

function scoring(results: readonly BenchResult[], busy: boolean): string[] {
  const out: string[] = [];
  const infer = fastestFirst(results, 'infer-b1024');
  if (infer.length) {
    const { leaders, rest } = rank(infer, tieFactor(busy));
    const best = leaders[0];
    const rates = leaders.map((r) => fmtRate(r.samplesPerSec)).join(' and ');
    out.push(
      `**Score on ${either(leaders)}** for batches: ${rates} samples/s at batch 1024${tieNote(leaders, busy)}` +
        (rest.length
          ? `; ${rest.map((r) => `${r.backend} ${fmtRate(r.samplesPerSec)} (${fmtRatio(best.samplesPerSec / r.samplesPerSec)} fewer)`).join(', ')}`
          : '') +
        '.',
    );
  }
  const latency = fastestFirst(results, 'latency-b1');
  if (latency.length) {
    const { leaders, rest } = rank(latency, tieFactor(busy));
    const p = (r: BenchResult) =>
      `p50 ${fmtMs(r.p50Ms ?? r.medianMs)} / p99 ${fmtMs(r.p99Ms ?? r.maxMs)} ms on ${r.backend}`;
    out.push(
      `One sample at a time: ${either(leaders, 'and')} ${leaders.length > 1 ? 'have' : 'has'} the lowest latency, ` +
        `${leaders.map(p).join(' and ')}${leaders.length > 1 ? ' (a tie)' : ''}` +
        (rest.length
          ? `; ${rest.map((r) => `${r.backend} p50 ${fmtMs(r.p50Ms ?? r.medianMs)} ms`).join(', ')}`
          : '') +
        '.',
    );
  }
  return out;
}

function fitting(results: readonly BenchResult[]): string[] {
  const fits = fastestFirst(results, 'fit-nsl-kdd');
  if (!fits.length) return [];
  const best = fits[0];
  const aucs = fits.map((r) => r.auc).filter((a): a is number => a !== undefined);
  const others = fits
    .slice(1)
    .map((r) => `${r.backend} ${fmtSeconds(r.medianMs)}`)
    .join(', ');
  let s = `The whole (small, fixed) A³ fit on NSL-KDD takes ${fmtSeconds(best.medianMs)} on ${best.backend}${others ? ` (${others})` : ''}.`;
  if (aucs.length) {
    const lo = Math.min(...aucs);
    const hi = Math.max(...aucs);
    s +=
      aucs.length > 1
        ? ` AUC-ROC ${lo.toFixed(3)}–${hi.toFixed(3)} across backends` +
          (hi - lo <= 0.02
            ? ': the backend changes the speed, not the model.'
            : ' — random draws (dropout, counter-examples) differ between backends, so short fits land on different models.')
        : ` AUC-ROC ${lo.toFixed(3)}.`;
  }
  return [s];
}

function portability(results: readonly BenchResult[]): string[] {
  const out: string[] = [];
  const alarm = fastestFirst(results, 'alarm-train-step');
  const best = alarm[0];
  const wasm = alarm.find((r) => r.backend === 'tfjs-wasm');
  if (best && wasm && wasm !== best) {
    out.push(
      `tfjs-wasm needs no native addon (a plain npm install; also runs in browsers) and trains ${fmtRatio(wasm.medianMs / best.medianMs)} ` +
        `slower than ${best.backend}: the pick where native binaries cannot be installed.`,
    );
  }
  const cpu = alarm.find((r) => r.backend === 'tfjs-cpu');
  const cpuLatency = results.find((r) => r.workload === 'latency-b1' && r.backend === 'tfjs-cpu');
  if (best && cpu && cpu !== best) {
    out.push(
      `tfjs-cpu (pure JavaScript) is the always-available fallback, ${fmtRatio(cpu.medianMs / best.medianMs)} slower ` +
        `than ${best.backend} for training` +
        (cpuLatency
          ? `; scoring single samples (p50 ${fmtMs(cpuLatency.p50Ms ?? cpuLatency.medianMs)} ms) is still fine`
          : '') +
        '. Do not train on it.',
    );
  }
  return out;
}

/** Actionable conclusions, derived from the numbers of this run (nothing hard-coded). */
export function conclusions(report: BenchReport): string[] {
  const r = report.results;
  const busy = machineWasBusy(report.machine);
  const out = [...training(r, busy), ...scoring(r, busy), ...fitting(r)];
  const p = report.parity;
  if (p.maxAbsDiff !== null && p.backends.length > 1) {
    out.push(
      p.maxAbsDiff <= p.tolerance
        ? `The same weights give the same scores on ${p.backends.join(', ')} (max |Δ| ${fmtSci(p.maxAbsDiff)}): ` +
            'train on the fastest backend, save, and score on whichever one your deployment has.'
        : `**Warning:** scores of the same weights differ by up to ${fmtSci(p.maxAbsDiff)} between backends ` +
            `(tolerance ${fmtSci(p.tolerance)}); see the parity line below.`,
    );
  }
  out.push(...portability(r));
  for (const u of report.unavailable) out.push(`${u.backend} was not measured here: ${u.reason}.`);
  const m = report.machine;
  if (machineWasBusy(m)) {
    out.push(
      `Caveat: other work shared the machine during this run (1-minute load average ${m.loadBefore} before, ` +
        `${m.loadAfter} after, on ${m.cores} cores). Multi-threaded backends (onnx, tfjs-node) suffer most from ` +
        'that; treat gaps under ~1.5× as a tie and rerun on an idle machine before relying on them.',
    );
  }
  return out;
}
