import { FormatError, TensorData, shapeSize } from '@a3/core';

/** A fitted min-max scaling as stored in a3.json (the same shape as A³'s `inputScaler`). */
export interface MinMaxJSON {
  type: 'min-max';
  min: number[];
  max: number[];
}

/**
 * Per input value x' = (x − min) / (max − min), a constant value only shifted, not clipped:
 * the scaling A3Detector applies before its target (float64 arithmetic, float32 result), so
 * the autoencoder baseline sees its inputs exactly as A³'s target does.
 */
export class MinMax {
  private constructor(
    private readonly min: Float64Array,
    private readonly max: Float64Array,
  ) {}

  static fit(x: TensorData<'float32'>): MinMax {
    const width = shapeSize(x.shape.slice(1));
    const min = new Float64Array(width).fill(Infinity);
    const max = new Float64Array(width).fill(-Infinity);
    const data = x.data;
    for (let i = 0; i < data.length; i++) {
      const j = i % width;
      if (data[i] < min[j]) min[j] = data[i];
      if (data[i] > max[j]) max[j] = data[i];
    }
    return new MinMax(min, max);
  }

  /** Reads a stored scaling, checked against the input width. */
  static fromJSON(value: unknown, width: number, source: string): MinMax {
    const fail = (why: string): never => {
      throw new FormatError(`${source}: the input scaling ${why}; the file is corrupt.`);
    };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('is not an object');
    const o = value as Record<string, unknown>;
    if (o.type !== 'min-max') fail(`has type ${JSON.stringify(o.type)?.slice(0, 40)}, expected "min-max"`);
    const list = (key: 'min' | 'max'): Float64Array => {
      const v = o[key];
      if (!Array.isArray(v) || v.length !== width) fail(`"${key}" must list ${width} numbers`);
      const arr = Float64Array.from(v as unknown[], (d) => (typeof d === 'number' ? d : Number.NaN));
      if (!arr.every(Number.isFinite)) fail(`"${key}" holds a value that is not a finite number`);
      return arr;
    };
    const min = list('min');
    const max = list('max');
    if (min.some((m, j) => m > max[j])) fail('has a minimum above its maximum');
    return new MinMax(min, max);
  }

  transform(x: TensorData<'float32'>): TensorData<'float32'> {
    const width = this.min.length;
    const scale = this.min.map((m, j) => (this.max[j] > m ? 1 / (this.max[j] - m) : 1));
    const src = x.data;
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const j = i % width;
      out[i] = (src[i] - this.min[j]) * scale[j];
    }
    return TensorData.float32([...x.shape], out);
  }

  toJSON(): MinMaxJSON {
    return { type: 'min-max', min: Array.from(this.min), max: Array.from(this.max) };
  }
}
