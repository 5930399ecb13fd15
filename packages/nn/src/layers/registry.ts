import { FormatError, InvalidArgumentError } from '@a3/core';
import type { ActivationName } from '../activations/activations';
import { Activation } from './activation';
import { Conv2D, type Pair } from './conv2d';
import { Dense } from './dense';
import { Dropout } from './dropout';
import type { Layer, LayerJSON } from './layer';
import { Flatten, Reshape } from './reshape';
import { MaxPool2D, UpSampling2D } from './spatial';

/** Rebuilds a layer from its `toJSON().config`. */
export type LayerFactory = (config: LayerJSON['config']) => Layer;

type C = LayerJSON['config'];
const opt = (c: C) => ({ name: c.name, role: c.role });

const factories = new Map<string, LayerFactory>([
  [
    'Dense',
    (c: C) =>
      new Dense(c.units as number, {
        ...opt(c),
        activation: c.activation as ActivationName,
        alpha: c.alpha as number | undefined,
        useBias: c.useBias as boolean | undefined,
      }),
  ],
  [
    'Conv2D',
    (c: C) =>
      new Conv2D(c.filters as number, c.kernelSize as Pair, {
        ...opt(c),
        strides: c.strides as Pair | undefined,
        padding: c.padding as 'same' | 'valid' | undefined,
        activation: c.activation as ActivationName,
        alpha: c.alpha as number | undefined,
        useBias: c.useBias as boolean | undefined,
      }),
  ],
  [
    'MaxPool2D',
    (c: C) =>
      new MaxPool2D(c.poolSize as Pair, {
        ...opt(c),
        strides: c.strides as Pair | undefined,
        padding: c.padding as 'same' | 'valid' | undefined,
      }),
  ],
  ['UpSampling2D', (c: C) => new UpSampling2D(c.size as Pair, opt(c))],
  ['Dropout', (c: C) => new Dropout(c.rate as number, { ...opt(c), seed: c.seed as number | undefined })],
  [
    'Activation',
    (c: C) =>
      new Activation(c.activation as ActivationName, { ...opt(c), alpha: c.alpha as number | undefined }),
  ],
  ['Flatten', (c: C) => new Flatten(opt(c))],
  ['Reshape', (c: C) => new Reshape(c.targetShape as number[], opt(c))],
]);

/** Makes a custom layer class loadable by `Sequential.fromJSON`. */
export function registerLayer(className: string, factory: LayerFactory): void {
  if (!className) throw new InvalidArgumentError('registerLayer needs a class name.');
  factories.set(className, factory);
}

export function layerFromJSON(json: LayerJSON): Layer {
  if (
    !json ||
    typeof json.className !== 'string' ||
    typeof json.config !== 'object' ||
    json.config === null
  ) {
    throw new FormatError(`Layer JSON must look like { className, config }; got ${JSON.stringify(json)}.`);
  }
  const f = factories.get(json.className);
  if (!f) {
    throw new FormatError(
      `Unknown layer class "${json.className}". Known: ${[...factories.keys()].join(', ')}. ` +
        'Register custom layers with registerLayer(className, factory) before loading.',
    );
  }
  return f(json.config);
}
