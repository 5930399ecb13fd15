import { InvalidArgumentError, Rng, shapeSize, TensorData, type DType } from '@a3/core';

export interface RandomTensorOptions {
  /** Default float32. int32 draws integers in [min, max); bool draws fair coins. */
  dtype?: DType;
  /** Range of the uniform draw; default [-1, 1] for floats, [0, 5) for int32. */
  min?: number;
  max?: number;
  /** Keep |x| ≥ minAbs (away from the kinks of relu/abs/leakyRelu at 0). */
  minAbs?: number;
  /** All values distinct with at least this spacing (no ties for max/maxPool), shuffled. */
  distinct?: number;
  /** Integer-valued floats (so Equal sees real equalities). */
  integers?: boolean;
}

/** A seeded random tensor whose values are exact in float32, for feeding backend and reference alike. */
export function randomTensor(
  rng: Rng,
  shape: readonly number[],
  options: RandomTensorOptions = {},
): TensorData {
  const dtype = options.dtype ?? 'float32';
  const n = shapeSize(shape);
  if (dtype === 'bool')
    return TensorData.bool(
      shape,
      Array.from({ length: n }, () => rng.next() < 0.5),
    );
  if (dtype === 'int32') {
    const lo = options.min ?? 0;
    const hi = options.max ?? 5;
    return TensorData.int32(
      shape,
      Array.from({ length: n }, () => lo + rng.int(hi - lo)),
    );
  }
  const min = options.min ?? -1;
  const max = options.max ?? 1;
  const values = new Float32Array(n);
  if (options.distinct !== undefined) {
    // A shuffled grid with a little jitter: distinct by construction, spacing ≥ distinct / 2.
    const step = options.distinct;
    const order = rng.permutation(n);
    for (let i = 0; i < n; i++) values[i] = min + step * (order[i] + 0.25 * rng.next());
    return new TensorData(shape, 'float32', values);
  }
  const minAbs = options.minAbs ?? 0;
  if (minAbs > 0 && Math.max(Math.abs(min), Math.abs(max)) <= minAbs) {
    throw new InvalidArgumentError(
      `randomTensor: range [${min}, ${max}] has no values with |x| ≥ ${minAbs}.`,
    );
  }
  for (let i = 0; i < n; i++) {
    let v = rng.uniform(min, max);
    while (Math.abs(v) < minAbs) v = rng.uniform(min, max);
    values[i] = options.integers ? Math.floor(v) : v;
  }
  return new TensorData(shape, 'float32', values);
}
