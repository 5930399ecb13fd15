import { InvalidArgumentError } from '@a3/core';
import { A3FitCache } from '@a3/model';
import { formatMetric } from '../evaluation/metrics';
import type { Output } from '../terminal/output';
import { checkDetectorSpecs, type DetectorSpec } from './detectors';
import { FitProgress } from './fit-progress';
import { describeNKnown } from './n-known';
import { checkDataRequest, prepareSeed, type DataRequest, type PreparedSeed } from './prepare-seed';
import type { LabelledPart } from '../dataset/split';
import { runDetector, type DetectorRun } from './run-detector';
import { summarize, type DetectorSummary } from './summary';

export interface CompareRequest extends DataRequest {
  readonly detectors: readonly DetectorSpec[];
  readonly seeds: readonly number[];
  /** Backend of the detectors that use one; default the fastest installed. */
  readonly backend?: string;
  /** Progress and per-run lines go to its stderr. */
  readonly io: Output;
  /** Keep the first seed's test scores of every detector (for overlaid curves). */
  readonly keepCurves?: boolean;
}

/** Rows and class counts of one part of a seed's split. */
export interface PartSummary {
  rows: number;
  counts: Record<string, number>;
}

/** Everything `a3 compare --json` prints. */
export interface CompareResult {
  recipe: string;
  dataset: string;
  /** The data file or directory (absent for bundled data). */
  path: string | null;
  seeds: number[];
  backend: string | null;
  protocol: {
    normal: string[];
    known: string[];
    /** --n-known as given ("5%", "100", or the default). */
    nKnown: string;
    testAnomalies: string[];
    testFraction: number;
    maxTrainNormals: number | null;
    scaling: string;
    labelBudget: string;
    views: { name: string; testAnomalies: string[] }[];
  };
  splits: { seed: number; nKnown: number; train: PartSummary; test: PartSummary }[];
  detectors: DetectorSummary[];
  /** Every seed × detector run (without scores). */
  runs: Omit<DetectorRun, 'scores'>[];
}

/** The first seed's test labels and every detector's scores on them (not part of the JSON). */
export interface CompareCurves {
  seed: number;
  labels: Uint8Array;
  series: { name: string; scores: Float32Array }[];
}

const partSummary = (p: LabelledPart): PartSummary => ({ rows: p.y.length, counts: { ...p.counts } });

function describeCounts(p: PartSummary): string {
  return Object.entries(p.counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

/** One line per finished run, for stderr. */
function runLine(r: DetectorRun, view: string): string {
  const head = `seed ${r.seed} · ${r.detector}:`;
  if (r.status !== 'ok') return `${head} ${r.status} — ${r.reason ?? ''}`;
  const m = r.views[view];
  return (
    `${head} AUC-ROC ${formatMetric(m.aucRoc)}, AUC-PR ${formatMetric(m.aucPr)}, F1 ${formatMetric(m.f1)}; ` +
    `fit ${(r.fitSeconds ?? 0).toFixed(2)} s, score ${(r.scoreSeconds ?? 0).toFixed(2)} s`
  );
}

/**
 * Runs every detector on every seed's split. Each seed's data is loaded and split once and that
 * one split is handed to all detectors (the same training rows and labels for each: the label
 * budget). Skipped and failed detectors are recorded and the others still run.
 */
export async function runCompare(
  req: CompareRequest,
): Promise<{ result: CompareResult; curves: CompareCurves | null }> {
  if (req.seeds.length === 0) throw new InvalidArgumentError('give at least one seed (--seed 0,1,2).');
  if (req.detectors.length === 0) throw new InvalidArgumentError('give at least one detector (--detectors).');
  checkDetectorSpecs(req.detectors);
  checkDataRequest(req);
  const { io } = req;
  const runs: DetectorRun[] = [];
  const splits: CompareResult['splits'] = [];
  let first: PreparedSeed | undefined;
  let curves: CompareCurves | null = null;
  for (const [i, seed] of req.seeds.entries()) {
    const prepared = await prepareSeed(req, seed);
    first ??= prepared;
    const { split } = prepared;
    const train = partSummary(split.train);
    const test = partSummary(split.test);
    splits.push({ seed, nKnown: split.splitSpec.nKnown, train, test });
    io.err(
      `seed ${seed}: train ${train.rows} rows (${describeCounts(train)}); test ${test.rows} rows (${describeCounts(test)})`,
    );
    const keep = req.keepCurves === true && i === 0;
    if (keep) curves = { seed, labels: split.test.y, series: [] };
    // A³ variants that differ only in their heads share the trained networks of this split.
    const fitCache = new A3FitCache();
    for (const spec of req.detectors) {
      const progress = new FitProgress(io, `seed ${seed} · ${spec.name}`);
      let run: DetectorRun;
      try {
        run = await runDetector(split, spec, prepared.recipe, {
          ...(req.backend ? { backend: req.backend } : {}),
          onProgress: progress.onProgress,
          keepScores: keep,
          fitCache,
        });
      } finally {
        progress.finish();
      }
      io.err(runLine(run, split.views[0].name));
      if (keep && run.scores && curves) curves.series.push({ name: spec.name, scores: run.scores });
      const { scores: _scores, ...stored } = run;
      runs.push(stored);
    }
  }
  const p = first!;
  const s = p.split.splitSpec;
  const viewNames = p.split.views.map((v) => v.name);
  const result: CompareResult = {
    recipe: p.recipe,
    dataset: p.datasetName,
    path: p.datasetSpec.path ?? null,
    seeds: [...req.seeds],
    backend: req.backend ?? null,
    protocol: {
      normal: [...s.normal],
      known: [...s.known],
      nKnown: describeNKnown(p.nKnownRule),
      testAnomalies: [...s.testAnomalies],
      testFraction: p.datasetSpec.testFraction,
      maxTrainNormals: s.maxTrainNormals ?? null,
      scaling: p.split.scaling,
      labelBudget:
        'every detector is fitted on the training normals plus the same N known anomalies and nothing else; ' +
        'no validation part; thresholds come from the fit or flag a share of the training rows',
      views: p.split.views.map((v) => ({ name: v.name, testAnomalies: [...v.testAnomalies] })),
    },
    splits,
    detectors: summarize(req.detectors, viewNames, runs),
    runs,
  };
  return { result, curves };
}
