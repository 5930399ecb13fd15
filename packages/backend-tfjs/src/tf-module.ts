import type * as tfc from '@tensorflow/tfjs-core';

/**
 * The part of the tfjs API the compiler uses. `@tensorflow/tfjs-core`, `@tensorflow/tfjs`,
 * `@tensorflow/tfjs-node` and `@tensorflow/tfjs-node-gpu` all satisfy it, so one compiler
 * serves every tfjs kernel backend: the caller passes the module whose engine should run.
 */
export type TfModule = Pick<
  typeof tfc,
  | 'tidy'
  | 'tensor'
  | 'variable'
  | 'clone'
  | 'memory'
  | 'getBackend'
  | 'setBackend'
  | 'findBackend'
  | 'engine'
  | 'env'
  | 'version_core'
  | 'matMul'
  | 'transpose'
  | 'reverse'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'square'
  | 'relu'
  | 'leakyRelu'
  | 'sigmoid'
  | 'tanh'
  | 'greater'
  | 'less'
  | 'equal'
  | 'notEqual'
  | 'where'
  | 'cast'
  | 'sum'
  | 'mean'
  | 'max'
  | 'reshape'
  | 'concat'
  | 'slice'
  | 'stridedSlice'
  | 'zerosLike'
  | 'pad'
  | 'gather'
  | 'fill'
  | 'broadcastTo'
  | 'conv2d'
  | 'conv2dTranspose'
  | 'maxPool'
  | 'randomNormal'
  | 'randomUniform'
>;

export type TfTensor = tfc.Tensor;
export type TfVariable = tfc.Variable;
