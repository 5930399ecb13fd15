import type { Backend, Executable } from '@a3/core';
import {
  buildCaseGraph,
  buildGradientGraph,
  caseBatches,
  caseFeeds,
  hasBatch,
  hashSeed,
  type GradientCase,
  type PrimitiveCase,
} from '../cases/case';
import { ComparisonError, expectClose } from '../check/expect-close';
import { finiteDifferenceCheck } from '../check/finite-difference';
import { referenceRun } from '../reference/interpreter';
import { resolveTolerance, type ResolvedTolerance } from './tolerance';

/** Compiles, runs and always disposes, so a failing check does not leak backend memory. */
export async function withExecutable<T>(
  backend: Backend,
  graph: Parameters<Backend['compile']>[0],
  f: (exec: Executable) => Promise<T>,
): Promise<T> {
  const exec = await backend.compile(graph);
  try {
    return await f(exec);
  } finally {
    exec.dispose();
  }
}

/** One executable, run at each of the case's batch sizes; every output vs the reference. */
export async function checkPrimitiveCase(
  backend: Backend,
  c: PrimitiveCase,
  tolerance: ResolvedTolerance = resolveTolerance(),
): Promise<void> {
  const { graph } = buildCaseGraph(c);
  const tol = { ...tolerance.primitive, ...c.tolerance };
  await withExecutable(backend, graph, async (exec) => {
    for (const batch of caseBatches(c)) {
      const feeds = caseFeeds(c.inputs, batch, hashSeed(`${c.name}#${batch}`));
      const expected = referenceRun(graph, feeds);
      const actual = await exec.run(feeds);
      const at = batch >= 0 ? ` (batch ${batch})` : '';
      for (const name of graph.outputs.keys())
        expectClose(actual[name], expected[name], tol, `${c.name}${at}: output "${name}"`);
    }
  });
}

function gradientFeeds(c: GradientCase, batch = c.batch ?? 3) {
  const { graph, gradients, inputs } = buildGradientGraph(c);
  const feeds = caseFeeds(
    inputs,
    batch,
    hashSeed(batch === (c.batch ?? 3) ? `grad:${c.name}` : `grad:${c.name}#${batch}`),
  );
  return { graph, gradients, feeds };
}

/** Proves a gradient rule: analytic gradients vs central differences, both on the float64 reference. */
export function checkGradientAgainstFiniteDifferences(c: GradientCase, maxRelError = 1e-5): number {
  const { graph, gradients, feeds } = gradientFeeds(c);
  const r = finiteDifferenceCheck(graph, feeds, { loss: 'loss', gradients });
  if (!(r.maxRelError <= maxRelError)) {
    const w = r.worst!;
    throw new ComparisonError(
      `${c.name}: gradient w.r.t. "${w.input}" disagrees with finite differences at flat index ${w.index}: ` +
        `analytic ${w.analytic}, numeric ${w.numeric} (relative error ${r.maxRelError.toExponential(2)} > ${maxRelError}).`,
    );
  }
  return r.maxRelError;
}

/**
 * The backend's loss, forward value and gradients vs the reference's (float32 tolerance). With
 * a batch dimension the same executable runs a second batch size: gradient graphs hold
 * batch-dependent shapes (ReduceMean counts, BroadcastLike, Slice/Pad over N) that must not be
 * frozen at compile or first run.
 */
export async function checkGradientCase(
  backend: Backend,
  c: GradientCase,
  tolerance: ResolvedTolerance = resolveTolerance(),
): Promise<void> {
  const first = c.batch ?? 3;
  const batches = hasBatch(c) ? [first, first === 1 ? 2 : 1] : [first];
  const { graph, gradients } = gradientFeeds(c);
  await withExecutable(backend, graph, async (exec) => {
    for (const batch of batches) {
      const { feeds } = gradientFeeds(c, batch);
      const expected = referenceRun(graph, feeds);
      const actual = await exec.run(feeds);
      const at = hasBatch(c) ? ` (batch ${batch})` : '';
      expectClose(actual.y, expected.y, tolerance.primitive, `${c.name}${at}: forward`);
      expectClose(actual.loss, expected.loss, tolerance.gradient, `${c.name}${at}: loss`);
      for (const [input, out] of Object.entries(gradients)) {
        expectClose(actual[out], expected[out], tolerance.gradient, `${c.name}${at}: d loss / d ${input}`);
      }
    }
  });
}
