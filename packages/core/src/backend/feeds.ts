import { FeedError } from '../errors/errors';
import type { Graph, RunPlan } from '../graph/graph';
import { BATCH } from '../graph/ir';
import { formatShape } from '../tensor/tensor-data';
import type { Executable, Feeds, Outputs, RunOptions } from './backend';

/**
 * Checks feeds against a run plan (missing, unknown, dtype, shape) and returns the batch
 * size they agree on (or -1 when no fed input has a batch dimension). Shared by all
 * backends so every one of them fails the same way.
 */
export function validateFeeds(graph: Graph, plan: RunPlan, feeds: Feeds): number {
  let batch = -1;
  let batchFrom = '';
  for (const name of plan.inputs) {
    const t = graph.inputs.get(name)!;
    const f = feeds[name];
    if (!f) {
      throw new FeedError(
        `Missing feed "${name}" (${formatShape(t.shape)} ${t.dtype}) for graph "${graph.name}". Fed: ${Object.keys(feeds).join(', ') || 'nothing'}.`,
      );
    }
    if (f.dtype !== t.dtype)
      throw new FeedError(`Feed "${name}" is ${f.dtype}; the graph expects ${t.dtype}.`);
    if (f.shape.length !== t.shape.length) {
      throw new FeedError(
        `Feed "${name}" has shape ${formatShape(f.shape)}; the graph expects ${formatShape(t.shape)}.`,
      );
    }
    t.shape.forEach((d, i) => {
      const got = f.shape[i];
      if (d === BATCH) {
        if (batch === -1) {
          batch = got;
          batchFrom = name;
        } else if (got !== batch) {
          throw new FeedError(
            `Feed "${name}" has batch ${got} but "${batchFrom}" has ${batch}; all batch sizes must agree.`,
          );
        }
      } else if (d !== got) {
        throw new FeedError(
          `Feed "${name}" has shape ${formatShape(f.shape)}; the graph expects ${formatShape(t.shape)}.`,
        );
      }
    });
  }
  for (const name of Object.keys(feeds)) {
    if (!graph.inputs.has(name)) {
      throw new FeedError(
        `Unknown feed "${name}": graph "${graph.name}" has inputs ${[...graph.inputs.keys()].join(', ')}.`,
      );
    }
  }
  return batch;
}

/** runSteps for backends without a fused loop: one run after another. */
export async function runStepsSequentially(
  exec: Pick<Executable, 'run'>,
  feeds: readonly Feeds[],
  options?: RunOptions,
): Promise<Outputs[]> {
  const out: Outputs[] = [];
  for (const f of feeds) out.push(await exec.run(f, options));
  return out;
}
