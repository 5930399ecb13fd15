import { writeFileAtomic, type Graph, type TensorData } from '@a3/core';
import { exportOnnxModel, type ExportOptions } from '../export/export';
import { encodeModel } from '../proto/encode';
import { quantizeDynamic, type QuantizeOptions, type QuantizeSummary } from './quantize';

/**
 * saveOnnx with the exported model's MatMuls quantized to int8 (quantizeDynamic): the same
 * inputs, outputs and metadata, a model ~4× smaller in its weights and ~3× cheaper to score.
 * Written atomically (a temp file beside `path`, then a rename).
 */
export async function saveQuantizedOnnx(
  path: string,
  graph: Graph,
  variables: Record<string, TensorData> = {},
  options: ExportOptions & QuantizeOptions = {},
): Promise<QuantizeSummary> {
  const { model, summary } = quantizeDynamic(exportOnnxModel(graph, variables, options), options);
  await writeFileAtomic(path, encodeModel(model), { createFolder: false });
  return summary;
}
