import type { Tolerance } from '../check/expect-close';

/** Tolerances of the conformance suite; every field has a float32 default. */
export interface ConformanceTolerance {
  /** Primitive outputs vs the reference (default 1e-4 relative and absolute). */
  primitive?: Tolerance;
  /** Backend gradients vs the reference's gradients (default rtol 1e-3, atol 1e-4). */
  gradient?: Tolerance;
  /** Relative tolerance of the first 10 training losses vs the reference (default 1e-3). */
  loss?: number;
  /** Max relative error of analytic vs finite-difference gradients on the reference (default 1e-5). */
  finiteDifference?: number;
}

export interface ResolvedTolerance {
  primitive: Required<Tolerance>;
  gradient: Required<Tolerance>;
  loss: number;
  finiteDifference: number;
}

export function resolveTolerance(t: ConformanceTolerance = {}): ResolvedTolerance {
  return {
    primitive: { rtol: 1e-4, atol: 1e-4, ...t.primitive },
    gradient: { rtol: 1e-3, atol: 1e-4, ...t.gradient },
    loss: t.loss ?? 1e-3,
    finiteDifference: t.finiteDifference ?? 1e-5,
  };
}
