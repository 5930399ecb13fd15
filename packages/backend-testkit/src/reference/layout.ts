import { InvalidArgumentError, ShapeError, shapeSize } from '@a3/core';
import { f64, stridesOf, type F64Tensor } from './f64';

/** Calls `f(flatIndex, multiIndex)` for every element of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], f: (flat: number, idx: readonly number[]) => void): void {
  const n = shapeSize(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    f(k, idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

export type ReduceKind = 'sum' | 'mean' | 'max';

export function reduce(
  x: F64Tensor,
  axes: readonly number[],
  keepDims: boolean,
  kind: ReduceKind,
): F64Tensor {
  const set = new Set(axes);
  const kept = x.shape.map((d, i) => (set.has(i) ? 1 : d));
  const outStrides = stridesOf(kept);
  const acc = new Float64Array(shapeSize(kept)).fill(kind === 'max' ? -Infinity : 0);
  forEachIndex(x.shape, (flat, idx) => {
    let o = 0;
    for (let d = 0; d < idx.length; d++) if (!set.has(d)) o += idx[d] * outStrides[d];
    const v = x.data[flat];
    if (kind === 'max') {
      if (v > acc[o] || Number.isNaN(v)) acc[o] = v;
    } else acc[o] += v;
  });
  if (kind === 'mean') {
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    for (let i = 0; i < acc.length; i++) acc[i] /= count;
  }
  const shape = keepDims ? kept : x.shape.filter((_, i) => !set.has(i));
  return f64(shape, 'float32', acc);
}

/** Resolves one -1 in a reshape target against the runtime size. */
export function resolveReshape(size: number, target: readonly number[]): number[] {
  const out = [...target];
  const k = out.indexOf(-1);
  if (k >= 0) {
    const rest = shapeSize(out.filter((d) => d !== -1));
    out[k] = rest === 0 ? 0 : size / rest;
  }
  if (shapeSize(out) !== size || !out.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`Reshape: cannot reshape ${size} values to [${target.join(', ')}].`);
  }
  return out;
}

export function reshape(x: F64Tensor, target: readonly number[]): F64Tensor {
  return f64(resolveReshape(x.data.length, target), x.dtype, x.data);
}

export function transpose(x: F64Tensor, perm: readonly number[]): F64Tensor {
  const shape = perm.map((p) => x.shape[p]);
  const inStrides = stridesOf(x.shape);
  const step = perm.map((p) => inStrides[p]);
  const out = f64(shape, x.dtype);
  forEachIndex(shape, (flat, idx) => {
    let src = 0;
    for (let d = 0; d < idx.length; d++) src += idx[d] * step[d];
    out.data[flat] = x.data[src];
  });
  return out;
}

export function concat(parts: readonly F64Tensor[], axis: number): F64Tensor {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const out = f64(shape, parts[0].dtype);
  const outer = shapeSize(shape.slice(0, axis));
  const inner = shapeSize(shape.slice(axis + 1));
  let off = 0;
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = p.shape[axis] * inner;
      out.data.set(p.data.subarray(o * chunk, (o + 1) * chunk), off);
      off += chunk;
    }
  }
  return out;
}

export function slice(x: F64Tensor, begin: readonly number[], size: readonly number[]): F64Tensor {
  const shape = x.shape.map((d, i) => (size[i] === -1 ? d - begin[i] : size[i]));
  shape.forEach((len, i) => {
    if (begin[i] < 0 || len < 0 || begin[i] + len > x.shape[i]) {
      throw new ShapeError(
        `Slice: [${begin[i]}, ${begin[i] + len}) is out of range on axis ${i} of [${x.shape.join(', ')}].`,
      );
    }
  });
  const inStrides = stridesOf(x.shape);
  const base = begin.reduce((s, b, i) => s + b * inStrides[i], 0);
  const out = f64(shape, x.dtype);
  forEachIndex(shape, (flat, idx) => {
    let src = base;
    for (let d = 0; d < idx.length; d++) src += idx[d] * inStrides[d];
    out.data[flat] = x.data[src];
  });
  return out;
}

export function pad(x: F64Tensor, pads: readonly (readonly [number, number])[]): F64Tensor {
  const shape = x.shape.map((d, i) => d + pads[i][0] + pads[i][1]);
  const outStrides = stridesOf(shape);
  const out = f64(shape, x.dtype);
  forEachIndex(x.shape, (flat, idx) => {
    let dst = 0;
    for (let d = 0; d < idx.length; d++) dst += (idx[d] + pads[d][0]) * outStrides[d];
    out.data[dst] = x.data[flat];
  });
  return out;
}

export function gather(x: F64Tensor, indices: F64Tensor): F64Tensor {
  const rows = x.shape[0];
  const width = shapeSize(x.shape.slice(1));
  const out = f64([indices.data.length, ...x.shape.slice(1)], x.dtype);
  indices.data.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new InvalidArgumentError(`Gather: index ${r} is out of range [0, ${rows}).`);
    }
    out.data.set(x.data.subarray(r * width, (r + 1) * width), i * width);
  });
  return out;
}

export function matMul(a: F64Tensor, b: F64Tensor, transposeA: boolean, transposeB: boolean): F64Tensor {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const ka = transposeA ? [1, a.shape[1]] : [a.shape[1], 1]; // strides of A as [row m, col k]
  const kb = transposeB ? [1, b.shape[1]] : [b.shape[1], 1]; // strides of B as [row k, col n]
  const out = f64([m, n], 'float32');
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * ka[0] + p * ka[1]] * b.data[p * kb[0] + j * kb[1]];
      out.data[i * n + j] = s;
    }
  }
  return out;
}
