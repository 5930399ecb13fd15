import { InvalidArgumentError, ops, type Tensor } from '@a3/core';

/** The activations a layer can apply; `linear` is the identity. */
export const ACTIVATIONS = ['relu', 'leaky-relu', 'sigmoid', 'tanh', 'linear'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Slope for x < 0, as core's ops.leakyRelu and keras.activations.leaky_relu default it. */
export const DEFAULT_LEAKY_ALPHA = 0.2;

export function checkActivation(name: string, where: string): ActivationName {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    throw new InvalidArgumentError(
      `${where}: unknown activation "${name}". Use one of: ${ACTIVATIONS.join(', ')}.`,
    );
  }
  return name as ActivationName;
}

/** Applies a named activation with core primitives. */
export function activate(x: Tensor, name: ActivationName, alpha = DEFAULT_LEAKY_ALPHA): Tensor {
  switch (name) {
    case 'relu':
      return ops.relu(x);
    case 'leaky-relu':
      return ops.leakyRelu(x, alpha);
    case 'sigmoid':
      return ops.sigmoid(x);
    case 'tanh':
      return ops.tanh(x);
    case 'linear':
      return x;
  }
}
