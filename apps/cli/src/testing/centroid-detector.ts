// Test detectors and data for a3 compare and the quality runner: real (if tiny) detectors, no mocks.
import { writeFileSync } from 'node:fs';
import type { DataRequest } from '../compare/prepare-seed';
import { Rng, UnsuitableDataError, UnsupportedError, type TensorData } from '@a3/core';
import {
  applyThreshold,
  checkLabels,
  checkSamples,
  type Detector,
  type DetectorEntry,
  type DetectorFitData,
  type SampleInput,
} from '@a3/model';

/**
 * A real, tiny detector: Euclidean distance to the mean of the training normals. `labelled`
 * refuses data without known anomalies (as a supervised detector does); `broken` fails in fit.
 */
export class CentroidDetector implements Detector {
  threshold: number | null = null;
  private centre: Float64Array | null = null;
  constructor(
    readonly kind: string,
    private readonly mode: 'plain' | 'labelled' | 'broken' = 'plain',
  ) {}
  get fitted() {
    return this.centre !== null;
  }
  async fit(data: DetectorFitData): Promise<this> {
    if (this.mode === 'broken') throw new Error('boom: this detector always fails');
    const x = checkSamples(data.x, 'x');
    const n = x.shape[0];
    const y = data.y === undefined ? new Uint8Array(n) : checkLabels(data.y, n, 'y');
    if (this.mode === 'labelled' && !y.includes(1)) {
      throw new UnsuitableDataError('needs known anomalies (label 1) and got none');
    }
    this.centre = centroid(x, y);
    return this;
  }
  async score(input: SampleInput): Promise<Float32Array> {
    return Float32Array.from(distances(checkSamples(input, 'x'), this.centre!));
  }
  async predict(x: SampleInput): Promise<Uint8Array> {
    return applyThreshold(await this.score(x), this.threshold, this.kind);
  }
  async save(): Promise<void> {
    throw new UnsupportedError('test detector: no save');
  }
  dispose(): void {}
}

export function centroid(x: TensorData, y: Uint8Array): Float64Array {
  const [n, d] = x.shape;
  const c = new Float64Array(d);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0) continue;
    count++;
    for (let j = 0; j < d; j++) c[j] += x.data[i * d + j];
  }
  return c.map((v) => v / count);
}

export function distances(x: TensorData, c: Float64Array): number[] {
  const [n, d] = x.shape;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x.data[i * d + j] - c[j]) ** 2;
    return Math.sqrt(s);
  });
}

export const centroidEntry = (
  kind: string,
  mode: 'plain' | 'labelled' | 'broken',
  extra: Partial<DetectorEntry> = {},
) => ({
  description: `test detector ${kind}`,
  usesBackend: false,
  create: () => new CentroidDetector(kind, mode),
  load: () => Promise.reject(new UnsupportedError('test detector')),
  ...extra,
});

export const TEST_DETECTORS = {
  'test-centroid': centroidEntry('test-centroid', 'plain'),
  'test-labelled': centroidEntry('test-labelled', 'labelled'),
  'test-flagged': centroidEntry('test-flagged', 'plain', { needsKnownAnomalies: true }),
  'test-broken': centroidEntry('test-broken', 'broken'),
};

/** The compare flags for writeOverlapCsv's file: normal vs 5 known "spike" rows. */
export function overlapRequest(csv: string): DataRequest {
  return {
    values: {
      dataset: 'csv',
      file: csv,
      'label-column': 'label',
      drop: 'id',
      normal: 'normal',
      known: 'spike',
      'n-known': '5',
    },
  };
}

/**
 * Overlapping classes, so AUCs are neither 0.5 nor 1: normals N(0, 1) in four features, "spike"
 * shifted by 0.8 in each, "drift" with twice the spread; an id column that is not a feature.
 */
export function writeOverlapCsv(file: string, rows: number, seed: number): string {
  const r = new Rng(seed);
  const out = ['id,x0,x1,x2,x3,label'];
  for (let i = 0; i < rows; i++) {
    const u = r.next();
    const label = u < 0.8 ? 'normal' : u < 0.9 ? 'spike' : 'drift';
    const v = Array.from({ length: 4 }, () =>
      (label === 'spike' ? r.normal(0.8, 1) : r.normal(0, label === 'drift' ? 2 : 1)).toFixed(4),
    );
    out.push([`r${i}`, ...v, label].join(','));
  }
  writeFileSync(file, out.join('\n') + '\n');
  return file;
}
