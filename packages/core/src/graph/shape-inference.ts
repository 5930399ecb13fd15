import { DTypeError, InvalidArgumentError, ShapeError } from '../errors/errors';
import { formatShape, shapeSize, type DType } from '../tensor/tensor-data';
import { BATCH, type OpAttrs, type OpName, type Padding } from './ir';

export interface Inferred {
  shape: number[];
  dtype: DType;
}

export interface InputInfo {
  shape: readonly number[];
  dtype: DType;
}

/** NumPy broadcasting where -1 (the batch) only meets -1 or 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i}: ${fmt(da)} vs ${fmt(db)}). ` +
          'Dimensions must be equal or 1; the batch dimension N only broadcasts with N or 1.',
      );
    }
  }
  return out;
}

const fmt = (d: number) => (d === BATCH ? 'N' : String(d));

export function normalizeAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new InvalidArgumentError(`${op}: axis ${axis} is out of range for rank ${rank}.`);
  }
  return a;
}

/** Output size of one spatial dimension of a conv or pool, as TensorFlow defines it. */
export function convOutSize(size: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride);
}

function requireFloat(op: string, inputs: readonly InputInfo[]): void {
  for (const i of inputs) {
    if (i.dtype !== 'float32') {
      throw new DTypeError(
        `${op} needs float32 inputs but got ${i.dtype}. Use ops.cast(x, 'float32') first.`,
      );
    }
  }
}

