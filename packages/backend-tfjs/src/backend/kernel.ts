import { BackendUnavailableError } from '@a3/core';
import type { LoweringOptions } from '../lowering/types';
import type { TfModule } from '../tf-module';

/** One queue per tfjs engine for the work that must switch its active kernel backend. */
const switchQueues = new WeakMap<object, Promise<void>>();

/**
 * A tfjs module plus the kernel backend ('cpu', 'wasm', 'tensorflow', ...) a3 runs on it.
 *
 * tfjs has one active kernel backend per engine (tf.setBackend is global), so all work that
 * creates or computes tensors goes through {@link KernelBinding.withActive}: a synchronous
 * function run right after a check that this kernel backend is active.
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
   * Runs the synchronous `f` with this kernel backend active. When it already is (one string
   * compare), `f` runs at once. Otherwise the switch waits its turn in the engine's queue:
   * two runs that each switch and then await would otherwise switch back and forth forever.
   * Between the last check and `f` nothing awaits, so no one can switch in between.
   */
  async withActive<T>(f: () => T): Promise<T> {
    if (this.isActive()) return f();
    const engine = this.tf.engine();
    const turn = (switchQueues.get(engine) ?? Promise.resolve()).then(async () => {
      while (!this.isActive()) await this.activate();
      return f();
    });
    switchQueues.set(
      engine,
      turn.then(
        () => undefined,
        () => undefined,
      ),
    );
    return turn;
  }

  private async activate(): Promise<void> {
    const ok = await this.tf.setBackend(this.kernel);
    if (!ok) {
      throw new BackendUnavailableError(
        this.a3Name,
        `tfjs could not initialise its "${this.kernel}" kernel backend (see the tfjs warning above).`,
      );
    }
  }
}
