import { InvalidArgumentError, type Graph } from '@a3/core';
import { toF64, type F64Tensor, type RefValue } from '../reference/f64';
import { ReferenceInterpreter } from '../reference/interpreter';

export interface FiniteDifferenceOptions {
  /** Name of the scalar loss output. */
  loss: string;
  /** Fed input name → name of the output holding d loss / d input (as built by `gradients`). */
  gradients: Readonly<Record<string, string>>;
  /** Step, scaled by max(1, |x|); default 1e-5 (near-optimal for central differences in float64). */
  eps?: number;
  /** Denominator floor of the relative error, so gradients near 0 are compared absolutely. Default 1e-3. */
  floor?: number;
  /** Variable values for the reference (default: the graph's initial values). */
  variables?: Record<string, RefValue>;
}

export interface FiniteDifferenceWorst {
  input: string;
  index: number;
  analytic: number;
  numeric: number;
}

export interface FiniteDifferenceResult {
  /** max over all checked elements of |analytic − numeric| / max(|analytic|, |numeric|, floor). */
  maxRelError: number;
  worst: FiniteDifferenceWorst | null;
  /** The same maximum per input. */
  perInput: Record<string, number>;
  analytic: Record<string, F64Tensor>;
  numeric: Record<string, F64Tensor>;
}

/**
 * Compares the graph's own gradient outputs with central finite differences of its loss,
 * both evaluated by the float64 reference: this proves gradient rules independently of any
 * backend. Only fed float inputs can be perturbed; wrap variables as inputs to check them.
 */
export function finiteDifferenceCheck(
  graph: Graph,
  feeds: Record<string, RefValue>,
  options: FiniteDifferenceOptions,
): FiniteDifferenceResult {
  const eps = options.eps ?? 1e-5;
  const floor = options.floor ?? 1e-3;
  const base: Record<string, F64Tensor> = {};
  for (const [k, v] of Object.entries(feeds)) base[k] = toF64(v);
  const fresh = () => new ReferenceInterpreter(graph, { variables: options.variables });
  const gradNames = Object.values(options.gradients);
  const analyticOut = fresh().run(base, { outputs: gradNames, updates: false });
  const lossAt = (f: Record<string, F64Tensor>) =>
    fresh().run(f, { outputs: [options.loss], updates: false })[options.loss].data[0];

  let maxRelError = 0;
  let worst: FiniteDifferenceWorst | null = null;
  const perInput: Record<string, number> = {};
  const analytic: Record<string, F64Tensor> = {};
  const numeric: Record<string, F64Tensor> = {};
  for (const [input, gradName] of Object.entries(options.gradients)) {
    const x = base[input];
    if (!x || x.dtype !== 'float32') {
      throw new InvalidArgumentError(`finiteDifferenceCheck: "${input}" must be a fed float32 input.`);
    }
    const a = analyticOut[gradName];
    if (a.shape.join(',') !== x.shape.join(',')) {
      throw new InvalidArgumentError(
        `finiteDifferenceCheck: gradient "${gradName}" is [${a.shape.join(', ')}] but "${input}" is [${x.shape.join(', ')}].`,
      );
    }
    const num = new Float64Array(x.data.length);
    let local = 0;
    for (let i = 0; i < x.data.length; i++) {
      const h = eps * Math.max(1, Math.abs(x.data[i]));
      const plus = x.data.slice();
      const minus = x.data.slice();
      plus[i] += h;
      minus[i] -= h;
      const lp = lossAt({ ...base, [input]: { ...x, data: plus } });
      const lm = lossAt({ ...base, [input]: { ...x, data: minus } });
      num[i] = (lp - lm) / (2 * h);
      const rel = Math.abs(a.data[i] - num[i]) / Math.max(Math.abs(a.data[i]), Math.abs(num[i]), floor);
      const r = Number.isNaN(rel) ? Infinity : rel;
      if (r > local) local = r;
      if (r > maxRelError || worst === null) {
        if (r >= maxRelError) worst = { input, index: i, analytic: a.data[i], numeric: num[i] };
        maxRelError = Math.max(maxRelError, r);
      }
    }
    perInput[input] = local;
    analytic[input] = a;
    numeric[input] = { shape: x.shape, dtype: 'float32', data: num };
  }
  return { maxRelError, worst, perInput, analytic, numeric };
}
