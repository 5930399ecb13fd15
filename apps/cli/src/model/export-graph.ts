import { Graph, TensorData, UnsupportedError, ops, type Tensor } from '@a3/core';
import type { A3Detector } from '@a3/model';
import { inlineGraph } from './inline-graph';
import type { InputPreprocessing } from './preprocessing';

/** The exported model's input: one row of features before scaling, [N, width]. */
export const EXPORT_INPUT = 'features';

function row(values: ArrayLike<number>): TensorData<'float32'> {
  return TensorData.float32([1, values.length], Float32Array.from(values));
}

/**
 * Scaling as graph ops before the network, so the ONNX file takes unscaled features:
 * min-max as lo + (x − min) · scale (a constant feature only shifts, like @a3/data's MinMax),
 * optionally clipped; standard as (x − mean) / std; pixels as x / divideBy. One-hot encoding
 * needs strings, which ONNX graphs of this IR cannot take: it stays outside (featureNames says
 * which column is which category).
 */
function scaled(x: Tensor, pre: InputPreprocessing): Tensor {
  if (pre.kind === 'pixels') return ops.div(x, pre.divideBy);
  const scaler = pre.preprocessor.toJSON().scaler;
  if (!scaler) return x;
  const g = x.graph;
  if (scaler.type === 'standard') {
    return ops.div(ops.sub(x, g.constant(row(scaler.mean))), g.constant(row(scaler.std)));
  }
  const [lo, hi] = scaler.range;
  const scale = scaler.min.map((m, j) => {
    const spread = scaler.max[j] - m;
    return (hi - lo) / (spread === 0 ? 1 : spread);
  });
  const y = ops.add(ops.mul(ops.sub(x, g.constant(row(scaler.min))), g.constant(row(scale))), lo);
  return scaler.clip ? ops.minimum(ops.maximum(y, lo), hi) : y;
}

/**
 * The inference graph `a3 export` writes: unscaled features [N, width] → scaling → the model's
 * input shape → the detector's own score graph (frozen target → alarm → sigmoid) → "score" [N]
 * in [0, 1], and "anomaly" [N] (1.0 where score ≥ the stored threshold) when it has one.
 */
export function exportGraph(detector: A3Detector, pre: InputPreprocessing): Graph {
  const heads = detector.heads;
  if (heads.length > 0) {
    throw new UnsupportedError(
      `this model combines its alarm with heads (${heads.map((h) => h.detector).join(', ')}) that run outside ` +
        'ONNX, so it has no single ONNX graph. Score it with `a3 score` or `a3 serve`, or train it with ' +
        '`--preset paper` (one alarm network) to export it.',
    );
  }
  const inputShape = detector.inputShape;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const g = new Graph('a3');
  const features = g.input(EXPORT_INPUT, [-1, width]);
  let x = scaled(features, pre);
  if (inputShape.length > 1) x = ops.reshape(x, [-1, ...inputShape]);
  const { score } = inlineGraph(g, detector.scoreGraph(), { x });
  g.output('score', score);
  const t = detector.threshold;
  if (t !== null) g.output('anomaly', ops.sub(1, ops.cast(ops.less(score, t), 'float32')));
  return g;
}
