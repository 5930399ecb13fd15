import {
  formatShape,
  InvalidArgumentError,
  planRun,
  ShapeError,
  type Graph,
  type TensorData,
  writeFileAtomic,
} from '@a3/core';
import { GraphBuilder } from '../lower/builder';
import { buildColumnInputs, checkColumns, ML_OPSET, type ExportColumns } from './columns';
import { binder, lowerNodes, wrapModel } from '../lower/lower';
import { bindOutputs, graphOf, valueInfo } from '../lower/values';
import { decodeModel } from '../proto/decode';
import { encodeModel } from '../proto/encode';
import { tensorDataOf } from '../proto/tensor';
import type { ModelProto } from '../proto/types';

export interface ExportOptions {
  /** Graph outputs to export, in this order [all graph outputs]. */
  outputs?: readonly string[];
  /** Graph inputs of the model, in this order [those the outputs need]. May list unused inputs. */
  inputs?: readonly string[];
  /** producer_name ['a3']. */
  producer?: string;
  /** producer_version. */
  producerVersion?: string;
  /** The graph's name in the model [the a3 graph's name]. */
  graphName?: string;
  docString?: string;
  /** metadata_props: free-form key/value strings (e.g. threshold, preprocessing JSON). */
  metadata?: Record<string, string>;
  /**
   * Feed graph input `columns.input` ([N, width] float32) from one model input per raw column
   * instead, categorical columns as strings one-hot encoded inside the model (ai.onnx.ml).
   */
  columns?: ExportColumns;
}

/**
 * A self-contained inference model: graph inputs/outputs under their a3 names (the batch is
 * the symbolic dimension "N"), variables baked in as initializers, no updates, standard
 * ai.onnx opset 18 only (plus ai.onnx.ml's LabelEncoder with `columns`), so any ONNX runtime
 * loads it without a3.
 * `variables` holds current values (e.g. `await exec.readVariables()`); variables it lacks
 * take their initial values from the graph.
 */
export function exportOnnxModel(
  graph: Graph,
  variables: Record<string, TensorData> = {},
  options: ExportOptions = {},
): ModelProto {
  const plan = planRun(graph, { outputs: options.outputs, updates: false });
  if (plan.outputs.length === 0)
    throw new InvalidArgumentError(`exportOnnx: graph "${graph.name}" has no outputs to export.`);
  const inputs = options.inputs ? [...options.inputs] : [...plan.inputs];
  for (const n of inputs) {
    if (!graph.inputs.has(n)) {
      throw new InvalidArgumentError(
        `exportOnnx: graph "${graph.name}" has no input "${n}". Inputs: ${[...graph.inputs.keys()].join(', ')}.`,
      );
    }
  }
  const missing = plan.inputs.filter((n) => !inputs.includes(n));
  if (missing.length)
    throw new InvalidArgumentError(
      `exportOnnx: outputs need inputs ${missing.join(', ')}; add them to options.inputs.`,
    );
  const clash = plan.outputs.filter((o) => inputs.includes(o));
  if (clash.length) {
    throw new InvalidArgumentError(
      `exportOnnx: ${clash.join(', ')} is both an input and an output name; ONNX needs distinct names. Rename the graph output.`,
    );
  }
  for (const name of Object.keys(variables)) {
    if (!graph.variables.has(name))
      throw new InvalidArgumentError(`exportOnnx: graph "${graph.name}" has no variable "${name}".`);
  }
  const columns = options.columns;
  if (columns) checkColumns(graph, columns, [...plan.outputs, ...inputs.filter((n) => n !== columns.input)]);

  const b = new GraphBuilder('#');
  // The column encoding comes first so the nodes stay in topological order.
  const front = columns ? buildColumnInputs(b, columns) : null;
  const baked = new Set<string>();
  const values = lowerNodes(
    b,
    plan.nodes,
    binder(
      b,
      (n) => (front && n === columns?.input ? front.features : n),
      (n) => {
        if (baked.has(n)) return n;
        const v = graph.variables.get(n)!;
        const value = variables[n] ?? v.initialValue;
        if (value.dtype !== v.tensor.dtype || value.shape.join(',') !== v.tensor.shape.join(',')) {
          throw new ShapeError(
            `exportOnnx: value of variable "${n}" is ${formatShape(value.shape)} ${value.dtype}; the graph has ${formatShape(v.tensor.shape)} ${v.tensor.dtype}.`,
          );
        }
        baked.add(n);
        return b.initializer(n, value);
      },
    ),
  );
  bindOutputs(
    b,
    plan.outputs.map((o) => ({ name: o, value: values.get(graph.outputs.get(o)!.id)!.name })),
  );
  const g = graphOf(
    b,
    options.graphName ?? graph.name,
    inputs.flatMap((n) =>
      front && n === columns?.input
        ? front.inputs
        : [valueInfo(n, graph.inputs.get(n)!.dtype, graph.inputs.get(n)!.shape)],
    ),
    plan.outputs.map((o) => valueInfo(o, graph.outputs.get(o)!.dtype, graph.outputs.get(o)!.shape)),
  );
  return wrapModel(g, {
    producerName: options.producer ?? 'a3',
    ...(options.producerVersion !== undefined ? { producerVersion: options.producerVersion } : {}),
    ...(options.docString !== undefined ? { docString: options.docString } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
    ...(front ? { extraOpsets: [ML_OPSET] } : {}),
  });
}

/** exportOnnxModel, serialised: the bytes of a .onnx file. */
export function exportOnnx(
  graph: Graph,
  variables: Record<string, TensorData> = {},
  options: ExportOptions = {},
): Uint8Array {
  return encodeModel(exportOnnxModel(graph, variables, options));
}

/** Writes exportOnnx's bytes to `path` atomically: a temp file beside it, then a rename. */
export async function saveOnnx(
  path: string,
  graph: Graph,
  variables: Record<string, TensorData> = {},
  options: ExportOptions = {},
): Promise<void> {
  await writeFileAtomic(path, exportOnnx(graph, variables, options), { createFolder: false });
}

/**
 * The variables baked into a model exportOnnx wrote (initializers named after them), e.g. to
 * re-load trained weights with `exec.writeVariables`. a3's own constants (named "#…") are left out.
 */
export function readOnnxWeights(bytes: Uint8Array): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const t of decodeModel(bytes).graph.initializers ?? []) {
    if (t.name && !t.name.startsWith('#')) out[t.name] = tensorDataOf(t);
  }
  return out;
}
