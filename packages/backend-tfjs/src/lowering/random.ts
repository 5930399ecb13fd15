import type { NodeOf } from '@a3/core';
import type { TfModule } from '../tf-module';
import type { Kernel, KernelContext } from './types';

/**
 * tfjs has no global seed: a random op with a fixed seed repeats the same values on every
 * call. Each draw therefore gets its own seed, mixed from the node's seed and how many times
 * the node drew before in this executable: fresh values every run, and the same sequence for
 * a new executable of the same graph. (tfjs seeds are identical across cpu, wasm and tfjs-node.)
 */
export function drawSeed(seed: number, draw: number): number {
  let h = (seed ^ Math.imul(draw + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomNormal(tf: TfModule, node: NodeOf<'RandomNormal'>, ctx: KernelContext): Kernel {
  const { shape, mean, std, seed } = node.attrs;
  return (x) =>
    tf.randomNormal(shape ?? x[0].shape, mean, std, 'float32', drawSeed(seed, ctx.nextDraw(node.id)));
}

export function randomUniform(tf: TfModule, node: NodeOf<'RandomUniform'>, ctx: KernelContext): Kernel {
  const { shape, min, max, seed } = node.attrs;
  return (x) =>
    tf.randomUniform(shape ?? x[0].shape, min, max, 'float32', drawSeed(seed, ctx.nextDraw(node.id)));
}
