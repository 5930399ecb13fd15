import { DataError, InvalidArgumentError, ShapeError, TensorData, formatShape } from '@a3/core';

/** Samples: a float32 TensorData [N, ...sampleShape], or rows of numbers for tabular data. */
export type SampleInput = TensorData | readonly (readonly number[])[];
/** One 0/1 label per sample: 0 = normal, 1 = known anomaly. */
export type LabelInput = ArrayLike<number> | TensorData;

/**
 * Turns user samples into float32 [N, ...] data and checks them up front, so a bad input
 * fails here with its row and column instead of as NaN losses or a backend shape error.
 */
export function checkSamples(
  x: SampleInput,
  what: string,
  sampleShape?: readonly number[],
): TensorData<'float32'> {
  let t: TensorData;
  if (x instanceof TensorData) t = x;
  else if (Array.isArray(x)) t = TensorData.fromRows(x);
  else {
    throw new InvalidArgumentError(
      `${what} must be a float32 TensorData [N, ...] or an array of rows; got ${describe(x)}.`,
    );
  }
  if (t.dtype !== 'float32') {
    throw new InvalidArgumentError(
      `${what} is ${t.dtype}; convert it to float32 (TensorData.float32(shape, values)).`,
    );
  }
  if (t.rank < 2) {
    throw new ShapeError(
      `${what} has shape ${formatShape(t.shape)}; it needs a leading sample axis, e.g. [N, features]. ` +
        'For one sample use x.reshape([1, ...shape]).',
    );
  }
  if (t.shape[0] === 0)
    throw new InvalidArgumentError(`${what} has no samples (shape ${formatShape(t.shape)}).`);
  if (sampleShape && t.shape.slice(1).join(',') !== sampleShape.join(',')) {
    throw new ShapeError(
      `${what} has samples of shape ${formatShape(t.shape.slice(1))} but the detector was fitted on ` +
        `${formatShape(sampleShape)}. Apply the same preprocessing (same columns, same one-hot encoding) as in training.`,
    );
  }
  const data = t.data as Float32Array;
  const width = t.size / t.shape[0];
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / width);
      throw new DataError(
        `${what} row ${row}, column ${i - row * width} is ${data[i]}; every value must be a finite number. ` +
          'Impute or drop missing values before fitting or scoring.',
      );
    }
  }
  return t as TensorData<'float32'>;
}

/** Checks one label per sample, each exactly 0 or 1. */
export function checkLabels(y: LabelInput, n: number, what = 'y'): Uint8Array {
  const values: ArrayLike<number> = y instanceof TensorData ? (y.data as ArrayLike<number>) : y;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvalidArgumentError(`${what} must be an array of 0/1 labels; got ${describe(y)}.`);
  }
  if (values.length !== n) {
    throw new InvalidArgumentError(
      `${what} has ${values.length} labels but x has ${n} samples; pass one label per sample.`,
    );
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) {
      throw new InvalidArgumentError(
        `${what}[${i}] is ${String(v)}; labels must be 0 (normal) or 1 (known anomaly). ` +
          "Map class names to 0/1 first (e.g. with @a3/data's semi-supervised split).",
      );
    }
    out[i] = v;
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'an object') : typeof v;
}
