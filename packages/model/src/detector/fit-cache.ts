import { createHash } from 'node:crypto';
import { UnsupportedError, type Backend, type TensorData } from '@a3/core';
import type { JsonObject } from '../format/manifest';
import type { ResolvedConfig } from './config';
import { allParams, parameterCollections, type Networks } from './networks';

/** Trained networks as a fit left them: every parameter (copied) and the phases' summaries. */
export interface TrainedNetworks {
  params: ReadonlyMap<string, TensorData>;
  /** training.target / anomaly / alarm of the fit that trained them. */
  summary: JsonObject;
  /** Wall-clock seconds their training took. */
  seconds: number;
}

/**
 * The config fields that act only after the networks are trained (the heads, how they are
 * chosen and weighed, the threshold, the scoring batch): fits that differ only in these train
 * the same networks. Whether there are heads at all is not among them: with heads a share of the
 * normals is held out of training.
 */
const AFTER_TRAINING = [
  'preset',
  'heads',
  'groupTolerance',
  'alarmWeight',
  'contamination',
  'scoreBatchSize',
] as const;

/**
 * Shares trained networks between A3Detector fits on the same data whose configs differ only
 * in what is combined after training (AFTER_TRAINING): for the same config, data, seed and
 * backend the target, the anomaly network and the alarm train to the same weights, so a later
 * fit copies them instead of training again. For ablations of the heads (`a3 compare` and the
 * quality runner pass one cache per data split). Entries are keyed by the identity of the `x`
 * given to fit (held weakly) and by everything else that decides the training.
 */
export class A3FitCache {
  private readonly byData = new WeakMap<object, Map<string, TrainedNetworks>>();
  private reused = 0;
  private reusedTime = 0;

  /** Fits that copied their networks from this cache. */
  get hits(): number {
    return this.reused;
  }

  /** Training seconds those fits were spared (what their networks took to train the first time). */
  get reusedSeconds(): number {
    return this.reusedTime;
  }

  /** The networks trained for `key` on `data`, copied, or null. */
  take(data: object, key: string): TrainedNetworks | null {
    const hit = this.byData.get(data)?.get(key);
    if (!hit) return null;
    this.reused++;
    this.reusedTime += hit.seconds;
    return { ...hit, params: copyParams(hit.params), summary: structuredClone(hit.summary) };
  }

  /** Keeps a copy of the networks trained for `key` on `data`. */
  put(data: object, key: string, nets: TrainedNetworks): void {
    let entries = this.byData.get(data);
    if (!entries) this.byData.set(data, (entries = new Map()));
    entries.set(key, { ...nets, params: copyParams(nets.params), summary: structuredClone(nets.summary) });
  }
}

function copyParams(params: ReadonlyMap<string, TensorData>): Map<string, TensorData> {
  return new Map([...params].map(([k, v]) => [k, v.clone()]));
}

/** What decides a fit's trained networks besides the data object: config, labels, classes, backend. */
function trainingKey(
  config: ResolvedConfig,
  backend: string,
  y: Uint8Array,
  classes: ArrayLike<number> | undefined,
): string {
  const rest: Record<string, unknown> = { ...config };
  for (const k of AFTER_TRAINING) delete rest[k];
  return JSON.stringify({
    config: rest,
    heldOut: config.heads.length > 0,
    backend,
    y: digest(y),
    classes: classes ? digest(Float64Array.from(classes)) : null,
  });
}

/** SHA-256 of a typed array's bytes (with their count): labels and classes in the key. */
function digest(a: ArrayBufferView): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A fit's training through the cache: a hit copies the parameters an earlier fit trained for
 * the same data and key into `nets` (and returns its summaries, with networks: 'reused'); a
 * miss runs `train` and leaves a copy (networks: 'trained').
 */
export async function trainShared(
  cache: A3FitCache,
  fit: {
    nets: Networks;
    data: object;
    config: ResolvedConfig;
    backend: Backend;
    y: Uint8Array;
    classes: ArrayLike<number> | undefined;
  },
  train: () => Promise<JsonObject>,
): Promise<JsonObject> {
  const key = trainingKey(fit.config, fit.backend.name, fit.y, fit.classes);
  const hit = cache.take(fit.data, key);
  if (hit) {
    for (const c of parameterCollections(fit.nets)) {
      for (const name of c.names()) {
        const v = hit.params.get(name);
        if (!v) throw new UnsupportedError(`A3FitCache: the shared networks have no parameter "${name}".`);
        c.set(name, v);
      }
    }
    return { ...hit.summary, networks: 'reused' };
  }
  const t0 = performance.now();
  const summary = await train();
  cache.put(fit.data, key, {
    params: allParams(fit.nets),
    summary,
    seconds: (performance.now() - t0) / 1000,
  });
  return { ...summary, networks: 'trained' };
}
