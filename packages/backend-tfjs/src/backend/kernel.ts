import { BackendUnavailableError } from '@a3/core';
import type { LoweringOptions } from '../lowering/types';
import type { TfModule } from '../tf-module';

/**
 * A tfjs module plus the kernel backend ('cpu', 'wasm', 'tensorflow', ...) a3 runs on it.
 *
 * tfjs has one active kernel backend per engine (tf.setBackend is global), so every entry
 * point that creates or computes tensors activates its kernel first. `isActive` is a cheap
 * string compare; switching only happens when executables of different kernel backends
 * alternate in one process.
 */
export class KernelBinding {
  constructor(
    readonly a3Name: string,
    readonly tf: TfModule,
    readonly kernel: string,
    readonly lowering: LoweringOptions,
    /** dataSync() returns a fresh array (wasm copies out of its heap); cpu and TensorFlow may alias. */
    readonly readsAreCopies: boolean,
    /** tf.tensor(data) copies (wasm); cpu and TensorFlow keep a reference to the caller's array. */
    readonly writesAreCopies: boolean,
  ) {}

  isActive(): boolean {
    return this.tf.getBackend() === this.kernel;
  }

  /**
   * Makes this kernel backend the active one. Callers loop `while (!isActive()) await activate()`
   * and then compute synchronously, so another executable cannot switch in between.
   */
  async activate(): Promise<void> {
    if (this.isActive()) return;
    const ok = await this.tf.setBackend(this.kernel);
    if (!ok) {
      throw new BackendUnavailableError(
        this.a3Name,
        `tfjs could not initialise its "${this.kernel}" kernel backend (see the tfjs warning above).`,
      );
    }
  }
}
