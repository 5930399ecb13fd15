import type { ExportColumns } from '@a3/backend-onnx';
import type { TabularPreprocessor } from '@a3/data';
import { EXPORT_INPUT } from './export-graph';

/** How `a3 export` shapes the model's input. */
export type OnnxInputs = 'columns' | 'tensor';
export const ONNX_INPUTS: readonly OnnxInputs[] = ['columns', 'tensor'];

/**
 * The raw columns of a tabular model as ONNX inputs, in training order: numeric inputs as float,
 * categorical inputs as string with their fitted vocabulary, so the ONNX file one-hot encodes
 * them itself and its consumers (Python jobs, Ray, Spark, a JVM service) feed rows as they are.
 */
export function exportColumns(pre: TabularPreprocessor): ExportColumns {
  const oneHot = pre.oneHot.columns;
  let k = 0;
  return {
    input: EXPORT_INPUT,
    columns: pre.inputs.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, kind: 'numeric' }
        : { name: c.name, kind: 'categorical', categories: oneHot[k++].categories },
    ),
  };
}

/** The column inputs as the model's metadata and `--json` describe them. */
export function describeColumns(columns: ExportColumns): { name: string; type: 'float' | 'string' }[] {
  return columns.columns.map((c) => ({ name: c.name, type: c.kind === 'numeric' ? 'float' : 'string' }));
}
