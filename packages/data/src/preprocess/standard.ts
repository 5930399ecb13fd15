import { FormatError, InvalidArgumentError, ShapeError, TensorData } from '@a3/core';
import { assertFinite, matrixShape } from './feature-matrix';
import { expectNumbers, expectObject, expectType } from './json-checks';

export interface StandardJSON {
  readonly type: 'standard';
  readonly mean: number[];
  readonly std: number[];
}

/**
 * Per-feature standardisation (x − mean) / std fitted on training data, population std as in
 * sklearn's StandardScaler; a constant feature keeps std 1 so it maps to 0 instead of NaN.
 */
export class Standard {
  private constructor(
    readonly mean: Float64Array,
    readonly std: Float64Array,
  ) {}

  get numFeatures(): number {
    return this.mean.length;
  }

  static fit(x: TensorData, featureNames?: readonly string[]): Standard {
    const { rows, cols } = matrixShape(x, 'Standard.fit');
    if (rows === 0) throw new InvalidArgumentError('Standard.fit needs at least one row.');
    assertFinite(x.data, cols, featureNames, 'Standard.fit');
    const d = x.data;
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += d[i * cols + j];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] − E[x]².
    const std = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const dev = d[i * cols + j] - mean[j];
        std[j] += dev * dev;
      }
    }
    for (let j = 0; j < cols; j++) {
      const s = Math.sqrt(std[j] / rows);
      std[j] = s > 0 ? s : 1;
    }
    return new Standard(mean, std);
  }

  transform(x: TensorData): TensorData<'float32'> {
    const out = Float32Array.from(x.data);
    this.transformInPlace(out, matrixShape(x, 'Standard.transform').cols);
    return new TensorData(x.shape, 'float32', out);
  }

  transformInPlace(data: Float32Array, cols: number): void {
    if (cols !== this.numFeatures) {
      throw new ShapeError(`Standard was fitted on ${this.numFeatures} features but got ${cols}.`);
    }
    const { mean, std } = this;
    for (let o = 0; o < data.length; o += cols) {
      for (let j = 0; j < cols; j++) data[o + j] = (data[o + j] - mean[j]) / std[j];
    }
  }

  toJSON(): StandardJSON {
    return { type: 'standard', mean: Array.from(this.mean), std: Array.from(this.std) };
  }

  static fromJSON(json: unknown, path = 'standard'): Standard {
    const o = expectObject(json, path);
    expectType(o, 'standard', path);
    const mean = expectNumbers(o.mean, `${path}.mean`);
    const std = expectNumbers(o.std, `${path}.std`, mean.length);
    if (std.some((s) => s <= 0)) throw new FormatError(`Preprocessor JSON: ${path}.std values must be > 0.`);
    return new Standard(mean, std);
  }
}
