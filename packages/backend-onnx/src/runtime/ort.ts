import { cpus } from 'node:os';
import type * as OrtNamespace from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';

/** The onnxruntime-node module, loaded on first use so importing a3 never loads a native addon. */
export type Ort = typeof OrtNamespace;
export type OrtTensor = OrtNamespace.Tensor;
export type OrtSession = InferenceSession;
export type OrtSessionOptions = InferenceSession.SessionOptions;
export type ExecutionProviderConfig = NonNullable<OrtSessionOptions['executionProviders']>[number];

let loading: Promise<Ort> | undefined;

export function loadOrt(): Promise<Ort> {
  loading ??= import('onnxruntime-node').then(
    (m) =>
      ((m as { InferenceSession?: unknown }).InferenceSession
        ? m
        : (m as unknown as { default: Ort }).default) as Ort,
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** Cores of this machine: ORT's default intra-op thread count here. */
export function defaultThreads(): number {
  return Math.max(1, cpus().length);
}
