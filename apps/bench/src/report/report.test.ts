import { describe, expect, it } from 'vitest';
import { conclusions } from './conclusions';
import { renderDocsPage } from './docs-page';
import { renderJson } from './json';
import { parityLine, renderMarkdown, renderTable } from './markdown';
import { escapeXml, renderChart } from './svg-chart';
import { row, sampleReport } from './testing/sample-report';
import { renderTextChart } from './text-chart';

describe('markdown table', () => {
  it('has one row per result, grouped by workload, fastest first and in bold', () => {
    const table = renderTable(sampleReport().results).split('\n');
    expect(table[0]).toMatch(/^\| workload \| backend \| median ms \| min–max ms \| samples\/s \| GFLOP\/s/);
    expect(table).toHaveLength(2 + 8);
    expect(table[2]).toMatch(/^\| alarm-train-step \| onnx \| \*\*16\.0\*\* \|/);
    expect(table[3]).toMatch(/^\| alarm-train-step \| tfjs-cpu \| 2,600 \|/);
    expect(table.find((l) => l.includes('latency-b1 | onnx'))).toMatch(/p50 0\.210 \/ p99 0\.500 ms/);
    expect(table.find((l) => l.includes('fit-nsl-kdd | onnx'))).toMatch(/AUC-ROC 0\.931; 1 rep \|/);
  });

  it('marks noisy rows and explains the mark with the load average', () => {
    const r = sampleReport();
    r.results[0] = { ...r.results[0], noisy: true };
    const md = renderMarkdown(r);
    expect(md).toMatch(/noisy †/);
    expect(md).toMatch(/† min–max spread above 25 % of the median on 1 of 8 rows/);
    expect(md).toMatch(/load average 0\.1 before, 1\.9 after, on 2 cores/);
  });

  it('lists unavailable backends, skipped and failed workloads with their reasons', () => {
    const md = renderMarkdown(
      sampleReport({ failed: [{ workload: 'infer-b1024', backend: 'onnx', error: 'boom' }] }),
    );
    expect(md).toMatch(
      /Not measured \(backend unavailable here\):\n\n- tfjs-node-gpu: TensorFlow sees no CUDA GPU/,
    );
    expect(md).toMatch(/Skipped:\n\n- conv-train-step on tfjs-cpu: --quick skips conv/);
    expect(md).toMatch(/Failed:\n\n- infer-b1024 on onnx: boom/);
  });

  it('states parity, its tolerance, and when it was not measured', () => {
    expect(parityLine(sampleReport().parity)).toMatch(
      /max \|Δscore\| = 2\.4e-7 ≤ 1\.0e-4 \(OK\).*trained on onnx.*512 test samples.*\(vs onnx: tfjs-cpu 2\.4e-7\)/,
    );
    expect(parityLine({ ...sampleReport().parity, maxAbsDiff: 3e-3 })).toMatch(/> 1\.0e-4 \(MISMATCH\)/);
    expect(parityLine({ maxAbsDiff: null, backends: [], tolerance: 1e-4, reason: 'not requested' })).toBe(
      'Score parity: not measured (not requested).',
    );
  });

  it('escapes pipes in cells', () => {
    expect(renderTable([row({ workload: 'infer-b1024', backend: 'my|backend', medianMs: 5 })])).toMatch(
      /my\\\|backend/,
    );
  });
});

describe('JSON', () => {
  it('is one object with the documented keys first', () => {
    const obj = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
    expect(Object.keys(obj).slice(0, 4)).toEqual(['machine', 'results', 'parity', 'unavailable']);
    const r = (obj.results as Record<string, unknown>[])[0];
    for (const k of ['workload', 'backend', 'medianMs', 'minMs', 'maxMs', 'samplesPerSec', 'gflops'])
      expect(r).toHaveProperty(k);
    expect(obj.parity).toMatchObject({ maxAbsDiff: 2.4e-7, backends: ['onnx', 'tfjs-cpu'] });
  });
});

describe('SVG chart', () => {
  it('draws one bar per result with its value, a legend and decade grid lines', () => {
    const svg = renderChart(sampleReport().results);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect x="150" y="[\d.]+" width="[\d.]+" height="14"/g)).toHaveLength(8);
    expect(svg).toMatch(/<title>alarm-train-step on onnx: 16,000 samples\/s<\/title>/);
    expect(svg.match(/<line /g)!.length).toBeGreaterThanOrEqual(3);
    // the faster backend's bar is longer
    const width = (b: string) =>
      Number(new RegExp(`width="([\\d.]+)"[^>]*><title>alarm-train-step on ${b}`).exec(svg)![1]);
    expect(width('onnx')).toBeGreaterThan(width('tfjs-cpu'));
  });

  it('escapes text', () => {
    expect(escapeXml(`<a & "b">`)).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    const svg = renderChart([row({ workload: 'infer-b1024', backend: 'x<y', medianMs: 3 })]);
    expect(svg).toContain('x&lt;y');
    expect(svg).not.toContain('x<y');
  });

  it('renders an empty chart without NaN', () => {
    expect(renderChart([])).not.toMatch(/NaN|Infinity/);
  });
});

