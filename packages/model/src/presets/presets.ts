import type { A3DetectorConfig, HeadConfig } from '../detector/config';

/**
 * The named starting points of an A³ configuration. A preset fills the fields a config leaves
 * out; every field the user gives overrides it (the training phases and the alarm key by key).
 *
 * - `paper`: the method as published (DESIGN.md §1): alarm Adam lr 1e-5 for 60 epochs, gaussian
 *   counter-examples, score = the alarm's output. The library's default.
 * - `robust`: what beat every peer of PEERS.md on the development sets together (see
 *   docs/quality.md): the alarm trained for a budget of 2,000 Adam steps at lr 1e-4 with the known
 *   anomalies oversampled to 1/8 of every batch, and two extra detectors (heads) fitted on the same
 *   rows — gradient boosting on the labels and LOF on the normals — combined with the alarm per
 *   row through each one's score distribution on held-out normals. The CLI's default. Its heads
 *   are registered by @a3/baselines (import it first).
 */
export const A3_PRESETS = ['paper', 'robust'] as const;
export type A3PresetName = (typeof A3_PRESETS)[number];

const ROBUST_HEADS: readonly HeadConfig[] = [
  { detector: 'hgb', weight: 1 },
  { detector: 'lof', weight: 0.5 },
];

/** What each preset sets (the paper's values are the config defaults themselves). */
export const PRESET_CONFIGS: Readonly<Record<A3PresetName, Readonly<A3DetectorConfig>>> = {
  paper: {},
  robust: {
    alarmTraining: { steps: 2000, learningRate: 1e-4, knownShare: 1 / 8 },
    heads: ROBUST_HEADS.map((h) => ({ ...h })),
    alarmWeight: 1,
  },
};

/** One part of the robust preset and the config that leaves it out (an ablation row). */
export interface PresetComponent {
  readonly name: string;
  readonly description: string;
  /** Laid over `{ preset: 'robust' }`: robust without this part. */
  readonly without: Readonly<A3DetectorConfig>;
}

const withoutHead = (name: string): A3DetectorConfig => ({
  heads: ROBUST_HEADS.filter((h) => h.detector !== name).map((h) => ({ ...h })),
});

/** The parts of `robust`, each of which must earn its place in the ablation of docs/quality.md. */
export const ROBUST_COMPONENTS: readonly PresetComponent[] = [
  { name: 'hgb', description: 'the gradient-boosting head', without: withoutHead('hgb') },
  { name: 'lof', description: 'the LOF head', without: withoutHead('lof') },
  {
    name: 'oversampling',
    description: 'known anomalies oversampled to 1/8 of every alarm batch',
    without: { alarmTraining: { knownShare: 0 } },
  },
  {
    name: 'step-budget',
    description: 'the alarm’s budget of 2,000 steps (without it: epochs)',
    without: { alarmTraining: { steps: null } },
  },
];

/** A named A³ configuration for comparisons: a preset, or robust without one component. */
export interface A3Variant {
  readonly name: string;
  readonly description: string;
  readonly config: A3DetectorConfig;
}

/** The presets and robust's ablations, derived from A3_PRESETS and ROBUST_COMPONENTS. */
export function a3Variants(): A3Variant[] {
  return [
    ...A3_PRESETS.map((preset) => ({
      name: preset,
      description: `the ${preset} preset`,
      config: { preset } as A3DetectorConfig,
    })),
    ...ROBUST_COMPONENTS.map((c) => ({
      name: `robust-no-${c.name}`,
      description: `robust without ${c.description}`,
      config: { preset: 'robust', ...structuredClone(c.without) } as A3DetectorConfig,
    })),
  ];
}
