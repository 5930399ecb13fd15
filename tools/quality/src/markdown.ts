import type { DetectorSummary, Stat } from '@a3/cli';
import { PEERS } from './peers';
import { meanRanks, type RankColumn } from './rank';
import type { DatasetResult, SuiteResult } from './run-suite';
import type { Selection } from './suite';

/** Where and how the page was produced (all of it printed at the top). */
export interface PageMeta {
  /** ISO date-time of the run. */
  readonly date: string;
  /** The backend asked for ("default" = the fastest installed) and the ones the cells report. */
  readonly backend: string;
  /** `git rev-parse --short HEAD`, with " (dirty)" when the working tree had changes. */
  readonly commit: string;
  /** CPUs and load of the runs that computed the cells: fit times are wall-clock times on them. */
  readonly machine: string;
  /** The exact command line that produced the page. */
  readonly command: string;
  readonly suite: string;
  readonly description: string;
  readonly selection: Selection;
}

const metric = (v: number) => v.toFixed(3);

/** "mean ± std", both with the decimals the mean asks for. */
function stat(s: Stat | null | undefined, digits: (mean: number) => number): string {
  if (!s) return '—';
  const d = digits(s.mean);
  return s.std === null ? s.mean.toFixed(d) : `${s.mean.toFixed(d)} ± ${s.std.toFixed(d)}`;
}

const METRIC_DIGITS = () => 3;
/** Seconds: two decimals under 10 s, one above (fits run from milliseconds to minutes). */
const SECONDS_DIGITS = (mean: number) => (mean < 10 ? 2 : 1);

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function detectorRow(s: DetectorSummary, view: string, seeds: number): string[] {
  const v = s.views[view];
  if (s.status !== 'ok' || !v) return [s.detector, s.status, '', '', '', ''];
  const ran = s.seeds.length === seeds ? String(seeds) : `${s.seeds.length} of ${seeds}`;
  return [
    s.detector,
    stat(v.aucRoc, METRIC_DIGITS),
    stat(v.aucPr, METRIC_DIGITS),
    stat(v.f1, METRIC_DIGITS),
    stat(s.fitSeconds, SECONDS_DIGITS),
    ran,
  ];
}

function peerLines(d: DatasetResult, view: string): string[] {
  const peers = PEERS[d.dataset.name]?.views[view];
  if (!peers) return [];
  return [
    '',
    `Peers on this data set and view, **pasted from ../shared/PEERS.md** (scikit-learn / PyTorch, ` +
      'means of seeds 0–2; not produced by this run, for reference only):',
    '',
    ...table(
      ['peer (PEERS.md)', 'AUC-ROC', 'AUC-PR'],
      Object.entries(peers).map(([p, [roc, pr]]) => [p, metric(roc), metric(pr)]),
    ),
  ];
}

function datasetSection(d: DatasetResult, seeds: number): string[] {
  const flags = Object.entries(d.dataset.flags)
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
  const peersN = PEERS[d.dataset.name]?.nKnown;
  const known = d.nKnown.length
    ? `N known ${[...new Set(d.nKnown)].join(' / ')}${peersN !== undefined ? ` (PEERS.md: ${peersN})` : ''}`
    : 'no split';
  const out = [
    `### ${d.dataset.name}`,
    '',
    `${d.datasetName ?? d.dataset.name} · ${known} · flags \`${flags}\``,
  ];
  for (const e of d.errors) out.push('', `> **Not run:** ${e}`);
  for (const view of d.viewNames) {
    const classes = d.dataset.views?.find((v) => v.name === view)?.testAnomalies;
    if (d.viewNames.length > 1)
      out.push('', `#### ${view}${classes ? ` (test anomalies ${classes.join(', ')})` : ''}`);
    out.push(
      '',
      ...table(
        ['detector', 'AUC-ROC', 'AUC-PR', 'F1', 'fit s', 'seeds'],
        d.summaries.map((s) => detectorRow(s, view, seeds)),
      ),
    );
    out.push(...peerLines(d, view));
  }
  const problems = d.summaries.flatMap((s) =>
    s.problems.map(
      (p) =>
        `- ${s.detector} ${p.status} (seed${p.seeds.length > 1 ? 's' : ''} ${p.seeds.join(', ')}): ${p.reason}`,
    ),
  );
  if (problems.length) out.push('', ...problems);
  return out;
}

