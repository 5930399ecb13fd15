import { DataError, FormatError, TensorData } from '@a3/core';
import type { Table } from '../table/table';
import { TabularPreprocessor } from './tabular-preprocessor';

/**
 * The preprocessing a model applies to raw rows, as stored in a model's `a3.json`
 * (`preprocessing` slot): a fitted tabular preprocessor (one-hot + scaling, this package's
 * JSON) or pixel scaling (images: raw values ÷ `divideBy`). Everything that scores raw rows —
 * `a3 score`, `a3 export`, the scoring service — rebuilds it with `inputPreprocessingFromJSON`
 * and encodes with `encodeInputTable`, so a row is encoded the same way everywhere.
 */
export type InputPreprocessing =
  { kind: 'tabular'; preprocessor: TabularPreprocessor } | { kind: 'pixels'; divideBy: number };

/** Rebuilds a model's input preprocessing from its `a3.json` slot; `modelDir` names it in messages. */
export function inputPreprocessingFromJSON(json: unknown, modelDir: string): InputPreprocessing {
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
 * The raw columns a model reads, in training order: a tabular model's inputs (categorical ones
 * as text), or one numeric column per pixel (`pixel0`, `pixel1`, …) for an image model.
 */
export function inputColumns(
  pre: InputPreprocessing,
  inputShape: readonly number[],
): { name: string; kind: 'numeric' | 'categorical' }[] {
  switch (pre.kind) {
    case 'tabular':
      return pre.preprocessor.inputs.map((c) => ({ name: c.name, kind: c.kind }));
    case 'pixels':
      return Array.from({ length: sampleWidth(inputShape) }, (_, j) => ({
        name: `pixel${j}`,
        kind: 'numeric' as const,
      }));
    default:
      return unknownKind(pre);
  }
}

/**
 * A table of raw rows as model input [rows, ...inputShape]: the fitted tabular transform
 * (one-hot, scaling), or pixel scaling of the first columns. `firstLine` numbers rows in errors.
 */
export function encodeInputTable(
  pre: InputPreprocessing,
  table: Table,
  inputShape: readonly number[],
  firstLine = 0,
): TensorData<'float32'> {
  switch (pre.kind) {
    case 'tabular':
      return pre.preprocessor.transform(table);
    case 'pixels':
      return pixelsToInput(table, pre.divideBy, inputShape, firstLine);
    default:
      return unknownKind(pre);
  }
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

function unknownKind(pre: never): never {
  throw new FormatError(`unknown input preprocessing ${JSON.stringify(pre)}.`);
}
