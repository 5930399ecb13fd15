import type { Padding } from '@a3/core';
import { attr, type GraphBuilder } from './builder';

/*
 * The IR is NHWC with HWIO filters (TensorFlow's layout); ONNX convs and pools are NCHW with
 * OIHW filters. TF 'same' padding becomes explicit pads with the odd pixel at the bottom/right
 * (what SAME_UPPER does), computed here from static sizes.
 */
export const TO_NCHW = [0, 3, 1, 2];
export const TO_NHWC = [0, 2, 3, 1];

/** [begin, end] padding of one spatial axis, TF style. */
export function tfPads(size: number, kernel: number, stride: number, padding: Padding): [number, number] {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** ONNX pads [top, left, bottom, right]. */
export function pads2d(
  h: number,
  w: number,
  k: readonly [number, number],
  s: readonly [number, number],
  p: Padding,
): number[] {
  const [pt, pb] = tfPads(h, k[0], s[0], p);
  const [pl, pr] = tfPads(w, k[1], s[1], p);
  return [pt, pl, pb, pr];
}

/** Zero- (or `value`-) pads the H and W axes of an NHWC tensor by ONNX-order pads [t, l, b, r]. */
export function padHW(b: GraphBuilder, x: string, pads: readonly number[], value?: number): string {
  if (pads.every((p) => p === 0)) return x;
  const [pt, pl, pb, pr] = pads;
  const inputs = [x, b.int64s([0, pt, pl, 0, 0, pb, pr, 0])];
  if (value !== undefined) inputs.push(b.floatScalar(value));
  return b.op('Pad', inputs, [attr.string('mode', 'constant')]);
}
