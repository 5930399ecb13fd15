import { DataError, FormatError, TensorData } from '@a3/core';
import { TabularPreprocessor, type LoadedDataset, type Table } from '@a3/data';
import type { JsonValue } from '@a3/model';

/** Images: raw pixel values divided by `divideBy` (the recipe's ÷255), then shaped like the input. */
export interface PixelPreprocessing {
  type: 'pixels';
  divideBy: number;
}

/**
 * The preprocessing a model applies to raw rows, as stored in a3.json: a fitted tabular
 * preprocessor (@a3/data's JSON) or pixel scaling. Rebuilt from JSON by `a3 score` / `export`.
 */
export type InputPreprocessing =
  { kind: 'tabular'; preprocessor: TabularPreprocessor } | { kind: 'pixels'; divideBy: number };

/** What `a3 train` stores for a loaded data set. */
export function preprocessingToJSON(dataset: LoadedDataset, pixelScale: number | undefined): JsonValue {
  if (dataset.preprocessor) return dataset.preprocessor.toJSON() as unknown as JsonValue;
  if (pixelScale !== undefined) return { type: 'pixels', divideBy: pixelScale };
  return null;
}

export function preprocessingFromJSON(json: unknown, modelDir: string): InputPreprocessing {
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    if (o.type === 'pixels' && typeof o.divideBy === 'number' && o.divideBy > 0) {
      return { kind: 'pixels', divideBy: o.divideBy };
    }
    if (o.type === 'tabular') {
      try {
        return { kind: 'tabular', preprocessor: TabularPreprocessor.fromJSON(json) };
      } catch (err) {
        throw new FormatError(
          `The model at ${modelDir} has corrupt preprocessing in a3.json: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
  }
  throw new FormatError(
    `The model at ${modelDir} stores no preprocessing the CLI knows (${JSON.stringify(json)?.slice(0, 60)}); ` +
      'models trained with `a3 train` or `a3 quickstart` carry it. Retrain with the CLI.',
  );
}

/** Flattened width of one sample, e.g. 784 for [28, 28, 1]. */
export function sampleWidth(inputShape: readonly number[]): number {
  return inputShape.reduce((a, b) => a * b, 1);
}

/**
 * A chunk of raw pixel rows (one numeric column per pixel, in row-major image order; extra
 * trailing columns such as a label are ignored) as model input.
 */
export function pixelsToInput(
  table: Table,
  divideBy: number,
  inputShape: readonly number[],
  firstLine: number,
): TensorData<'float32'> {
  const width = sampleWidth(inputShape);
  const columns = table.columns.slice(0, width);
  if (columns.length < width) {
    throw new DataError(
      `the CSV has ${table.columns.length} columns but the model reads ${width} pixel columns per row ` +
        `(an image of ${inputShape.join('×')}).`,
    );
  }
  const rows = table.rowCount;
  const out = new Float32Array(rows * width);
  columns.forEach((c, j) => {
    if (c.kind !== 'numeric') {
      throw new DataError(
        `column ${j + 1} ("${c.name}") holds text near line ${firstLine}; pixel columns must be numbers.`,
      );
    }
    for (let i = 0; i < rows; i++) out[i * width + j] = c.values[i] / divideBy;
  });
  return new TensorData([rows, ...inputShape], 'float32', out);
}
