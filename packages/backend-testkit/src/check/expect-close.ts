import { formatShape, type DType } from '@a3/core';

/** Element-wise `|actual − expected| ≤ atol + rtol·|expected|`. A number sets both. */
export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Anything with values: a TensorData, an F64Tensor, or a plain array (then only values are compared). */
export interface Comparable {
  readonly shape?: readonly number[];
  readonly dtype?: DType;
  readonly data: ArrayLike<number>;
}

/** float32 defaults: a few ulps of accumulated rounding on small tensors. */
export const FLOAT32_TOLERANCE: Required<Tolerance> = { rtol: 1e-4, atol: 1e-4 };

export class ComparisonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComparisonError';
  }
}

function asComparable(v: Comparable | ArrayLike<number>): Comparable {
  return 'data' in v && typeof v.data === 'object' ? (v as Comparable) : { data: v as ArrayLike<number> };
}

/**
 * Throws a ComparisonError naming the worst element when `actual` and `expected` differ
 * beyond `tol` (shape and dtype must match when both carry them; int32/bool compare exactly).
 * Framework-agnostic, so backend authors can use it outside vitest too.
 */
export function expectClose(
  actual: Comparable | ArrayLike<number> | undefined,
  expected: Comparable | ArrayLike<number>,
  tol: Tolerance | number = FLOAT32_TOLERANCE,
  label = 'value',
): void {
  if (actual === undefined || actual === null)
    throw new ComparisonError(`${label}: missing (got ${String(actual)}).`);
  const a = asComparable(actual);
  const e = asComparable(expected);
  const { rtol, atol } =
    typeof tol === 'number' ? { rtol: tol, atol: tol } : { ...FLOAT32_TOLERANCE, ...tol };
  if (a.shape && e.shape && a.shape.join(',') !== e.shape.join(',')) {
    throw new ComparisonError(
      `${label}: shape ${formatShape(a.shape)} but expected ${formatShape(e.shape)}.`,
    );
  }
  if (a.dtype && e.dtype && a.dtype !== e.dtype) {
    throw new ComparisonError(`${label}: dtype ${a.dtype} but expected ${e.dtype}.`);
  }
  if (a.data.length !== e.data.length) {
    throw new ComparisonError(`${label}: ${a.data.length} values but expected ${e.data.length}.`);
  }
  const exact = e.dtype === 'int32' || e.dtype === 'bool';
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < e.data.length; i++) {
    const x = Number(a.data[i]);
    const y = Number(e.data[i]);
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    const allowed = exact ? 0 : atol + rtol * Math.abs(y);
    const diff = Math.abs(x - y);
    if (!(diff <= allowed)) {
      bad++;
      const excess = Number.isFinite(diff) ? diff - allowed : Infinity;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (bad > 0) {
    const x = Number(a.data[worst]);
    const y = Number(e.data[worst]);
    const where = e.shape ? ` at ${formatIndex(worst, e.shape)}` : ` at ${worst}`;
    throw new ComparisonError(
      `${label}: ${bad} of ${e.data.length} values differ beyond rtol=${rtol}, atol=${atol}; worst${where}: ` +
        `got ${x}, expected ${y} (|diff| ${Math.abs(x - y).toExponential(3)}).`,
    );
  }
}

function formatIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}
