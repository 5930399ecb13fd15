import { gradients, NotDifferentiableError, ops, PRIMITIVES, type OpName, type Tensor } from '@a3/core';
import { buildCaseGraph } from './case';
import { GRADIENT_CHECKED_OPS } from './gradient-cases';
import { primitiveCases, STATISTICAL_OPS } from './primitive-cases';

/** Primitives in PRIMITIVES that no forward case (or statistical check) exercises. */
export function primitivesWithoutCases(): OpName[] {
  const covered = new Set<OpName>([...primitiveCases().map((c) => c.op), ...STATISTICAL_OPS]);
  return PRIMITIVES.filter((op) => !covered.has(op));
}

function isZeroFallback(grad: Tensor, wrt: Tensor): boolean {
  const n = grad.node;
  return n.op === 'FillLike' && n.attrs.value === 0 && n.inputs[0] === wrt.id;
}

/**
 * Primitives through which core's `gradients` actually propagates, found by probing every
 * forward case's node of that op (not from a hand-kept list, so a newly added rule shows up).
 */
export function differentiablePrimitives(): OpName[] {
  const found = new Set<OpName>();
  for (const c of primitiveCases()) {
    if (found.has(c.op)) continue;
    const { graph } = buildCaseGraph(c);
    for (const node of [...graph.nodes]) {
      if (node.op !== c.op || node.dtype !== 'float32') continue;
      const wrt = node.inputs.map((i) => graph.tensor(i)).filter((t) => t.dtype === 'float32');
      if (wrt.length === 0) continue;
      try {
        const grads = gradients(ops.sum(graph.tensor(node.id)), wrt);
        if (grads.some((gr, i) => !isZeroFallback(gr, wrt[i]))) found.add(c.op);
      } catch (err) {
        if (!(err instanceof NotDifferentiableError)) throw err;
      }
    }
  }
  return PRIMITIVES.filter((op) => found.has(op));
}

/** Differentiable primitives without a finite-difference gradient case. */
export function gradientRulesWithoutChecks(): OpName[] {
  const checked = new Set(GRADIENT_CHECKED_OPS);
  return differentiablePrimitives().filter((op) => !checked.has(op));
}
