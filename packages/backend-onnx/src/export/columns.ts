import { InvalidArgumentError, type Graph } from '@a3/core';
import type { GraphBuilder } from '../lower/builder';
import { BATCH_DIM } from '../lower/values';
import { int64Tensor } from '../proto/tensor';
import { DataType, type OperatorSetIdProto, type ValueInfoProto } from '../proto/types';

/** One raw column of an exported model's input: a number, or a category one-hot encoded in the graph. */
export type ExportColumn =
  | { readonly name: string; readonly kind: 'numeric' }
  | { readonly name: string; readonly kind: 'categorical'; readonly categories: readonly string[] };

/**
 * Replaces a graph input of shape [N, width] (float32) by one model input per raw column, each
 * [N, 1]: numeric columns as float, categorical columns as string, one-hot encoded inside the
 * model and concatenated in `columns` order into the input the graph expects.
 */
export interface ExportColumns {
  /** The a3 graph input the columns feed, e.g. "features". */
  readonly input: string;
  readonly columns: readonly ExportColumn[];
}

/** The `ai.onnx.ml` opset the encoding needs (LabelEncoder-2: keys_strings → values_int64s). */
export const ML_OPSET: OperatorSetIdProto = { domain: 'ai.onnx.ml', version: 3 };

/** Width a column contributes to the feature vector. */
function width(c: ExportColumn): number {
  return c.kind === 'numeric' ? 1 : c.categories.length;
}

/** Checks the columns against the graph before anything is built: names, kinds, total width. */
export function checkColumns(graph: Graph, spec: ExportColumns, reserved: readonly string[]): void {
  const input = graph.inputs.get(spec.input);
  if (!input) {
    throw new InvalidArgumentError(
      `exportOnnx: columns feed input "${spec.input}", which graph "${graph.name}" does not have.`,
    );
  }
  const total = spec.columns.reduce((s, c) => s + width(c), 0);
  const shape = input.shape;
  if (input.dtype !== 'float32' || shape.length !== 2 || shape[1] !== total) {
    throw new InvalidArgumentError(
      `exportOnnx: input "${spec.input}" is [${shape.join(', ')}] ${input.dtype}; the columns give [N, ${total}] float32.`,
    );
  }
  const taken = new Set([...reserved, ...graph.variables.keys()]);
  const seen = new Set<string>();
  for (const c of spec.columns) {
    if (seen.has(c.name)) throw new InvalidArgumentError(`exportOnnx: column "${c.name}" is listed twice.`);
    if (taken.has(c.name) || c.name.startsWith('#')) {
      throw new InvalidArgumentError(
        `exportOnnx: column "${c.name}" has the name of an output or weight of the model; ONNX needs distinct names. Rename the column.`,
      );
    }
    seen.add(c.name);
    if (c.kind === 'categorical' && new Set(c.categories).size !== c.categories.length) {
      throw new InvalidArgumentError(`exportOnnx: column "${c.name}" lists a category twice.`);
    }
  }
}

/**
 * Builds the encoding nodes into `b` and returns the model inputs and the value holding the
 * [N, width] float features. A categorical column goes through `LabelEncoder` (string → its
 * category's index, −1 when unseen), `Equal` against the constant [0 … k−1] (broadcast to
 * [N, k]) and `Cast` to float: exactly one 1 per known category, all zeros for an unseen one —
 * what a3's one-hot does with unknown: "zeros".
 */
export function buildColumnInputs(
  b: GraphBuilder,
  spec: ExportColumns,
): { inputs: ValueInfoProto[]; features: string } {
  const inputs: ValueInfoProto[] = [];
  const parts: string[] = [];
  for (const c of spec.columns) {
    const type = c.kind === 'numeric' ? DataType.FLOAT : DataType.STRING;
    inputs.push({ name: c.name, type: { elemType: type, shape: [BATCH_DIM, 1] } });
    if (c.kind === 'numeric') {
      parts.push(c.name);
      continue;
    }
    const k = c.categories.length;
    if (k === 0) continue; // no categories seen in training: the column contributes no feature
    const index = b.fresh(`${c.name}.index`);
    b.nodes.push({
      inputs: [c.name],
      outputs: [index],
      opType: 'LabelEncoder',
      domain: ML_OPSET.domain,
      attributes: [
        { name: 'keys_strings', type: 'STRINGS', strings: c.categories },
        { name: 'values_int64s', type: 'INTS', ints: c.categories.map((_, i) => i) },
        { name: 'default_int64', type: 'INT', i: -1 },
      ],
    });
    const range = b.fresh(`${c.name}.range`);
    b.initializers.push(
      int64Tensor(
        range,
        [1, k],
        c.categories.map((_, i) => i),
      ),
    );
    const hot = b.op('Equal', [index, range]);
    parts.push(b.op('Cast', [hot], [{ name: 'to', type: 'INT', i: DataType.FLOAT }]));
  }
  const features =
    parts.length === 1 ? parts[0] : b.op('Concat', parts, [{ name: 'axis', type: 'INT', i: 1 }]);
  return { inputs, features };
}
