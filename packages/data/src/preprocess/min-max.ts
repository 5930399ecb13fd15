import { InvalidArgumentError, ShapeError, TensorData } from '@a3/core';
import { assertFinite, matrixShape } from './feature-matrix';
import { expectArray, expectBoolean, expectNumbers, expectObject, expectType } from './json-checks';

export interface MinMaxOptions {
  /** Target range; default [0, 1]. */
  range?: readonly [number, number];
  /** Clip transformed values into the range (unseen data can exceed the training min/max). Default false. */
  clip?: boolean;
}

export interface MinMaxJSON {
  readonly type: 'minmax';
  readonly min: number[];
  readonly max: number[];
  readonly range: [number, number];
  readonly clip: boolean;
}

/**
 * Per-feature min-max scaling fitted on training data, as sklearn's MinMaxScaler: a feature that
 * is constant in training has no spread to divide by, so it is only shifted (maps to range[0]).
 */
export class MinMax {
  private readonly scale: Float64Array;

  private constructor(
    readonly min: Float64Array,
    readonly max: Float64Array,
    readonly range: readonly [number, number],
    readonly clip: boolean,
  ) {
    this.scale = min.map((lo, j) => {
      const spread = max[j] - lo;
      return (range[1] - range[0]) / (spread === 0 ? 1 : spread);
    });
  }

  get numFeatures(): number {
    return this.min.length;
  }

  static fit(x: TensorData, options: MinMaxOptions = {}, featureNames?: readonly string[]): MinMax {
    const { rows, cols } = matrixShape(x, 'MinMax.fit');
    if (rows === 0) throw new InvalidArgumentError('MinMax.fit needs at least one row.');
    const range = options.range ?? [0, 1];
    if (!(range[0] < range[1]))
      throw new InvalidArgumentError(`MinMax range must be increasing, got [${range}].`);
    assertFinite(x.data, cols, featureNames, 'MinMax.fit');
    const min = new Float64Array(cols).fill(Infinity);
    const max = new Float64Array(cols).fill(-Infinity);
    const d = x.data;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = d[o + j];
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    return new MinMax(min, max, [range[0], range[1]], options.clip ?? false);
  }

  transform(x: TensorData): TensorData<'float32'> {
    const out = Float32Array.from(x.data);
    this.transformInPlace(out, matrixShape(x, 'MinMax.transform').cols);
    return new TensorData(x.shape, 'float32', out);
  }

  /** Scales a row-major [rows, numFeatures] buffer in place. */
  transformInPlace(data: Float32Array, cols: number): void {
    if (cols !== this.numFeatures) {
      throw new ShapeError(`MinMax was fitted on ${this.numFeatures} features but got ${cols}.`);
    }
    const { min, scale, clip } = this;
    const [lo, hi] = this.range;
    for (let o = 0; o < data.length; o += cols) {
      for (let j = 0; j < cols; j++) {
        let v = lo + (data[o + j] - min[j]) * scale[j];
        if (clip) v = v < lo ? lo : v > hi ? hi : v;
        data[o + j] = v;
      }
    }
  }

  toJSON(): MinMaxJSON {
    return {
      type: 'minmax',
      min: Array.from(this.min),
      max: Array.from(this.max),
      range: [this.range[0], this.range[1]],
      clip: this.clip,
    };
  }

  static fromJSON(json: unknown, path = 'minmax'): MinMax {
    const o = expectObject(json, path);
    expectType(o, 'minmax', path);
    const min = expectNumbers(o.min, `${path}.min`);
    const max = expectNumbers(o.max, `${path}.max`, min.length);
    const range = expectNumbers(expectArray(o.range, `${path}.range`), `${path}.range`, 2);
    return new MinMax(min, max, [range[0], range[1]], expectBoolean(o.clip, `${path}.clip`));
  }
}
