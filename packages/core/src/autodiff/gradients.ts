import { GraphError, ShapeError } from '../errors/errors';
import type { Tensor } from '../graph/graph';
import * as ops from '../graph/ops';
import { formatShape } from '../tensor/tensor-data';
import { NON_DIFFERENTIABLE_OPS } from '../graph/ir';
import { gradRule } from './rules';

/**
 * Reverse-mode autodiff as a graph transformation: appends the backward pass of `loss`
 * to the loss's graph and returns d loss / d x for each x in `wrt` (zeros where x does
 * not influence the loss). `loss` must be a float32 scalar.
 */
export function gradients(loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const g = loss.graph;
  if (loss.rank !== 0 || loss.dtype !== 'float32') {
    throw new ShapeError(
      `gradients() needs a float32 scalar loss; got ${formatShape(loss.shape)} ${loss.dtype}. Reduce it with ops.mean first.`,
    );
  }
  for (const w of wrt) {
    if (w.graph !== g) throw new GraphError(`gradients(): ${w} belongs to another graph than the loss.`);
  }
  // Forward reachability from wrt; only those nodes get gradients.
  const reaches = new Uint8Array(loss.id + 1);
  const wrtIds = new Set(wrt.map((w) => w.id));
  for (let id = 0; id <= loss.id; id++) {
    const n = g.nodes[id];
    if (wrtIds.has(id)) reaches[id] = 1;
    else if (!NON_DIFFERENTIABLE_OPS.has(n.op) && n.inputs.some((i) => reaches[i])) reaches[id] = 1;
  }
  const grads = new Map<number, Tensor>();
  grads.set(loss.id, ops.fillLike(loss, 1));
  for (let id = loss.id; id >= 0; id--) {
    const dy = grads.get(id);
    if (!dy || !reaches[id]) continue;
    const node = g.nodes[id];
    if (node.inputs.length === 0 || !node.inputs.some((i) => reaches[i])) continue;
    const inputs = node.inputs.map((i) => g.tensor(i));
    const dx = gradRule(node)(node, dy, inputs, g.tensor(id));
    node.inputs.forEach((inputId, k) => {
      const d = dx[k];
      if (!d || !reaches[inputId]) return;
      const prev = grads.get(inputId);
      grads.set(inputId, prev ? ops.add(prev, d) : d);
    });
  }
  return wrt.map((w) => grads.get(w.id) ?? ops.fillLike(w, 0));
}
