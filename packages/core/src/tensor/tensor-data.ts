import { DTypeError, InvalidArgumentError, ShapeError } from '../errors/errors';

export type DType = 'float32' | 'int32' | 'bool';

export interface TypedArrayOf {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export type DataArray = TypedArrayOf[DType];

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.map((d) => (d === -1 ? 'N' : String(d))).join(', ')}]`;
}

function arrayDType(data: DataArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

export function allocate<D extends DType>(dtype: D, size: number): TypedArrayOf[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayOf[D];
    case 'int32':
      return new Int32Array(size) as TypedArrayOf[D];
    case 'bool':
      return new Uint8Array(size) as TypedArrayOf[D];
    default:
      throw new InvalidArgumentError(`Unknown dtype "${String(dtype)}". Use float32, int32 or bool.`);
  }
}

/**
 * A dense host tensor: a typed array in row-major order plus its shape.
 * Everything that crosses the a3 API (feeds, outputs, weights) is a TensorData.
 */
export class TensorData<D extends DType = DType> {
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly data: TypedArrayOf[D];

  constructor(shape: readonly number[], dtype: D, data: TypedArrayOf[D]) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) {
        throw new ShapeError(
          `TensorData shape ${JSON.stringify(shape)} is invalid: every dimension must be a non-negative integer.`,
        );
      }
    }
    if (arrayDType(data) !== dtype) {
      throw new DTypeError(
        `TensorData dtype "${dtype}" does not match its ${data.constructor.name}; ` +
          'use Float32Array for float32, Int32Array for int32, Uint8Array for bool.',
      );
    }
    const size = shapeSize(shape);
    if (data.length !== size) {
      throw new ShapeError(
        `TensorData of shape ${formatShape(shape)} needs ${size} values but got ${data.length}.`,
      );
    }
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  static float32(shape: readonly number[], values?: ArrayLike<number>): TensorData<'float32'> {
    const data = values ? Float32Array.from(values) : new Float32Array(shapeSize(shape));
    return new TensorData(shape, 'float32', data);
  }

  static int32(shape: readonly number[], values?: ArrayLike<number>): TensorData<'int32'> {
    const data = values ? Int32Array.from(values) : new Int32Array(shapeSize(shape));
    return new TensorData(shape, 'int32', data);
  }

  static bool(shape: readonly number[], values?: ArrayLike<number | boolean>): TensorData<'bool'> {
    const data = new Uint8Array(shapeSize(shape));
    if (values) for (let i = 0; i < data.length; i++) data[i] = values[i] ? 1 : 0;
    return new TensorData(shape, 'bool', data);
  }

  static scalar(value: number): TensorData<'float32'> {
    return TensorData.float32([], [value]);
  }

  static fill(shape: readonly number[], value: number): TensorData<'float32'> {
    return new TensorData(shape, 'float32', new Float32Array(shapeSize(shape)).fill(value));
  }

  /** Builds a float32 matrix from rows of equal length. */
  static fromRows(rows: readonly (readonly number[])[]): TensorData<'float32'> {
    const cols = rows.length ? rows[0].length : 0;
    const out = new Float32Array(rows.length * cols);
    rows.forEach((r, i) => {
      if (r.length !== cols) {
        throw new ShapeError(
          `Row ${i} has ${r.length} values; row 0 has ${cols}. All rows must be equal length.`,
        );
      }
      out.set(r, i * cols);
    });
    return new TensorData([rows.length, cols], 'float32', out);
  }

  reshape(shape: readonly number[]): TensorData<D> {
    return new TensorData(shape, this.dtype, this.data);
  }

  /** Rows [start, end) along the first axis; shares no memory with this tensor. */
  sliceRows(start: number, end: number): TensorData<D> {
    if (this.rank === 0) throw new ShapeError('sliceRows needs a tensor of rank ≥ 1.');
    const rowSize = this.size / Math.max(1, this.shape[0]);
    const s = Math.max(0, Math.min(start, this.shape[0]));
    const e = Math.max(s, Math.min(end, this.shape[0]));
    const data = this.data.slice(s * rowSize, e * rowSize) as TypedArrayOf[D];
    return new TensorData([e - s, ...this.shape.slice(1)], this.dtype, data);
  }

  /** Gathers rows by index along the first axis. */
  gatherRows(indices: ArrayLike<number>): TensorData<D> {
    const rowSize = this.shape[0] ? this.size / this.shape[0] : shapeSize(this.shape.slice(1));
    const out = allocate(this.dtype, indices.length * rowSize);
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.shape[0]) {
        throw new InvalidArgumentError(`Row index ${r} is out of range [0, ${this.shape[0]}).`);
      }
      out.set(this.data.subarray(r * rowSize, (r + 1) * rowSize) as ArrayLike<number>, i * rowSize);
    }
    return new TensorData([indices.length, ...this.shape.slice(1)], this.dtype, out);
  }

  clone(): TensorData<D> {
    return new TensorData(this.shape, this.dtype, this.data.slice() as TypedArrayOf[D]);
  }

  toArray(): number[] {
    return Array.from(this.data as ArrayLike<number>);
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item() needs a tensor with one value; this one has ${this.size}.`);
    return this.data[0];
  }
}

/** Concatenates tensors along the first axis. */
export function concatRows<D extends DType>(parts: readonly TensorData<D>[]): TensorData<D> {
  if (parts.length === 0) throw new InvalidArgumentError('concatRows needs at least one tensor.');
  const tail = parts[0].shape.slice(1);
  let rows = 0;
  for (const p of parts) {
    if (p.dtype !== parts[0].dtype || p.shape.slice(1).join(',') !== tail.join(',')) {
      throw new ShapeError(
        `concatRows: ${formatShape(p.shape)} ${p.dtype} does not match ${formatShape(parts[0].shape)} ${parts[0].dtype}.`,
      );
    }
    rows += p.shape[0];
  }
  const out = allocate(parts[0].dtype, rows * shapeSize(tail));
  let off = 0;
  for (const p of parts) {
    out.set(p.data as ArrayLike<number>, off);
    off += p.size;
  }
  return new TensorData([rows, ...tail], parts[0].dtype, out);
}
