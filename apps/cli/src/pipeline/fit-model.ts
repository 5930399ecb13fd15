// The robust preset's heads (hgb, lof) are detectors @a3/baselines registers on import.
import '@a3/baselines';
import type { LoadedDataset } from '@a3/data';
import { A3Detector, type A3DetectorConfig } from '@a3/model';
import { thresholdBestF1, thresholdByContamination } from '@a3/metrics';
import type { Args } from '@a3/args';
import type { DatasetSpec, SplitSpec } from '../dataset/protocol';
import { protocolToJSON } from '../dataset/protocol';
import type { RecipeDefaults } from '../dataset/recipe-defaults';
import { prepareSplit, type LabelledPart, type PreparedSplit } from '../dataset/split';
import { preprocessingToJSON } from '../model/preprocessing';
import type { Output } from '../terminal/output';
import { TrainingProgress } from '../terminal/training-progress';

export interface FitRequest {
  /** Split sizes and training progress go to its stderr. */
  io: Output;
  dataset: LoadedDataset;
  datasetSpec: DatasetSpec;
  splitSpec: SplitSpec;
  config: A3DetectorConfig;
  backend?: string;
  pixelScale?: number;
  out: string;
  /** Replace a model already in `out` (--force); other files there are kept. */
  force?: boolean;
  /** Plugins of this run, recorded in the protocol so evaluate/score/export import them too. */
  plugins?: readonly string[];
}

export interface FitOutcome {
  detector: A3Detector;
  split: PreparedSplit;
  thresholdMethod: string;
}

/** A false-alarm budget for models without labelled anomalies to calibrate on: 5 % of normals. */
const NORMAL_CONTAMINATION = 0.05;

function describeCounts(p: LabelledPart): string {
  return Object.entries(p.counts)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

/**
 * The decision threshold, stored with the model for `predict`-style metrics (F1, precision,
 * recall): the best F1 on the validation split when it holds known anomalies, else the score
 * that flags 5 % of validation (or training) normals.
 */
async function calibrateThreshold(detector: A3Detector, split: PreparedSplit): Promise<string> {
  const v = split.validation;
  const anomalies = v.y.reduce((n, y) => n + y, 0);
  if (v.y.length > 0 && anomalies > 0 && anomalies < v.y.length) {
    detector.setThreshold(thresholdBestF1(v.y, await detector.score(v.x)));
    return `best F1 on validation (${v.y.length} rows, ${anomalies} known anomalies)`;
  }
  const source = v.y.length > 0 ? v : split.train;
  const normalRows = Array.from(source.y.keys()).filter((i) => source.y[i] === 0);
  const scores = await detector.score(source.x.gatherRows(normalRows));
  detector.setThreshold(thresholdByContamination(scores, NORMAL_CONTAMINATION));
  return `flags ${NORMAL_CONTAMINATION * 100}% of ${source === v ? 'validation' : 'training'} normals`;
}

/**
 * Splits the data the A³ way, fits a detector, calibrates its threshold and saves it with the
 * protocol and preprocessing, so `a3 evaluate` / `a3 score` / `a3 export` need nothing else.
 */
export async function fitAndSave(req: FitRequest): Promise<FitOutcome> {
  const { io } = req;
  const split = prepareSplit(req.dataset, req.splitSpec);
  io.err(`train: ${split.train.y.length} rows (${describeCounts(split.train)})`);
  io.err(
    `validation: ${split.validation.y.length} rows; test: ${split.test.y.length} rows (${describeCounts(split.test)})`,
  );
  const detector = new A3Detector(req.config);
  const progress = new TrainingProgress(io);
  try {
    await detector.fit(
      { x: split.train.x, y: split.train.y },
      { ...(req.backend ? { backend: req.backend } : {}), onProgress: progress.onProgress },
    );
  } finally {
    progress.finish();
  }
  const thresholdMethod = await calibrateThreshold(detector, split);
  detector.preprocessing = preprocessingToJSON(req.dataset, req.pixelScale);
  const plugins = req.plugins?.length ? { plugins: [...req.plugins] } : {};
  detector.protocol = protocolToJSON({
    version: 1,
    dataset: req.datasetSpec,
    split: req.splitSpec,
    ...plugins,
  });
  await detector.save(req.out, { force: req.force ?? false });
  return { detector, split, thresholdMethod };
}

/**
 * `fitAndSave` as the training commands (`a3 train`, `a3 quickstart`) call it: on the backend
 * named by --backend (default: the fastest installed), storing the recipe's pixel scale so
 * `a3 score` can read raw pixels.
 */
export function fitFromArgs(
  args: Args,
  defaults: RecipeDefaults,
  req: Omit<FitRequest, 'backend' | 'pixelScale'>,
): Promise<FitOutcome> {
  const backend = args.string('backend');
  return fitAndSave({
    ...req,
    ...(backend ? { backend } : {}),
    ...(defaults.pixelScale !== undefined ? { pixelScale: defaults.pixelScale } : {}),
  });
}
