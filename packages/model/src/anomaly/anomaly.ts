import type { Tensor, TensorData } from '@a3/core';
import type { ParameterCollection } from '@a3/nn';
import type { JsonObject } from '../format/manifest';
import { PluginRegistry } from '../plugins/registry';

/** How an anomaly network that needs training (the VAE) gets it: the detector's training loop. */
export interface AnomalyTrainer {
  /**
   * Minimises `loss(x)` over `data` (normal samples) with Adam, updating the trainable
   * variables the loss graph creates, then copies them back into `params`.
   */
  train(spec: {
    name: string;
    data: TensorData<'float32'>;
    params: ParameterCollection;
    loss: (x: Tensor) => Tensor;
    epochs: number;
    batchSize: number;
    learningRate: number;
  }): Promise<JsonObject>;
}

/**
 * The anomaly network G: makes counter-examples in input space, inside the alarm's
 * training graph, fresh every batch. They pass through the frozen target and the alarm
 * and are pushed towards score 1.
 */
export interface AnomalyNetwork {
  /** Counter-examples shaped like the batch `x`; null means "no anomaly term" (`none`). */
  generate(x: Tensor): Tensor | null;
  /** Training on normal samples before the alarm is trained (VAE); noise generators have none. */
  fit?(normal: TensorData<'float32'>, trainer: AnomalyTrainer): Promise<JsonObject>;
  /** Weights (saved with the model) when the network has any. */
  readonly params?: ParameterCollection;
  toJSON(): JsonObject;
}

export interface AnomalyContext {
  inputShape: readonly number[];
  seed: number;
  options: JsonObject;
  /** Name prefix for parameters ("anomaly"). */
  scope: string;
  params: ParameterCollection;
}

export type AnomalyFactory = (ctx: AnomalyContext) => AnomalyNetwork;

const anomalies = new PluginRegistry<AnomalyFactory>(
  'anomaly network',
  'Built-ins: gaussian, uniform, perturb, vae, none. Register your own with registerAnomaly(name, factory).',
);

export function registerAnomaly(
  name: string,
  factory: AnomalyFactory,
  options: { override?: boolean } = {},
): void {
  anomalies.register(name, factory, options);
}

export function unregisterAnomaly(name: string): boolean {
  return anomalies.unregister(name);
}

export function getAnomaly(name: string): AnomalyFactory {
  return anomalies.get(name);
}

export function listAnomalies(): string[] {
  return anomalies.list();
}
