import { FormatError, TensorData, ops, shapeSize, type Tensor } from '@a3/core';

/** The fitted input scaler as a3.json stores it (`inputScaler`). */
export interface MinMaxScalerJSON {
  type: 'min-max';
  /** Per flattened input value: the smallest and largest value among the training rows. */
  min: number[];
  max: number[];
}

/**
 * Min-max scaling per input value, x' = (x − min) / (max − min), fitted on all training rows
 * (normals and known anomalies, as the paper's protocol and the CLI fit theirs on the training
 * split), so the normal rows the target learns lie in [0, 1] — the range its sigmoid output and
 * BCE loss need. Fitting on the normals alone pushed the known anomalies outside [0, 1] and,
 * without counter-examples, cost AUC on unseen anomalies (synthetic clusters, seeds 1–3:
 * 0.65 / 0.90 / 0.78 against 0.88 / 1.00 / 1.00). Not clipped: rows outside the training range
 * (often the anomalies) keep their distance instead of being folded onto the boundary. A constant value is only shifted (scale 1), as in
 * @a3/data's MinMax. Applied on the host for training and as graph ops in the score graph, so
 * score(), scoreGraph() and exportOnnx() all take unscaled x.
 */
export class MinMaxScaler {
  private constructor(
    readonly min: Float64Array,
    readonly max: Float64Array,
    /** Shape of one sample (the graph constants broadcast over it). */
    readonly sampleShape: readonly number[],
  ) {}

  /** Fits on the given rows of x (all rows when `rows` is omitted). */
  static fit(x: TensorData<'float32'>, rows?: ArrayLike<number>): MinMaxScaler {
    const sampleShape = x.shape.slice(1);
    const width = shapeSize(sampleShape);
    const min = new Float64Array(width).fill(Infinity);
    const max = new Float64Array(width).fill(-Infinity);
    const data = x.data as Float32Array;
    const n = rows ? rows.length : x.shape[0];
    for (let r = 0; r < n; r++) {
      const base = (rows ? rows[r] : r) * width;
      for (let j = 0; j < width; j++) {
        const v = data[base + j];
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    return new MinMaxScaler(min, max, sampleShape);
  }

  /** Reads `inputScaler` from a3.json, checked against the model's input shape. */
  static fromJSON(value: unknown, sampleShape: readonly number[], source: string): MinMaxScaler {
    const width = shapeSize(sampleShape);
    const fail = (why: string): never => {
      throw new FormatError(`${source}: "inputScaler" ${why}; the file is corrupt.`);
    };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('is not an object');
    const o = value as Record<string, unknown>;
    if (o.type !== 'min-max') fail(`has type ${JSON.stringify(o.type)?.slice(0, 40)}, expected "min-max"`);
    const list = (key: 'min' | 'max'): Float64Array => {
      const v = o[key];
      if (!Array.isArray(v) || v.length !== width) {
        fail(`"${key}" must list ${width} numbers (one per input value)`);
      }
      const arr = Float64Array.from(v as unknown[], (d) => (typeof d === 'number' ? d : Number.NaN));
      if (!arr.every(Number.isFinite)) fail(`"${key}" holds a value that is not a finite number`);
      return arr;
    };
    const min = list('min');
    const max = list('max');
    if (min.some((m, j) => m > max[j])) fail('has a minimum above its maximum');
    return new MinMaxScaler(min, max, sampleShape);
  }

  private scales(): Float64Array {
    return this.min.map((m, j) => (this.max[j] > m ? 1 / (this.max[j] - m) : 1));
  }

  /** Scaled copy of x [N, ...sampleShape] (float64 arithmetic, float32 result). */
  transform(x: TensorData<'float32'>): TensorData<'float32'> {
    const width = this.min.length;
    const scale = this.scales();
    const src = x.data as Float32Array;
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const j = i % width;
      out[i] = (src[i] - this.min[j]) * scale[j];
    }
    return TensorData.float32([...x.shape], out);
  }

  /** The same scaling as graph ops on x [N, ...sampleShape]. */
  apply(x: Tensor): Tensor {
    const constant = (v: Float64Array) =>
      x.graph.constant(TensorData.float32([1, ...this.sampleShape], Float32Array.from(v)));
    return ops.mul(ops.sub(x, constant(this.min)), constant(this.scales()));
  }

  toJSON(): MinMaxScalerJSON {
    return { type: 'min-max', min: Array.from(this.min), max: Array.from(this.max) };
  }
}
