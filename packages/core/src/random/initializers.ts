import { InvalidArgumentError } from '../errors/errors';
import { TensorData } from '../tensor/tensor-data';
import type { Rng } from './rng';

/** fan-in / fan-out as Keras computes them (dense [in, out]; conv HWIO: receptive field × channels). */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new InvalidArgumentError(`fans() needs a kernel of rank ≥ 2; got rank ${shape.length}.`);
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

/** Glorot (Xavier) uniform, Keras's default kernel initialiser: U(±sqrt(6 / (fanIn + fanOut))). */
export function glorotUniform(rng: Rng, shape: readonly number[]): TensorData<'float32'> {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return rng.uniformTensor(shape, -limit, limit);
}

/** He (Kaiming) normal-free uniform variant for ReLU stacks: U(±sqrt(6 / fanIn)). */
export function heUniform(rng: Rng, shape: readonly number[]): TensorData<'float32'> {
  const limit = Math.sqrt(6 / fans(shape).fanIn);
  return rng.uniformTensor(shape, -limit, limit);
}

export function zeros(shape: readonly number[]): TensorData<'float32'> {
  return TensorData.float32(shape);
}

export function ones(shape: readonly number[]): TensorData<'float32'> {
  return TensorData.fill(shape, 1);
}
