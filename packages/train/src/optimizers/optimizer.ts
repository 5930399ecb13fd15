import { ops, type Graph, type Tensor } from '@a3/core';

/** One trainable variable and its gradient, as an optimiser receives them. */
export interface GradPair {
  /** The variable's graph name (state variables are named after it). */
  readonly name: string;
  readonly variable: Tensor;
  readonly grad: Tensor;
}

export interface ApplyGradientsOptions {
  /**
   * A bool scalar: when false, every variable (weights and optimiser state) keeps its
   * value this step. The NaN guard uses it to skip steps with a non-finite loss.
   */
  guard?: Tensor;
  /** Update group passed to `graph.assign` (default "train"). */
  group?: string;
}

/**
 * An optimiser is a graph builder: `applyGradients` creates its state variables
 * (moments, step count, learning rate) in the graph and schedules their updates with
 * `graph.assign`, so one training step is one `Executable.run` on any backend.
 */
export interface Optimizer {
  readonly name: string;
  /** Prefix of its state variables, e.g. "optimizer/adam". */
  readonly prefix: string;
  readonly config: Readonly<Record<string, number | boolean>>;
  applyGradients(graph: Graph, pairs: readonly GradPair[], options?: ApplyGradientsOptions): void;
  /** Name of the learning-rate variable: write it to change the rate without recompiling. */
  readonly learningRateVariable: string;
}

/**
 * Schedules `variable := value`, or `where(guard, value, variable)` under a guard: the generic
 * way for an optimiser to honour the guard, at one full-size `where` per assignment. The
 * built-in optimisers gate more cheaply (see `gatedGradient`).
 */
export function guardedAssign(
  graph: Graph,
  variable: Tensor,
  value: Tensor,
  options: ApplyGradientsOptions,
): void {
  const v = options.guard ? ops.where(options.guard, value, variable) : value;
  graph.assign(variable, v, options.group ?? 'train');
}

/**
 * The cheap way to honour a guard: one full-size `where` per weight instead of one per
 * assignment. `grad(g)` puts zeros in place of a skipped step's (possibly non-finite)
 * gradient, and `scalar(onStep, onSkip)` picks coefficients, step sizes and counters so that
 * a zero gradient leaves every variable bit-for-bit unchanged, e.g. m·scalar(β, 1) + g·(1−β)
 * = m and w − scalar(lr, 0)·d = w for finite d. Without a guard both are the identity.
 */
export interface StepGate {
  grad(g: Tensor): Tensor;
  scalar(onStep: Tensor | number, onSkip: number): Tensor | number;
}

export function stepGate(options: ApplyGradientsOptions): StepGate {
  const guard = options.guard;
  if (!guard) return { grad: (g) => g, scalar: (onStep) => onStep };
  return {
    grad: (g) => ops.where(guard, g, 0),
    scalar: (onStep, onSkip) => ops.where(guard, onStep, onSkip),
  };
}
