import { NumericError, Rng, TensorData, type Backend, type Feeds } from '@a3/core';
import type { DetectorProgress } from '@a3/model';
import type { ParameterCollection } from '@a3/nn';
import { Trainer, type BuildLoss, type Optimizer } from '@a3/train';

export interface StepLoopOptions {
  backend: Backend;
  params: ParameterCollection;
  buildLoss: BuildLoss;
  optimizer: Optimizer;
  /** Which trainable variables to update (default all). */
  trainable?: (name: string) => boolean;
  steps: number;
  /** The feeds of the next step; every batch has the same size, so steps can be fused. */
  nextBatch: () => Feeds;
  stepsPerRun: number;
  /** Phase name for progress events and errors ('pretrain', 'train', ...). */
  phase: string;
  kind: string;
  onProgress?: (event: DetectorProgress) => void | Promise<void>;
}

export interface StepLoopSummary {
  steps: number;
  firstLoss: number;
  /** Mean loss of the last (up to) 20 steps. */
  finalLoss: number;
  [key: string]: number;
}

/**
 * Trains for a fixed number of steps on batches the caller draws (a detector's own sampler:
 * DevNet's balanced batches, plain shuffled epochs for the others). @a3/train's `fit` walks
 * epochs of one array; these detectors need step budgets and custom samplers, so they drive
 * its Trainer directly — same compiled step, same NaN guard, steps fused on onnx.
 * On return `params` holds the trained weights. A non-finite loss stops with a NumericError.
 */
export async function trainSteps(o: StepLoopOptions): Promise<StepLoopSummary> {
  const trainer = new Trainer({
    backend: o.backend,
    params: o.params,
    buildLoss: o.buildLoss,
    optimizer: o.optimizer,
    trainable: o.trainable,
    validationLoss: false,
  });
  const perRun = o.backend.capabilities.fusedSteps ? o.stepsPerRun : 1;
  const tail: number[] = [];
  let firstLoss = NaN;
  try {
    let done = 0;
    while (done < o.steps) {
      const group: Feeds[] = [];
      while (group.length < perRun && done + group.length < o.steps) group.push(o.nextBatch());
      const results = await trainer.trainSteps(group);
      for (const r of results) {
        done++;
        if (!Number.isFinite(r.loss)) {
          throw new NumericError(
            `${o.kind}: the ${o.phase} loss became ${r.loss} at step ${done} of ${o.steps}. ` +
              'Check the data for extreme values (scale it to [0, 1]), or lower the learning rate.',
          );
        }
        if (done === 1) firstLoss = r.loss;
        tail.push(r.loss);
        if (tail.length > 20) tail.shift();
      }
      await o.onProgress?.({
        phase: o.phase,
        fraction: done / o.steps,
        message: `step ${done}/${o.steps} loss ${tail[tail.length - 1].toPrecision(4)}`,
      });
    }
    await trainer.pullParams();
    return { steps: o.steps, firstLoss, finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length };
  } finally {
    trainer.dispose();
  }
}

/**
 * Row indices of consecutive shuffled epochs, `size` at a time; a batch that crosses an
 * epoch's end continues into the next permutation, so every batch is full.
 */
export function epochBatches(n: number, size: number, rng: Rng): () => Int32Array {
  const b = Math.min(size, n);
  let order = rng.permutation(n);
  let pos = 0;
  return () => {
    const out = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      if (pos === n) {
        order = rng.permutation(n);
        pos = 0;
      }
      out[i] = order[pos++];
    }
    return out;
  };
}

/** Labels of the given rows as float32 [B, 1] (the shape the per-row losses use). */
export function labelColumn(y: Uint8Array, rows: Int32Array): TensorData<'float32'> {
  return TensorData.float32(
    [rows.length, 1],
    Float32Array.from(rows, (r) => y[r]),
  );
}

/** Indices i with y[i] === label. */
export function rowsWhere(y: Uint8Array, label: 0 | 1): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === label) out.push(i);
  return Int32Array.from(out);
}
