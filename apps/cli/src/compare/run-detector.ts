import { A3Error } from '@a3/core';
import {
  A3FitCache,
  contaminationThreshold,
  createDetector,
  DEFAULT_CONTAMINATION,
  type Detector,
  type DetectorProgress,
} from '@a3/model';
import { evaluationMetrics } from '../evaluation/metrics';
import { cannotRun, detectorOptions, type DetectorSpec } from './detectors';
import { viewScores, type ProtocolSplit } from './protocol-split';

/** Test metrics of one detector on one view. */
export interface ViewMetrics {
  aucRoc: number;
  aucPr: number;
  /** F1 / precision / recall at the detector's stored threshold. */
  f1: number;
  precision: number;
  recall: number;
  n: number;
  nAnomalies: number;
}

export type RunStatus = 'ok' | 'skipped' | 'failed';

/** One detector fitted and scored on one seed's split. */
export interface DetectorRun {
  detector: string;
  kind: string;
  seed: number;
  status: RunStatus;
  /** Why it was skipped (UnsuitableDataError, no known anomalies) or how it failed. */
  reason?: string;
  /**
   * Wall-clock seconds of fit() (and of scoring the test part). A fit that reused networks an
   * earlier fit on the split trained (A3FitCache) counts their training time too, so the number
   * is what the fit costs alone.
   */
  fitSeconds?: number;
  /** Of fitSeconds, the training of shared networks this fit reused instead of repeating. */
  sharedSeconds?: number;
  scoreSeconds?: number;
  threshold?: number;
  /** Where the threshold came from: the detector's own fit, or a contamination quantile. */
  thresholdSource?: string;
  /** The backend the detector reports it ran on, if it uses one. */
  backend?: string | null;
  /** Metrics by view name. */
  views: Record<string, ViewMetrics>;
  /** Test-part scores, kept only when asked (for curves); never in JSON. */
  scores?: Float32Array;
}

export interface RunOptions {
  backend?: string;
  /** Per-phase progress of the fit (phase names are the detector's own). */
  onProgress?: (event: DetectorProgress) => void;
  keepScores?: boolean;
  /** Shared by the runs on one split: A³ fits that differ only after training reuse networks. */
  fitCache?: A3FitCache;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** The backend a detector ran on, where it says (A3Detector has `backend`, baselines may too). */
function backendOf(d: Detector): string | null {
  const b = (d as { backend?: { name?: unknown } }).backend;
  return b && typeof b.name === 'string' ? b.name : null;
}

/**
 * Fits one detector on a split and scores its test part. This is the one place the label
 * budget is enforced for every detector alike: fit() gets the split's training rows and their
 * labels (normals + exactly N known anomalies) and nothing else; the threshold is the
 * detector's own (set in fit) or the quantile that flags DEFAULT_CONTAMINATION of the training
 * rows — test labels are read only after scoring, to compute the metrics.
 *
 * A detector that cannot run on the data (UnsuitableDataError, or needs labels and N = 0) is
 * `skipped`; any other error makes the run `failed` with its message — never thrown, so the
 * other detectors still run.
 */
export async function runDetector(
  split: ProtocolSplit,
  spec: DetectorSpec,
  recipe: string,
  options: RunOptions = {},
): Promise<DetectorRun> {
  const base = { detector: spec.name, kind: spec.kind, seed: split.seed, views: {} };
  const why = cannotRun(spec, split.splitSpec.nKnown);
  if (why) return { ...base, status: 'skipped', reason: why };
  let detector: Detector | undefined;
  try {
    detector = createDetector(spec.kind, detectorOptions(spec, recipe));
    const t0 = performance.now();
    const sharedBefore = options.fitCache?.reusedSeconds ?? 0;
    await detector.fit(
      { x: split.train.x, y: split.train.y },
      {
        seed: split.seed,
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.fitCache ? { fitCache: options.fitCache } : {}),
      },
    );
    const sharedSeconds = (options.fitCache?.reusedSeconds ?? 0) - sharedBefore;
    const fitSeconds = seconds(t0) + sharedSeconds;
    let thresholdSource = 'set by the detector’s fit';
    if (detector.threshold === null) {
      detector.threshold = contaminationThreshold(await detector.score(split.train.x), DEFAULT_CONTAMINATION);
      thresholdSource = `flags ${DEFAULT_CONTAMINATION * 100}% of the training rows`;
    }
    const t1 = performance.now();
    const scores = await detector.score(split.test.x);
    const scoreSeconds = seconds(t1);
    const threshold = detector.threshold;
    const views: Record<string, ViewMetrics> = {};
    for (const view of split.views) {
      const m = evaluationMetrics(view.y, viewScores(scores, view), threshold);
      views[view.name] = {
        aucRoc: m.aucRoc,
        aucPr: m.aucPr,
        f1: m.f1,
        precision: m.precision,
        recall: m.recall,
        n: m.n,
        nAnomalies: m.nAnomalies,
      };
    }
    return {
      ...base,
      status: 'ok',
      fitSeconds,
      ...(sharedSeconds > 0 ? { sharedSeconds } : {}),
      scoreSeconds,
      threshold,
      thresholdSource,
      backend: backendOf(detector),
      views,
      ...(options.keepScores ? { scores } : {}),
    };
  } catch (err) {
    if (err instanceof A3Error && err.code === 'A3_UNSUITABLE') {
      return { ...base, status: 'skipped', reason: err.message };
    }
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    return { ...base, status: 'failed', reason: `${message}${code}` };
  } finally {
    detector?.dispose();
  }
}
