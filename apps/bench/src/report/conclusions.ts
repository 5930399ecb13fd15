import { machineWasBusy } from '../measure/machine';
import { fmtMs, fmtRate, fmtRatio, fmtSci, fmtSeconds } from './format';
import type { BenchReport, BenchResult } from './types';
import type { WorkloadId } from '../workloads/workload';

function fastestFirst(results: readonly BenchResult[], id: WorkloadId): BenchResult[] {
  return results.filter((r) => r.workload === id).sort((a, b) => a.medianMs - b.medianMs);
}

function slower(rows: BenchResult[], best: BenchResult): string {
  return rows
    .filter((r) => r !== best)
    .map((r) => `${r.backend} ${fmtMs(r.medianMs)} ms (${fmtRatio(r.medianMs / best.medianMs)})`)
    .join(', ');
}

function training(results: readonly BenchResult[]): string[] {
  const out: string[] = [];
  const alarm = fastestFirst(results, 'alarm-train-step');
  const rows = alarm.length ? alarm : fastestFirst(results, 'target-train-step');
  if (rows.length) {
    const best = rows[0];
    const what = alarm.length
      ? 'An alarm-network training step (batch 256)'
      : 'A target-AE training step (batch 256)';
    const rest = slower(rows, best);
    out.push(
      `**Train on ${best.backend}.** ${what} takes ${fmtMs(best.medianMs)} ms there` +
        (best.gflops !== null ? ` (${fmtRate(best.gflops)} GFLOP/s)` : '') +
        (rest ? `; ${rest}.` : '.'),
    );
  }
  const conv = fastestFirst(results, 'conv-train-step');
  if (conv.length) {
    const best = conv[0];
    const rest = slower(conv, best);
    const lead =
      rows.length && rows[0].backend !== best.backend
        ? `For image (conv) targets ${best.backend} is the fastest instead`
        : `The conv AE (MNIST) trains fastest on ${best.backend} as well`;
    out.push(`${lead}: ${fmtMs(best.medianMs)} ms per batch-256 step${rest ? `; ${rest}` : ''}.`);
  }
  return out;
}

function scoring(results: readonly BenchResult[]): string[] {
  const out: string[] = [];
  const infer = results
    .filter((r) => r.workload === 'infer-b1024')
    .sort((a, b) => b.samplesPerSec - a.samplesPerSec);
  const latency = results
    .filter((r) => r.workload === 'latency-b1')
    .sort((a, b) => (a.p50Ms ?? a.medianMs) - (b.p50Ms ?? b.medianMs));
  if (infer.length) {
    const best = infer[0];
    const next = infer[1];
    out.push(
      `**Score on ${best.backend}** for batches: ${fmtRate(best.samplesPerSec)} samples/s at batch 1024` +
        (next
          ? ` (${next.backend}: ${fmtRate(next.samplesPerSec)}, ${fmtRatio(best.samplesPerSec / next.samplesPerSec)} fewer)`
          : '') +
        '.',
    );
  }
  if (latency.length) {
    const l = latency[0];
    const same = infer.length && infer[0].backend === l.backend;
    out.push(
      `${same ? 'It also has' : `For one sample at a time ${l.backend} has`} the lowest single-sample latency: ` +
        `p50 ${fmtMs(l.p50Ms ?? l.medianMs)} ms, p99 ${fmtMs(l.p99Ms ?? l.maxMs)} ms` +
        (latency.length > 1
          ? ` (${latency
              .slice(1)
              .map((r) => `${r.backend} ${fmtMs(r.p50Ms ?? r.medianMs)} ms`)
              .join(', ')})`
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
  const out = [...training(r), ...scoring(r), ...fitting(r)];
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