function requireRank(op: string, shape: readonly number[], rank: number, what = 'input'): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${op} needs a rank-${rank} ${what} but got ${formatShape(shape)}.`);
  }
}

function spatial(op: string, shape: readonly number[]): [number, number] {
  requireRank(op, shape, 4, 'NHWC input');
  if (shape[1] < 0 || shape[2] < 0 || shape[3] < 0) {
    throw new ShapeError(
      `${op}: only the batch (first) dimension may be symbolic; got ${formatShape(shape)}.`,
    );
  }
  return [shape[1], shape[2]];
}

function reduceShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const set = new Set(axes);
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

function reshapeShape(input: readonly number[], target: readonly number[]): number[] {
  const inferIdx = target.indexOf(-1);
  if (target.filter((d) => d === -1).length > 1) {
    throw new ShapeError(`Reshape: target ${JSON.stringify(target)} may contain at most one -1.`);
  }
  const inHasBatch = input.includes(BATCH);
  const inStatic = shapeSize(input.filter((d) => d !== BATCH));
  const outStatic = shapeSize(target.filter((d) => d !== -1));
  if (inHasBatch) {
    if (inferIdx < 0 || inStatic !== outStatic) {
      throw new ShapeError(
        `Reshape: ${formatShape(input)} → ${JSON.stringify(target)} would mix the batch dimension N with ` +
          'other dimensions. Keep N in its own dimension and put -1 where it goes.',
      );
    }
    return [...target];
  }
  if (inferIdx < 0) {
    if (inStatic !== outStatic) {
      throw new ShapeError(
        `Reshape: cannot reshape ${formatShape(input)} (${inStatic} values) to ${JSON.stringify(target)}.`,
      );
    }
    return [...target];
  }
  if (outStatic === 0 || inStatic % outStatic !== 0) {
    throw new ShapeError(
      `Reshape: cannot reshape ${formatShape(input)} (${inStatic} values) to ${JSON.stringify(target)}.`,
    );
  }
  const out = [...target];
  out[inferIdx] = inStatic / outStatic;
  return out;
}

type Rule<K extends OpName> = (inputs: readonly InputInfo[], attrs: OpAttrs[K]) => Inferred;

const binary = (inputs: readonly InputInfo[]): Inferred => {
  requireFloat('binary op', inputs);
  return { shape: broadcastShapes(inputs[0].shape, inputs[1].shape), dtype: 'float32' };
};
const unary = (inputs: readonly InputInfo[]): Inferred => {
  requireFloat('unary op', inputs);
  return { shape: [...inputs[0].shape], dtype: 'float32' };
};
const compare = (inputs: readonly InputInfo[]): Inferred => {
  if (inputs[0].dtype !== inputs[1].dtype) {
    throw new DTypeError(`Comparison of ${inputs[0].dtype} with ${inputs[1].dtype}: cast one side first.`);
  }
  return { shape: broadcastShapes(inputs[0].shape, inputs[1].shape), dtype: 'bool' };
};
const reduce = (inputs: readonly InputInfo[], a: { axes: number[]; keepDims: boolean }): Inferred => {
  requireFloat('reduction', inputs);
  return { shape: reduceShape(inputs[0].shape, a.axes, a.keepDims), dtype: 'float32' };
};
const random = (inputs: readonly InputInfo[], a: { shape: number[] | null }): Inferred => {
  if (a.shape) return { shape: [...a.shape], dtype: 'float32' };
  if (inputs.length !== 1) throw new ShapeError('Random op needs a static shape or one reference input.');
  return { shape: [...inputs[0].shape], dtype: 'float32' };
};

const rules: { [K in OpName]: Rule<K> } = {
  Input: () => {
    throw new ShapeError('Input shapes are declared, not inferred.');
  },
  Variable: () => {
    throw new ShapeError('Variable shapes come from their initial value.');
  },
  Const: (_i, a) => ({ shape: [...a.value.shape], dtype: a.value.dtype }),
  FillLike: (i) => ({ shape: [...i[0].shape], dtype: 'float32' }),
  BroadcastLike: (i) => {
    const out = broadcastShapes(i[0].shape, i[1].shape, 'BroadcastLike');
    if (out.join(',') !== i[1].shape.join(',')) {
      throw new ShapeError(
        `BroadcastLike: ${formatShape(i[0].shape)} does not broadcast to ${formatShape(i[1].shape)}.`,
      );
    }
    return { shape: out, dtype: i[0].dtype };
  },
  MatMul: (i, a) => {
    requireFloat('MatMul', i);
    requireRank('MatMul', i[0].shape, 2, 'left operand');
    requireRank('MatMul', i[1].shape, 2, 'right operand');
    const [m, k1] = a.transposeA ? [i[0].shape[1], i[0].shape[0]] : [i[0].shape[0], i[0].shape[1]];
    const [k2, n] = a.transposeB ? [i[1].shape[1], i[1].shape[0]] : [i[1].shape[0], i[1].shape[1]];
    if (k1 !== k2) {
      throw new ShapeError(
        `MatMul: inner dimensions differ: ${formatShape(i[0].shape)}${a.transposeA ? 'ᵀ' : ''} × ` +
          `${formatShape(i[1].shape)}${a.transposeB ? 'ᵀ' : ''} (${fmt(k1)} vs ${fmt(k2)}).`,
      );
    }
    return { shape: [m, n], dtype: 'float32' };
  },
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  Pow: binary,
  Maximum: binary,
  Minimum: binary,
  Neg: unary,
  Abs: unary,
  Exp: unary,
  Log: unary,
  Sqrt: unary,
  Square: unary,
  Relu: unary,
  LeakyRelu: unary,
  Sigmoid: unary,
  Tanh: unary,
  Greater: compare,
  Less: compare,
  Equal: compare,
  Where: (i) => {
    if (i[0].dtype !== 'bool') throw new DTypeError(`Where needs a bool condition but got ${i[0].dtype}.`);
    if (i[1].dtype !== i[2].dtype)
      throw new DTypeError(`Where branches differ: ${i[1].dtype} vs ${i[2].dtype}.`);
    const s = broadcastShapes(broadcastShapes(i[0].shape, i[1].shape, 'Where'), i[2].shape, 'Where');
    return { shape: s, dtype: i[1].dtype };
  },
  Cast: (i, a) => ({ shape: [...i[0].shape], dtype: a.to }),
  ReduceSum: reduce,
  ReduceMean: reduce,
  ReduceMax: reduce,
  Reshape: (i, a) => ({ shape: reshapeShape(i[0].shape, a.shape), dtype: i[0].dtype }),
  Transpose: (i, a) => {
    const r = i[0].shape.length;
    if (a.perm.length !== r || [...a.perm].sort((x, y) => x - y).some((p, k) => p !== k)) {
      throw new ShapeError(`Transpose: perm ${JSON.stringify(a.perm)} is not a permutation of 0..${r - 1}.`);
    }
    return { shape: a.perm.map((p) => i[0].shape[p]), dtype: i[0].dtype };
  },
  Concat: (i, a) => {
    const first = i[0].shape;
    const out = [...first];
    out[a.axis] = 0;
    for (const t of i) {
      if (t.shape.length !== first.length || t.dtype !== i[0].dtype) {
        throw new ShapeError(
          `Concat: ${formatShape(t.shape)} ${t.dtype} does not match ${formatShape(first)} ${i[0].dtype}.`,
        );
      }
      t.shape.forEach((d, k) => {
        if (k !== a.axis && d !== first[k]) {
          throw new ShapeError(
            `Concat on axis ${a.axis}: ${formatShape(t.shape)} vs ${formatShape(first)} differ on axis ${k}.`,
          );
        }
      });
      if (t.shape[a.axis] === BATCH) {
        throw new ShapeError(
          'Concat along the batch dimension is not supported: run the parts through the network separately.',
        );
      }
      out[a.axis] += t.shape[a.axis];
    }
    return { shape: out, dtype: i[0].dtype };
  },
  Slice: (i, a) => {
    const s = i[0].shape;
    if (a.begin.length !== s.length || a.size.length !== s.length) {
      throw new ShapeError(`Slice: begin/size need ${s.length} entries for ${formatShape(s)}.`);
    }
    return {
      shape: s.map((d, k) => {
        const b = a.begin[k];
        const z = a.size[k];
        if (d === BATCH) {
          if (b !== 0 || z !== -1)
            throw new ShapeError('Slice: the batch dimension can only be kept whole (begin 0, size -1).');
          return BATCH;
        }
        const len = z === -1 ? d - b : z;
        if (b < 0 || len < 0 || b + len > d) {
          throw new ShapeError(
            `Slice: [${b}, ${b + len}) is out of range on axis ${k} of ${formatShape(s)}.`,
          );
        }
        return len;
      }),
      dtype: i[0].dtype,
    };
  },
  Pad: (i, a) => {
    const s = i[0].shape;
    if (a.pads.length !== s.length)
      throw new ShapeError(`Pad: pads need ${s.length} pairs for ${formatShape(s)}.`);
    return {
      shape: s.map((d, k) => {
        const [p0, p1] = a.pads[k];
        if (d === BATCH) {
          if (p0 || p1) throw new ShapeError('Pad: the batch dimension cannot be padded.');
          return BATCH;
        }
        return d + p0 + p1;
      }),
      dtype: i[0].dtype,
    };
  },
  Gather: (i) => {
    if (i[1].dtype !== 'int32' || i[1].shape.length !== 1) {
      throw new DTypeError(`Gather needs 1-D int32 indices; got ${i[1].dtype} ${formatShape(i[1].shape)}.`);
    }
    if (i[0].shape[0] === BATCH)
      throw new ShapeError('Gather: the source must have a static first dimension.');
    return { shape: [i[1].shape[0], ...i[0].shape.slice(1)], dtype: i[0].dtype };
  },
  Conv2D: (i, a) => {
    requireFloat('Conv2D', i);
    const [h, w] = spatial('Conv2D', i[0].shape);
    requireRank('Conv2D', i[1].shape, 4, 'HWIO filter');
    const [kh, kw, cin, cout] = i[1].shape;
    if (cin !== i[0].shape[3]) {
      throw new ShapeError(`Conv2D: filter expects ${cin} input channels, input has ${i[0].shape[3]}.`);
    }
    return {
      shape: [
        i[0].shape[0],
        convOutSize(h, kh, a.strides[0], a.padding),
        convOutSize(w, kw, a.strides[1], a.padding),
        cout,
      ],
      dtype: 'float32',
    };
  },
  Conv2DBackpropInput: (i, a) => {
    requireFloat('Conv2DBackpropInput', i);
    return { shape: [i[0].shape[0], ...a.inputShape], dtype: 'float32' };
  },
  Conv2DBackpropFilter: (i, a) => {
    requireFloat('Conv2DBackpropFilter', i);
    return { shape: [...a.filterShape], dtype: 'float32' };
  },
  MaxPool2D: (i, a) => {
    requireFloat('MaxPool2D', i);
    const [h, w] = spatial('MaxPool2D', i[0].shape);
    return {
      shape: [
        i[0].shape[0],
        convOutSize(h, a.poolSize[0], a.strides[0], a.padding),
        convOutSize(w, a.poolSize[1], a.strides[1], a.padding),
        i[0].shape[3],
      ],
      dtype: 'float32',
    };
  },
  MaxPoolGrad: (i) => ({ shape: [...i[0].shape], dtype: 'float32' }),
  UpSampling2D: (i, a) => {
    requireFloat('UpSampling2D', i);
    const [h, w] = spatial('UpSampling2D', i[0].shape);
    return { shape: [i[0].shape[0], h * a.scale[0], w * a.scale[1], i[0].shape[3]], dtype: 'float32' };
  },
  RandomNormal: random,
  RandomUniform: random,
};

export function inferShape<K extends OpName>(
  op: K,
  inputs: readonly InputInfo[],
  attrs: OpAttrs[K],
): Inferred {
  return (rules[op] as Rule<K>)(inputs, attrs);
}
