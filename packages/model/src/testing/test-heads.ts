import { TensorData, UnsuitableDataError } from '@a3/core';
import { checkLabels, checkSamples, type SampleInput } from '../detector/inputs';
import type { Detector, DetectorFitData } from '../detectors/detector';
import { applyThreshold } from '../detectors/detector';
import { expectTensors, readDetectorDir, writeDetectorDir } from '../detectors/detector-dir';
import { registerDetector, unregisterDetector } from '../detectors/registry';
import type { SaveOptions } from '../format/model-dir';

/**
 * Two small, real detectors for the heads tests (@a3/model cannot import @a3/baselines, which
 * depends on it): squared distance to the mean of the normal rows ('test-centroid', like an
 * unsupervised head) and the same distance minus the distance to the known anomalies' mean
 * ('test-labelled', a supervised head: it refuses data without known anomalies, as hgb does), and
 * 'test-inverse', the centroid distance negated: a head that ranks rows backwards, for the tests
 * of choosing among alternative heads.
 */
class CentroidDetector implements Detector {
  threshold: number | null = null;
  private centres: { normal: Float32Array; known: Float32Array | null } | undefined;

  constructor(readonly kind: TestHead) {}

  get fitted(): boolean {
    return this.centres !== undefined;
  }

  async fit(data: DetectorFitData): Promise<this> {
    const x = checkSamples(data.x, 'x');
    const n = x.shape[0];
    const d = x.size / n;
    const y = data.y === undefined ? new Uint8Array(n) : checkLabels(data.y, n);
    const mean = (label: number): Float32Array | null => {
      const m = new Float64Array(d);
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (y[i] !== label) continue;
        count++;
        for (let j = 0; j < d; j++) m[j] += x.data[i * d + j] as number;
      }
      return count ? Float32Array.from(m, (v) => v / count) : null;
    };
    const known = this.kind === 'test-labelled' ? mean(1) : null;
    if (this.kind === 'test-labelled' && !known) {
      throw new UnsuitableDataError('test-labelled: needs known anomalies (label 1) and got none.');
    }
    this.centres = { normal: mean(0)!, known };
    this.threshold = 0;
    return this;
  }

  async score(x: SampleInput): Promise<Float32Array> {
    const rows = checkSamples(x, 'x');
    const c = this.centres!;
    const d = c.normal.length;
    const dist = (i: number, centre: Float32Array) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((rows.data[i * d + j] as number) - centre[j]) ** 2;
      return s;
    };
    return Float32Array.from({ length: rows.shape[0] }, (_, i) =>
      c.known
        ? dist(i, c.normal) - dist(i, c.known)
        : this.kind === 'test-inverse'
          ? -dist(i, c.normal)
          : dist(i, c.normal),
    );
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    return applyThreshold(await this.score(x), this.threshold, this.kind);
  }

  async save(dir: string, options?: SaveOptions): Promise<void> {
    const c = this.centres!;
    const d = c.normal.length;
    await writeDetectorDir(
      dir,
      {
        detector: this.kind,
        inputShape: [d],
        config: {},
        threshold: this.threshold,
        tensors: {
          normal: TensorData.float32([d], c.normal),
          ...(c.known ? { known: TensorData.float32([d], c.known) } : {}),
        },
      },
      options,
    );
  }

  static async load(dir: string, kind: TestHead): Promise<CentroidDetector> {
    const { manifest, tensors } = await readDetectorDir(dir, kind);
    const d = manifest.inputShape[0];
    expectTensors(tensors, { normal: [d], ...(kind === 'test-labelled' ? { known: [d] } : {}) }, dir);
    const det = new CentroidDetector(kind);
    det.centres = {
      normal: tensors.normal.data as Float32Array,
      known: (tensors.known?.data as Float32Array | undefined) ?? null,
    };
    det.threshold = manifest.threshold;
    return det;
  }

  dispose(): void {}
}

export const TEST_HEADS = ['test-centroid', 'test-labelled', 'test-inverse'] as const;
type TestHead = (typeof TEST_HEADS)[number];

/** Registers the test heads (idempotent). */
export function registerTestHeads(): void {
  for (const kind of TEST_HEADS) {
    registerDetector(
      kind,
      {
        description: `test head ${kind}`,
        usesBackend: false,
        needsKnownAnomalies: false,
        create: () => new CentroidDetector(kind),
        load: (dir) => CentroidDetector.load(dir, kind),
      },
      { override: true },
    );
  }
}

export function unregisterTestHeads(): void {
  for (const kind of TEST_HEADS) unregisterDetector(kind);
}
