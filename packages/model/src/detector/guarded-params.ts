import {
  FormatError,
  InvalidArgumentError,
  formatShape,
  shapeSize,
  type Graph,
  type Tensor,
  type TensorData,
} from '@a3/core';
import { ParameterCollection, type VariableOptions } from '@a3/nn';
import { MODEL_LIMITS } from '../format/limits';

/**
 * Called before a layer creates a weight: `stored` is the value the collection already holds
 * (none: the layer's initialiser is about to allocate `shape`). Throws to stop the build.
 */
export type ParameterGuard = (name: string, shape: readonly number[], stored: TensorData | undefined) => void;

/**
 * A ParameterCollection that asks a guard before any weight enters a graph, so an architecture
 * is checked weight by weight *before* its initialiser allocates anything: against a size
 * budget when fitting, against the stored tensors when loading (a config edited to 10^6 units
 * fails on its first layer in microseconds instead of allocating gigabytes).
 */
export class GuardedParameters extends ParameterCollection {
  private guard: ParameterGuard | undefined;

  constructor(guard: ParameterGuard, entries?: Iterable<readonly [string, TensorData]>) {
    super(entries);
    this.guard = guard;
  }

  override variable(
    graph: Graph,
    name: string,
    shape: readonly number[],
    init: () => TensorData,
    options?: VariableOptions,
  ): Tensor {
    if (this.guard && !graph.variables.has(name)) {
      this.guard(name, shape, this.has(name) ? this.get(name) : undefined);
    }
    return super.variable(graph, name, shape, init, options);
  }

  /** Stops guarding (the networks are built; later graphs reuse the checked weights). */
  release(): void {
    this.guard = undefined;
  }
}

/** Fitting: new weights may be created while the architecture stays within `limit` weights in total. */
export function parameterBudget(limit: number = MODEL_LIMITS.maxParameters): ParameterGuard {
  let total = 0;
  return (name, shape, stored) => {
    if (stored) return;
    const size = shapeSize(shape);
    total += size;
    if (total > limit) {
      throw new InvalidArgumentError(
        `A3Detector: the architecture needs more than ${limit} weights (the limit, 2^28 = 1 GiB of float32); ` +
          `"${name}" alone is ${formatShape(shape)} = ${size}. Use smaller layers (targetOptions, alarm.hidden) ` +
          'or fewer input features.',
      );
    }
  };
}

/** Loading: every weight must come from the file, with exactly the shape the architecture needs. */
export function storedParameters(source: string): ParameterGuard {
  return (name, shape, stored) => {
    if (!stored) {
      throw new FormatError(
        `${source} has no tensor "${name}" (${formatShape(shape)}), which the architecture in a3.json needs. ` +
          'The weights file is from another model or incomplete.',
      );
    }
    if (stored.shape.join(',') !== shape.join(',')) {
      throw new FormatError(
        `${source}: tensor "${name}" has shape ${formatShape(stored.shape)} but the architecture needs ${formatShape(shape)}.`,
      );
    }
  };
}
