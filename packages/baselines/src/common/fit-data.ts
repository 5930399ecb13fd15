import { InvalidArgumentError, type TensorData } from '@a3/core';
import { checkLabels, checkSamples, type DetectorFitData, type SampleInput } from '@a3/model';

/**
 * The rows an unsupervised detector learns from: the normal rows (y = 0) of checked training
 * data. Known anomalies (y = 1) are left out, as the PEERS protocol fits IF / LOF / AE on the
 * training normals: a density or reconstruction model should not learn the anomalies it is told of.
 */
export function normalRows(data: DetectorFitData, kind: string): TensorData<'float32'> {
  if (!data || typeof data !== 'object') {
    throw new InvalidArgumentError(`${kind}: fit(data) needs { x, y? }; got ${String(data)}.`);
  }
  const x = checkSamples(data.x, 'train.x');
  if (data.y === undefined) return x;
  const y = checkLabels(data.y, x.shape[0], 'train.y');
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === 0) rows.push(i);
  if (rows.length === 0) {
    throw new InvalidArgumentError(
      `${kind}: train.y marks every sample as a known anomaly (1); this detector learns from normal samples (y = 0).`,
    );
  }
  return rows.length === y.length ? x : x.gatherRows(rows);
}

/** Checks rows to score against the width the detector was fitted on (finite float32 [N, ...]). */
export function scoreRows(x: SampleInput, inputShape: readonly number[]): TensorData<'float32'> {
  return checkSamples(x, 'x', inputShape);
}

/** The error every method of an unfitted detector raises. */
export function notFitted(kind: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${what}: this ${kind} detector is not fitted. Call fit({ x }) first, or loadDetector(dir).`,
  );
}
