import type { Backend, Executable, TensorData } from '@a3/core';
import type { ResolvedConfig } from './config';
import { scoreGraph, type Networks } from './networks';

/**
 * The compiled score graph, kept between score() calls. Weights enter as the graph's
 * variable initial values (the trained or loaded parameters), so compiling is the only
 * transfer; each batch is one run whose output is copied into the result.
 */
export class Scorer {
  private constructor(private readonly exec: Executable) {}

  static async compile(backend: Backend, nets: Networks, config: ResolvedConfig): Promise<Scorer> {
    return new Scorer(await backend.compile(scoreGraph(nets, config)));
  }

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

  memory(): { numTensors: number; numBytes: number } {
    return this.exec.memory();
  }

  dispose(): void {
    this.exec.dispose();
  }
}
