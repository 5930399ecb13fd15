import type { A3DetectorConfig, HeadConfig } from '../detector/config';

/**
 * The named starting points of an A³ configuration. A preset fills the fields a config leaves
 * out; every field the user gives overrides it (the training phases and the alarm key by key).
 *
 * - `paper`: the method as published (DESIGN.md §1): alarm Adam lr 1e-5 for 60 epochs, gaussian
 *   counter-examples, score = the alarm's output. The library's default.
 * - `robust`: what did best on the development sets of PEERS.md together (docs/quality.md): the
 *   alarm trained for a budget of 2,000 Adam steps at lr 1e-4, and two extra detectors (heads)
 *   fitted on the same rows — gradient boosting on the labels (one-sided: it only adds evidence
 *   where it ranks a row above 90 % of held-out normals) and unsupervised detectors fitted on
 *   the normals (LOF, Isolation Forest or the autoencoder: the one that best separates held-out
 *   normals from the known anomalies and any other within 0.02 AUC-ROC of it, sharing one
 *   weight; LOF without known anomalies) — combined with
 *   the alarm per row through each one's score distribution on held-out normals. The CLI's
 *   default. Its heads are registered by @a3/baselines (import it first).
 */
export const A3_PRESETS = ['paper', 'robust'] as const;
export type A3PresetName = (typeof A3_PRESETS)[number];

/** The unsupervised alternatives: the known anomalies choose one per fit (see HeadConfig.group). */
const UNSUPERVISED = 'unsupervised';

const ROBUST_HEADS: readonly HeadConfig[] = [
  { detector: 'hgb', weight: 2, floor: 0.9 },
  { detector: 'lof', weight: 1, group: UNSUPERVISED },
  { detector: 'iforest', weight: 1, group: UNSUPERVISED },
  { detector: 'ae', weight: 1, group: UNSUPERVISED },
];

/** What each preset sets (the paper's values are the config defaults themselves). */
export const PRESET_CONFIGS: Readonly<Record<A3PresetName, Readonly<A3DetectorConfig>>> = {
  paper: {},
  robust: {
    alarmTraining: { steps: 2000, learningRate: 1e-4 },
    heads: ROBUST_HEADS.map((h) => ({ ...h })),
    alarmWeight: 1,
    groupTolerance: 0.02,
  },
};

/** One part of the robust preset and the config that leaves it out (an ablation row). */
export interface PresetComponent {
  readonly name: string;
  readonly description: string;
  /** Laid over `{ preset: 'robust' }`: robust without this part (or, for a tried one, with it). */
  readonly change: Readonly<A3DetectorConfig>;
}

const heads = (edit: (h: HeadConfig) => HeadConfig | null): A3DetectorConfig => ({
  heads: ROBUST_HEADS.map((h) => edit({ ...h })).filter((h): h is HeadConfig => h !== null),
});

/** The parts of `robust`, each of which must earn its place in the ablation of docs/quality.md. */
export const ROBUST_COMPONENTS: readonly PresetComponent[] = [
  {
    name: 'hgb',
    description: 'the gradient-boosting head',
    change: heads((h) => (h.detector === 'hgb' ? null : h)),
  },
  {
    name: 'unsupervised-head',
    description: 'the unsupervised head (LOF, Isolation Forest or the autoencoder, chosen per fit)',
    change: heads((h) => (h.group === UNSUPERVISED ? null : h)),
  },
  {
    name: 'head-choice',
    description: 'the choice of the unsupervised head by the known anomalies (LOF always)',
    change: heads(({ group, ...h }) => (group === undefined ? h : h.detector === 'lof' ? h : null)),
  },
  {
    name: 'group-tolerance',
    description: 'keeping every unsupervised head within 0.02 AUC-ROC of the best (the best alone instead)',
    change: { groupTolerance: 0 },
  },
  {
    name: 'hgb-floor',
    description: 'the floor of the gradient-boosting head (two-sided instead)',
    change: heads(({ floor: _floor, ...h }) => h),
  },
  {
    name: 'step-budget',
    description: 'the alarm’s budget of 2,000 steps (without it: epochs)',
    change: { alarmTraining: { steps: null } },
  },
];

/** Changes tried on `robust` and left out because they did not help across the sets (rows too). */
export const ROBUST_REJECTED: readonly PresetComponent[] = [
  {
    name: 'oversampling',
    description: 'known anomalies oversampled to 1/8 of every alarm batch',
    change: { alarmTraining: { knownShare: 1 / 8 } },
  },
];

/** A named A³ configuration for comparisons: a preset, robust without one component, or with a rejected one. */
export interface A3Variant {
  readonly name: string;
  readonly description: string;
  readonly config: A3DetectorConfig;
}

/** The presets and robust's ablations, derived from A3_PRESETS, ROBUST_COMPONENTS and ROBUST_REJECTED. */
export function a3Variants(): A3Variant[] {
  const robust = (c: PresetComponent) =>
    ({ preset: 'robust', ...structuredClone(c.change) }) as A3DetectorConfig;
  return [
    ...A3_PRESETS.map((preset) => ({
      name: preset,
      description: `the ${preset} preset`,
      config: { preset } as A3DetectorConfig,
    })),
    ...ROBUST_COMPONENTS.map((c) => ({
      name: `robust-no-${c.name}`,
      description: `robust without ${c.description}`,
      config: robust(c),
    })),
    ...ROBUST_REJECTED.map((c) => ({
      name: `robust-with-${c.name}`,
      description: `robust with ${c.description} (tried, left out)`,
      config: robust(c),
    })),
  ];
}
