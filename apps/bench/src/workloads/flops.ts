import { BATCH, InvalidArgumentError, type Graph } from '@a3/core';

/**
 * Analytic FLOP counts (a multiply-add = 2 FLOPs). Only matrix products and convolutions
 * are counted — they are > 95 % of the arithmetic of every workload here; elementwise ops,
 * pooling and the optimiser update are left out, as MLPerf-style counts do.
 */

/** A training step (forward + backward: grad w.r.t. inputs and weights) ≈ 3 forward passes. */
export const TRAIN_FLOP_FACTOR = 3;

function checkDims(what: string, dims: Record<string, number>): void {
  for (const [k, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 0)
      throw new InvalidArgumentError(`${what}: ${k} must be a non-negative integer; got ${v}.`);
  }
}

/** One dense layer's forward matmul: 2·in·out per sample. */
export function denseFlops(inUnits: number, outUnits: number, batch: number): number {
  checkDims('denseFlops', { inUnits, outUnits, batch });
  return 2 * inUnits * outUnits * batch;
}

/** Forward FLOPs of an MLP with layer widths `sizes` (input first), e.g. [725, 1000, 500, 200, 75, 1]. */
export function mlpFlops(sizes: readonly number[], batch: number): number {
  if (sizes.length < 2)
    throw new InvalidArgumentError('mlpFlops: give at least the input and one layer width.');
  let total = 0;
  for (let i = 1; i < sizes.length; i++) total += denseFlops(sizes[i - 1], sizes[i], batch);
  return total;
}

export interface ConvShape {
  outHeight: number;
  outWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  inChannels: number;
  outChannels: number;
}

/** One convolution's forward pass: 2·kh·kw·cin per output element. */
export function conv2dFlops(s: ConvShape, batch: number): number {
  checkDims('conv2dFlops', { ...s, batch });
  return 2 * s.outHeight * s.outWidth * s.outChannels * s.kernelHeight * s.kernelWidth * s.inChannels * batch;
}

function elements(shape: readonly number[], batch: number): number {
  return shape.reduce((n, d) => n * (d === BATCH ? batch : d), 1);
}

/**
 * Forward FLOPs of every MatMul and Conv2D in `graph` at batch size `batch` (the graph's
 * symbolic batch dimension, -1, takes that value). Count an inference graph; for a training
 * step multiply by {@link TRAIN_FLOP_FACTOR}.
 */
export function graphForwardFlops(graph: Graph, batch: number): number {
  checkDims('graphForwardFlops', { batch });
  let total = 0;
  for (const node of graph.nodes) {
    if (node.op === 'MatMul') {
      const a = graph.nodes[node.inputs[0]].shape;
      const k = node.attrs.transposeA ? a[a.length - 2] : a[a.length - 1];
      total += 2 * elements(node.shape, batch) * k;
    } else if (node.op === 'Conv2D') {
      const [kh, kw, cin] = graph.nodes[node.inputs[1]].shape;
      total += 2 * elements(node.shape, batch) * kh * kw * cin;
    } else if (node.op === 'Conv2DBackpropInput' || node.op === 'Conv2DBackpropFilter') {
      throw new InvalidArgumentError(
        `graphForwardFlops counts forward graphs; graph "${graph.name}" has a ${node.op}. ` +
          'Count the inference graph and multiply by TRAIN_FLOP_FACTOR for training.',
      );
    }
  }
  return total;
}
