import { ServedModel, type LoadModelOptions } from './served-model';
import type { ModelSource } from './model-source';

/** What a reload did: which models now serve, or why the old ones stay. */
export type ReloadResult = { ok: true; models: string[] } | { ok: false; error: Error };

/**
 * The models a server answers for, by name. A reload loads and warms every model again from its
 * directory while the current ones keep serving, then swaps them in one assignment: a request
 * looks its model up and queues its rows in the same synchronous step, so it is answered by the
 * old model or the new one, never by neither. The old models finish what was queued on them and
 * are released after the swap. A reload that fails (any model) keeps the current set.
 */
export class ModelSet {
  private models: ReadonlyMap<string, ServedModel>;
  private reloading: Promise<ReloadResult> | null = null;
  /** The one reload queued behind the running one, shared by every request made meanwhile. */
  private next: Promise<ReloadResult> | null = null;

  private constructor(
    readonly sources: readonly ModelSource[],
    models: readonly ServedModel[],
    private readonly options: LoadModelOptions,
  ) {
    this.models = new Map(models.map((m) => [m.name, m]));
  }

  /** Loads and warms every model; the first that fails rejects with its ModelLoadError. */
  static async load(sources: readonly ModelSource[], options: LoadModelOptions = {}): Promise<ModelSet> {
    return new ModelSet(sources, await loadAll(sources, options), options);
  }

  get(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  list(): ServedModel[] {
    return [...this.models.values()];
  }

  get size(): number {
    return this.models.size;
  }

  /**
   * Reloads every model from its directory (see the class comment). Reloads requested while
   * one runs coalesce into one more run after it, so the last request always sees the disk's state.
   */
  reload(): Promise<ReloadResult> {
    if (!this.reloading) return this.start();
    this.next ??= this.reloading.then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<ReloadResult> {
    const run = async (): Promise<ReloadResult> => {
      let fresh: ServedModel[];
      try {
        fresh = await loadAll(this.sources, this.options);
      } catch (err) {
        return { ok: false, error: err as Error };
      }
      const old = this.list();
      this.models = new Map(fresh.map((m) => [m.name, m]));
      await Promise.all(old.map((m) => m.close()));
      return { ok: true, models: fresh.map((m) => m.name) };
    };
    const running = run().finally(() => {
      this.reloading = null;
    });
    this.reloading = running;
    return running;
  }

  /** Waits for a running reload, then finishes every queued request and releases the runtimes. */
  async close(): Promise<void> {
    while (this.reloading || this.next) await (this.next ?? this.reloading);
    await Promise.all(this.list().map((m) => m.close()));
  }
}

async function loadAll(sources: readonly ModelSource[], options: LoadModelOptions): Promise<ServedModel[]> {
  const loaded: ServedModel[] = [];
  try {
    // One at a time: a reload already holds the serving models in memory.
    for (const s of sources) loaded.push(await ServedModel.load(s, options));
  } catch (err) {
    await Promise.all(loaded.map((m) => m.close()));
    throw err;
  }
  return loaded;
}
