import { Dense, Dropout, Sequential, type ActivationName, type ParameterCollection } from '@a3/nn';
import type { JsonObject } from '../format/manifest';
import { OptionReader } from '../plugins/options';

export interface AlarmConfig {
  /** Hidden Dense sizes (paper: [1000, 500, 200, 75]). */
  hidden: number[];
  activation: ActivationName;
  /** Dropout before the output (paper: 0.1). */
  dropout: number;
}

export const ALARM_DEFAULTS: AlarmConfig = { hidden: [1000, 500, 200, 75], activation: 'relu', dropout: 0.1 };

export function checkAlarmConfig(value: unknown): AlarmConfig {
  const o = new OptionReader('alarm', (value ?? {}) as JsonObject, ['hidden', 'activation', 'dropout']);
  return {
    hidden: o.layerSizes('hidden', ALARM_DEFAULTS.hidden, true),
    activation: o.activation('activation', ALARM_DEFAULTS.activation),
    dropout: o.rate('dropout', ALARM_DEFAULTS.dropout),
  };
}

/**
 * The alarm network A: reads the concatenated target taps and returns one logit per
 * sample; the anomaly score is its sigmoid. Dense(hidden, act)… → Dropout → Dense(1).
 */
export function alarmNetwork(config: AlarmConfig, params: ParameterCollection, seed: number): Sequential {
  return new Sequential(
    [
      ...config.hidden.map((u, i) => new Dense(u, { activation: config.activation, name: `dense_${i + 1}` })),
      new Dropout(config.dropout, { name: 'dropout' }),
      new Dense(1, { name: 'logit' }),
    ],
    { name: 'alarm', seed, params },
  );
}