describe('text chart', () => {
  it('scales bars to the fastest backend per workload', () => {
    const text = renderTextChart(sampleReport().results);
    const onnx = text.split('\n').find((l) => l.trim().startsWith('onnx'))!;
    const cpu = text.split('\n').find((l) => l.trim().startsWith('tfjs-cpu'))!;
    expect(onnx).toMatch(/█{40}/);
    expect(cpu).toMatch(/▏/);
    expect(text).toMatch(/^alarm-train-step — samples\/s, relative to the fastest/);
  });
});

describe('conclusions and the docs page', () => {
  it('names the backend to train on and to score on, with ratios from the data', () => {
    const c = conclusions(sampleReport()).join('\n');
    expect(c).toMatch(
      /\*\*Train on onnx\.\*\* An alarm-network training step \(batch 256\) takes 16\.0 ms there/,
    );
    expect(c).toMatch(/tfjs-cpu 2,600 ms \(163×\)/);
    expect(c).toMatch(/\*\*Score on onnx\*\* for batches: 73,143 samples\/s/);
    expect(c).toMatch(
      /One sample at a time: onnx has the lowest latency, p50 0\.210 \/ p99 0\.500 ms on onnx; tfjs-cpu p50 4\.10 ms\./,
    );
    expect(c).toMatch(/AUC-ROC 0\.929–0\.931 across backends: the backend changes the speed, not the model/);
    expect(c).toMatch(/same scores on onnx, tfjs-cpu \(max \|Δ\| 2\.4e-7\)/);
    expect(c).toMatch(/tfjs-cpu \(pure JavaScript\) is the always-available fallback, 163× slower/);
    expect(c).toMatch(/tfjs-node-gpu was not measured here: TensorFlow sees no CUDA GPU/);
  });

  it('calls close medians a tie, more generously on a shared machine', () => {
    const r = sampleReport();
    r.results.push(row({ workload: 'alarm-train-step', backend: 'tfjs-node', medianMs: 20, minMs: 12 }));
    expect(conclusions(r)[0]).toMatch(/^\*\*Train on onnx\.\*\* .*; tfjs-node 20\.0 ms \(1\.3×\), tfjs-cpu/);
    r.machine.loadBefore = 6.5;
    expect(conclusions(r)[0]).toMatch(
      /^\*\*Train on onnx or tfjs-node\.\*\* An alarm-network training step \(batch 256\) takes 16\.0 ms on onnx and 20\.0 ms on tfjs-node — within 1\.3× of each other, a tie on this shared machine \(fastest single run: tfjs-node, 12\.0 ms\); tfjs-cpu 2,600 ms \(163×\)\.$/,
    );
  });

  it('adds a caveat only when the load average says the machine was shared', () => {
    expect(conclusions(sampleReport()).join('\n')).not.toMatch(/Caveat/);
    const busy = sampleReport();
    busy.machine.loadBefore = 6.5;
    expect(conclusions(busy).at(-1)).toMatch(/^Caveat: other work shared the machine .*6\.5 before/);
  });

  it('writes the machine, the table, the chart, the method and the commands', () => {
    const page = renderDocsPage(sampleReport());
    for (const heading of [
      '# Benchmarks',
      '## Conclusions',
      '## Machine',
      '## Results',
      '## Chart',
      '## Workloads',
      '## How it is measured',
      '## Reproduce',
    ])
      expect(page).toContain(heading);
    expect(page).toContain('Intel(R) Xeon(R) Platinum 8488C');
    expect(page).toContain('onnxruntime 1.30.0');
    expect(page).toContain('npx a3-bench --write-docs');
    expect(page).toMatch(/Measured while the machine was otherwise idle/);
  });

  it('says the machine was shared when the load average says so', () => {
    const r = sampleReport();
    r.machine.loadBefore = 6.5;
    expect(renderDocsPage(r)).toMatch(
      /Measured while other work shared the machine \(1-minute load average 6\.5 before/,
    );
  });

  it('says how many rounds and that the order alternated, and which rows ran in one round', () => {
    const one = renderDocsPage(sampleReport());
    expect(one).toMatch(/\| conditions \| Each backend was measured in one round, one backend after another/);
    expect(one).toMatch(/rounds 1\)\./);
    const r = sampleReport();
    r.settings.rounds = 3;
    r.results = r.results.map((x) => ({ ...x, reps: x.reps * 3, rounds: 3 }));
    r.results[0] = { ...r.results[0], reps: 3, rounds: 1 };
    const page = renderDocsPage(r);
    expect(page).toMatch(
      /\| conditions \| Each backend was measured in 3 rounds, the backend order alternating \(onnx → tfjs-cpu, then back\), each time in a fresh process, .*median of its rounds' medians \(1 slow row measured whole in one round, see the notes column\)\. Measured while the machine was otherwise idle/,
    );
    expect(page).toMatch(/\| alarm-train-step \| tfjs-cpu \| .*\| 3 reps in 1 round \|/);
    expect(page).toMatch(/\| alarm-train-step \| onnx \| .*\| 15 reps in 3 rounds \|/);
    expect(page).toMatch(/rounds 3\)\./);
    expect(renderMarkdown(r).split('\n')[0]).toMatch(
      /, in 3 rounds, the backend order alternating \(onnx → tfjs-cpu, then back\); medians are the median of the rounds' medians$/,
    );
  });
});
