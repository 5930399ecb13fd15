import { ops, type OpName } from '@a3/core';
import type { PrimitiveCase } from './case';
import { convPrimitiveCases } from './conv-cases';
import { elementwiseCases } from './elementwise-cases';
import { layoutCases } from './layout-cases';

/** Every forward case the suite runs against the reference, in a stable order. */
export function primitiveCases(): PrimitiveCase[] {
  return [...elementwiseCases(), ...layoutCases(), ...convPrimitiveCases()];
}

/**
 * Runs with batch 0: backends must handle empty tensors (an empty last mini-batch, an empty
 * filter result) without crashing and return correctly shaped empty outputs.
 */
export function emptyBatchCases(): PrimitiveCase[] {
  return [
    {
      name: 'Add [0,3] + [1,3]',
      op: 'Add',
      inputs: { a: { shape: [-1, 3] }, b: { shape: [1, 3] } },
      build: ({ a, b }) => ops.add(a, b),
      batches: [0],
    },
    {
      name: 'Relu [0,4]',
      op: 'Relu',
      inputs: { x: { shape: [-1, 4] } },
      build: ({ x }) => ops.relu(x),
      batches: [0],
    },
    {
      name: 'MatMul [0,4] × [4,2]',
      op: 'MatMul',
      inputs: { a: { shape: [-1, 4] }, b: { shape: [4, 2] } },
      build: ({ a, b }) => ops.matMul(a, b),
      batches: [0],
    },
    {
      name: 'ReduceSum [0,3] over axis 1',
      op: 'ReduceSum',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }) => ops.sum(x, 1),
      batches: [0],
    },
    {
      name: 'Concat [0,2] + [0,1] on axis 1',
      op: 'Concat',
      inputs: { a: { shape: [-1, 2] }, b: { shape: [-1, 1] } },
      build: ({ a, b }) => ops.concat([a, b], 1),
      batches: [0],
    },
    {
      name: 'Reshape [0,2,3] → [0,6]',
      op: 'Reshape',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) => ops.reshape(x, [-1, 6]),
      batches: [0],
    },
  ];
}

/** Primitives whose values can't match a reference (checked statistically instead). */
export const STATISTICAL_OPS: readonly OpName[] = ['RandomNormal', 'RandomUniform'];
