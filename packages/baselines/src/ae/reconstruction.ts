import {
  Graph,
  InvalidArgumentError,
  ops,
  type Backend,
  type Executable,
  type Tensor,
  type TensorData,
} from '@a3/core';
import type { TargetNetwork } from '@a3/model';

/**
 * Mean squared reconstruction error per sample [N] of an autoencoder target (inference mode,
 * frozen weights): what a plain autoencoder anomaly detector reports. Null when the target's
 * output is not a reconstruction of its input (a classifier).
 */
export function reconstructionError(target: TargetNetwork, x: Tensor): Tensor | null {
  const out = target.apply(x, { training: false, trainable: false }).output;
  if (out.shape.join(',') !== x.shape.join(',')) return null;
  const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return ops.mean(ops.square(ops.reshape(ops.sub(out, x), [-1, width])), [1]);
}

/** Whether a target reconstructs its input (checked on a probe graph; no backend needed). */
export function isReconstruction(target: TargetNetwork, inputShape: readonly number[]): boolean {
  const g = new Graph('probe');
  return reconstructionError(target, g.input('x', [-1, ...inputShape])) !== null;
}

/** The compiled reconstruction-error graph, kept between score() calls. */
export class ReconstructionScorer {
  private constructor(private readonly exec: Executable) {}

  static async compile(
    backend: Backend,
    target: TargetNetwork,
    inputShape: readonly number[],
  ): Promise<ReconstructionScorer> {
    const g = new Graph('ae-score');
    const error = reconstructionError(target, g.input('x', [-1, ...inputShape]));
    if (!error)
      throw new InvalidArgumentError(
        'The target does not reconstruct its input, so it has no reconstruction error.',
      );
    g.output('score', error);
    return new ReconstructionScorer(await backend.compile(g));
  }

  /** Errors of the rows of x in batches of `batchSize` rows (bounded memory). */
  async score(x: TensorData<'float32'>, batchSize: number): Promise<Float32Array> {
    const n = x.shape[0];
    const out = new Float32Array(n);
    for (let b0 = 0; b0 < n; b0 += batchSize) {
      const b1 = Math.min(n, b0 + batchSize);
      const batch = b0 === 0 && b1 === n ? x : x.sliceRows(b0, b1);
      const r = await this.exec.run({ x: batch }, { outputs: ['score'], updates: false });
      out.set(r.score.data as Float32Array, b0);
    }
    return out;
  }

  dispose(): void {
    this.exec.dispose();
  }
}
