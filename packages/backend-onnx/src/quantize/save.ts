import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { IOError, type Graph, type TensorData } from '@a3/core';
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
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, encodeModel(model));
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new IOError(`saveQuantizedOnnx: could not write ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return summary;
}