function rankSection(result: SuiteResult): string[] {
  const columns: RankColumn[] = result.datasets.flatMap((d) =>
    d.viewNames.map((view) => ({ id: `${d.dataset.name}/${view}`, summaries: d.summaries, view })),
  );
  const ranks = meanRanks(
    result.detectors.map((d) => d.name),
    columns,
  ).filter((r) => r.columns > 0);
  if (ranks.length === 0) return ['No detector produced numbers in this run.'];
  ranks.sort((a, b) => a.rank.aucPr - b.rank.aucPr);
  return [
    `Rank 1 = best mean over seeds on a data set (view); ties share their mean rank. Averaged over the ` +
      `${columns.length} data-set columns (${columns.map((c) => c.id).join(', ')}); a detector that did not run ` +
      'on all of them is ranked over fewer (see "columns"). Sorted by AUC-PR rank.',
    '',
    ...table(
      ['detector', 'mean rank AUC-PR', 'mean rank AUC-ROC', 'mean AUC-PR', 'mean AUC-ROC', 'columns'],
      ranks.map((r) => [
        r.detector,
        r.rank.aucPr.toFixed(2),
        r.rank.aucRoc.toFixed(2),
        metric(r.mean.aucPr),
        metric(r.mean.aucRoc),
        `${r.columns} of ${columns.length}`,
      ]),
    ),
  ];
}

/** quality.md: provenance, mean ranks, then one table per data set (and view) with the peers beside. */
export function renderQualityPage(result: SuiteResult, meta: PageMeta): string {
  const sel = meta.selection;
  const { counts } = result;
  const missing = counts.total - (counts.computed + counts.cached - counts.failed);
  const partial =
    missing > 0 ||
    result.unregistered.length > 0 ||
    result.datasets.some((d) => d.errors.length > 0) ||
    sel.narrowedBy.length > 0;
  const variant = sel.variant === 'quick' ? 'quick variant' : 'full suite';
  const lines = [
    '# Detection quality',
    '',
    '<!-- Generated by tools/quality (node tools/quality/run.mjs). Do not edit: re-run the command below. -->',
    '',
    'Every number in the tables of this page comes from a run of the quality runner (`tools/quality`) through ' +
      'the `a3 compare` pipeline; only the tables marked as pasted from PEERS.md are typed in, for reference.',
    '',
    ...table(
      ['', ''],
      [
        ['command', `\`${meta.command}\``],
        ['date', meta.date],
        ['commit', meta.commit],
        ['backend', meta.backend],
        ['machine', meta.machine],
        [
          'suite',
          `${meta.suite} (${variant}): seeds ${sel.seeds.join(', ')}; ${sel.datasets.length} data sets`,
        ],
        ['detectors', result.detectors.map((d) => d.name).join(', ') || 'none registered'],
        [
          'cells',
          `${counts.total} (data set × seed × detector): ${counts.computed} computed in this run, ` +
            `${counts.cached} read from the cache, ${counts.failed} failed`,
        ],
      ],
    ),
  ];
  if (partial) {
    const why = [
      sel.narrowedBy.length ? `only a part of the ${variant} (${sel.narrowedBy.join(' ')})` : '',
      missing > 0 ? `${missing} of ${counts.total} cells have no result` : '',
      result.unregistered.length ? `not registered in this build: ${result.unregistered.join(', ')}` : '',
      ...result.datasets.filter((d) => d.errors.length).map((d) => `${d.dataset.name} could not run`),
    ].filter(Boolean);
    lines.push('', `> **Partial run:** ${why.join('; ')}.`);
  }
  if (sel.variant === 'quick') {
    lines.push(
      '',
      '> **Quick variant:** a subset of the suite (fewer seeds, data sets and detectors) — not the full evaluation.',
    );
  }
  lines.push(
    '',
    `Protocol: ${meta.description}`,
    'F1 is at each detector’s own threshold (set by its fit, else the score that flags 10 % of the training ' +
      'rows); "fit s" is the wall-clock fit time on the machine named above; ± is the sample standard deviation over seeds.',
    '',
    '## Mean rank over data sets',
    '',
    ...rankSection(result),
    '',
    '## Data sets',
  );
  for (const d of result.datasets) lines.push('', ...datasetSection(d, sel.seeds.length));
  return lines.join('\n') + '\n';
}

/**
 * The machine lines of a page's cells, each kind once: lines that differ only in their load
 * average are merged into one with the range (`load average 0.70–5.72 when the run started,
 * 8 runs`), so a page computed by many workers says where its fit times come from in one line.
 */
export function describeMachines(lines: readonly string[]): string {
  const LOAD = /load average (\d+(?:\.\d+)?)/;
  const groups = new Map<string, number[]>();
  const order: string[] = [];
  for (const line of lines) {
    const m = LOAD.exec(line);
    const shape = m ? line.replace(LOAD, 'load average {}') : line;
    if (!groups.has(shape)) {
      groups.set(shape, []);
      order.push(shape);
    }
    if (m) groups.get(shape)!.push(Number(m[1]));
  }
  return order
    .map((shape) => {
      const loads = groups.get(shape)!;
      if (loads.length === 0) return shape;
      const lo = Math.min(...loads).toFixed(2);
      const hi = Math.max(...loads).toFixed(2);
      const text = shape.replace('{}', lo === hi ? lo : `${lo}–${hi}`);
      return loads.length > 1 ? `${text} (${loads.length} runs)` : text;
    })
    .join('; ');
}
