import { machineWasBusy } from '../measure/machine';
import { fmtMs, fmtRate } from '../report/format';
import type { EngineSummary, TorchReport, TorchRow } from './run-vs-torch';
import { isScoreRow, TORCH_SIDE } from './run-vs-torch';
import type { TorchWorkloadId } from './torch-args';

/** What each row times (a3 side; the torch side in TORCH_SIDE). */
export const TORCH_WORKLOAD_TITLES: Record<TorchWorkloadId, string> = {
  'alarm-train-step':
    'alarm MLP 784 → 1000 → 500 → 200 → 75 → 1 (ReLU, dropout 0.1, BCE from logits, Adam 1e-3), batch 256; a3: one backend call per step (`Trainer.trainStep`), ms per step',
  'alarm-fit-steps':
    'the same step as `fit` runs it on a3: 16 steps per backend call (one ONNX `Loop`), no NaN guard; ms per step',
  'conv-train-step': "the paper's MNIST conv AE (28×28×1), BCE reconstruction, Adam, batch 256; ms per step",
  'infer-b1024': 'alarm MLP scores (forward + sigmoid) of 1024 rows; ms per call',
  'infer-b1': 'the same for one row: latency, p50 (p99 in the notes)',
  'a3-fit':
    'A³ fit: dense AE target (122 inputs) for N Adam steps, alarm on 725 taps for N steps (real rows + gaussian counter-examples), threshold pass over 4096 rows; a3: `A3Detector.fit` (NaN guard on, its default); ms per fit',
  'score-csv':
    'score an NSL-KDD-shaped CSV end to end (CSV in, CSV out): `a3 score MODEL rows.csv --out scores.csv`; ms per file',
  'score-csv-int8':
    'the same with `a3 score --quantize int8` (MatMuls of ≥ 65 536 weights in int8); ms per file',
};

function cell(s: EngineSummary | undefined, latency: boolean): string {
  if (!s) return '—';
  const main = fmtMs(s.medianMs);
  return `${main} (${fmtMs(s.roundMinMs)}–${fmtMs(s.roundMaxMs)})${latency ? `, p99 ${fmtMs(s.p99Ms)}` : ''}`;
}

function extra(r: TorchRow): string {
  const parts: string[] = [];
  if (isScoreRow(r.id)) {
    if (r.a3?.rowsPerSec)
      parts.push(`a3 ${fmtRate(r.a3.rowsPerSec)} rows/s, peak RSS ${fmtRate(r.a3.peakRssMiB ?? NaN)} MiB`);
    if (r.torch?.rowsPerSec)
      parts.push(
        `Python ${fmtRate(r.torch.rowsPerSec)} rows/s, peak RSS ${fmtRate(r.torch.peakRssMiB ?? NaN)} MiB`,
      );
    if (r.maxAbsDiff !== undefined) parts.push(`max |Δscore| ${r.maxAbsDiff.toExponential(1)}`);
  } else {
    const cpu = (s?: EngineSummary) => (s && Number.isFinite(s.cpuMs) ? fmtMs(s.cpuMs) : '—');
    if (r.a3 || r.torch) parts.push(`CPU ms/rep a3 ${cpu(r.a3)}, torch ${cpu(r.torch)}`);
  }
  if (r.skipped) parts.push(`torch side skipped: ${r.skipped}`);
  if (r.failed) parts.push(`failed: ${r.failed.slice(0, 300)}`);
  return parts.join('; ');
}

/** The comparison table: medians of round medians, the round spread in brackets. */
export function renderTorchTable(report: TorchReport): string {
  const lines = [
    '| workload | a3 (onnx) ms | PyTorch ms | speed-up (rounds) | notes |',
    '|---|--:|--:|--:|---|',
  ];
  for (const r of report.rows) {
    const latency = r.id === 'infer-b1';
    const speed = r.speedup
      ? `**${r.speedup.median.toFixed(2)}×** (${r.speedup.min.toFixed(2)}–${r.speedup.max.toFixed(2)})`
      : '—';
    lines.push(`| ${r.id} | ${cell(r.a3, latency)} | ${cell(r.torch, latency)} | ${speed} | ${extra(r)} |`);
  }
  return lines.join('\n');
}

function conditions(report: TorchReport): string {
  const m = report.machine;
  const s = report.settings;
  const busy = machineWasBusy(m)
    ? `**The machine was busy** (1-minute load average ${m.loadBefore} before, ${m.loadAfter} after, on ${m.cores} cores): compare ratios, not digits.`
    : `Load average ${m.loadBefore} before and ${m.loadAfter} after the run on ${m.cores} cores.`;
  return (
    `${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}; onnxruntime ${s.onnxruntime}, ` +
    `PyTorch ${s.torch ?? 'not available'}, ${s.pandasOrt ?? 'pandas/onnxruntime (Python) not available'}. ` +
    `${s.threads} threads for both engines (torch.set_num_threads, ORT intraOpNumThreads), ` +
    `OMP_WAIT_POLICY=PASSIVE and ORT without spinning. ${s.rounds} rounds, the engine order alternating ` +
    `(a3 first in odd rounds), each round ${s.warmup} untimed warm-up steps then ${s.reps} timed steps per engine ` +
    `(infer-b1: ${s.reps * 20} calls; a3-fit and score-csv: one timed run per round after a warm-up fit / none). ` +
    `${busy} Run took ${m.durationSec} s.`
  );
}

/** The markdown report (stdout, --out, and the docs section). */
export function renderTorchMarkdown(report: TorchReport): string {
  const rows = report.rows.map(
    (r) => `- \`${r.id}\`: ${TORCH_WORKLOAD_TITLES[r.id]}; PyTorch side: ${TORCH_SIDE[r.id]}.`,
  );
  return [
    '## a3 vs PyTorch',
    '',
    "Cells: median of the rounds' medians (fastest–slowest round median). Speed-up: PyTorch time ÷ a3 time per round, " +
      'median (min–max over rounds); above 1 a3 is faster.',
    '',
    renderTorchTable(report),
    '',
    conditions(report),
    '',
    ...rows,
    '',
    `Reproduce: \`npx a3-bench --vs-torch --write-docs\` (\`A3_BENCH_PYTHON=/path/to/python\` with torch, pandas and onnxruntime; \`npm run build\` first for \`a3 score\`).`,
  ].join('\n');
}
