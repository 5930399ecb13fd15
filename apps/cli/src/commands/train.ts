import type { JsonObject } from '@a3/model';
import { Args } from '@a3/args';
import { warnIfSlowBackend } from '../backends/training-speed';
import { datasetSpecFromArgs, loadDataset } from '../dataset/load-dataset';
import { ON_INVALID_OPTION } from '../dataset/on-invalid';
import { isImageRecipe, recipeDefaults } from '../dataset/recipe-defaults';
import { splitSpecFromArgs } from '../dataset/split';
import { formatMetric } from '../evaluation/metrics';
import { checkModelOutput } from '../fs/output-path';
import { detectorConfigFromArgs, seedFromArgs, TRAINING_OPTIONS } from '../model/detector-config';
import { fitFromArgs } from '../pipeline/fit-model';
import { PLUGIN_OPTION } from '../plugins/plugin-config';
import type { Command } from './command';

/** Data and split flags shared by `a3 train` and (partly) `a3 evaluate`. */
export const DATA_OPTIONS = {
  dataset: { type: 'string', description: 'Dataset recipe (see a3 datasets)' },
  'data-dir': { type: 'string', description: 'Directory with the data (recipes made of several files)' },
  file: {
    type: 'string',
    description:
      'Data file (single-file recipes: csv — a .csv or .parquet file —, adbench, creditcard, cic-ids2018)',
  },
} as const;

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train an A³ detector on a dataset recipe with the paper’s semi-supervised split',
  usage:
    'a3 train --dataset NAME (--data-dir DIR | --file FILE) [--normal a,b] [--known c,d] [--n-known N] ' +
    '[--test-anomalies e,f] [training options] [--out DIR] [--json]',
  example:
    'a3 train --dataset nsl-kdd --data-dir ./data/nsl-kdd --normal normal --known DoS,Probe --n-known 100 ' +
    '--test-anomalies DoS,Probe,R2L,U2R --seed 1 --out ./a3-models/nsl-kdd',
  options: {
    ...DATA_OPTIONS,
    'label-column': { type: 'string', description: 'Column with the class names (--dataset csv)' },
    drop: { type: 'string', description: 'CSV columns that are not features, e.g. id,timestamp' },
    'on-invalid': ON_INVALID_OPTION,
    normal: { type: 'string', description: 'Normal classes, comma-separated (default: the recipe’s)' },
    known: { type: 'string', description: 'Known anomaly classes to draw --n-known labelled rows from' },
    'n-known': {
      type: 'string',
      description: 'Labelled known anomalies in training (default 100, or all there are)',
    },
    'test-anomalies': {
      type: 'string',
      description: 'Anomaly classes of the test set (default: all non-normal)',
    },
    'test-fraction': {
      type: 'string',
      description: 'Seeded stratified test hold-out for data without a test split',
      default: '0.3',
    },
    ...TRAINING_OPTIONS,
    'max-train-normals': { type: 'string', description: 'Keep at most this many training normals (seeded)' },
    out: { type: 'string', description: 'Model directory (default ./a3-models/<dataset>)' },
    force: {
      type: 'boolean',
      description: 'Replace the model already in --out (other files there are kept)',
    },
    json: { type: 'boolean', description: 'Print a JSON summary on stdout' },
    plugin: PLUGIN_OPTION,
  },
  async run({ io, values, plugins }) {
    const started = performance.now();
    const args = new Args(values);
    const json = args.flag('json');
    const seed = seedFromArgs(args);
    const recipe = args.requireString('dataset', 'name a dataset recipe (see `a3 datasets`)');
    const defaults = recipeDefaults(recipe);
    const config = detectorConfigFromArgs(args, defaults.detector, seed);
    // Dense targets read images as 784-vectors; convolutional ones need the 28×28×1 layout.
    const flatten = isImageRecipe(recipe) && config.target !== 'conv-ae';
    const datasetSpec = datasetSpecFromArgs(args, seed, flatten);
    const outArg = args.string('out') ?? `./a3-models/${recipe.replace(/[^\w.-]+/g, '-')}`;
    const force = args.flag('force');
    const inputs = datasetSpec.path !== undefined ? [{ path: datasetSpec.path, what: 'the input data' }] : [];
    const out = checkModelOutput('--out', outArg, inputs, force);
    await warnIfSlowBackend(io, args.string('backend'));
    const dataset = await loadDataset(datasetSpec);
    for (const note of dataset.notes) io.err(`${recipe}: ${note}`);
    const splitSpec = splitSpecFromArgs(args, dataset, recipe, seed);
    const request = { io, dataset, datasetSpec, splitSpec, config, out, force, plugins: plugins ?? [] };
    const { detector, split, thresholdMethod } = await fitFromArgs(args, defaults, request);
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      model: out,
      dataset: recipe,
      backend: detector.backend?.name ?? null,
      preset: detector.config.preset,
      heads: detector.heads.map((h) => h.detector),
      seconds,
      threshold: detector.threshold,
      samples: {
        train: split.train.y.length,
        knownAnomalies: split.train.y.reduce((n, y) => n + y, 0),
        validation: split.validation.y.length,
        test: split.test.y.length,
      },
      split: splitSpec,
    };
    if (json) {
      io.out(JSON.stringify(summary));
      return 0;
    }
    io.out(`model saved to ${out}`);
    io.out(
      `trained on ${summary.samples.train} rows (${summary.samples.knownAnomalies} known anomalies) ` +
        `in ${seconds.toFixed(1)} s on ${summary.backend}`,
    );
    io.out(`preset ${summary.preset}${describeHeads(detector.training)}`);
    io.out(`threshold ${formatMetric(detector.threshold ?? NaN)} (${thresholdMethod})`);
    io.out(`next: a3 evaluate ${out} --report report.html`);
    return 0;
  },
};

/**
 * ", heads hgb (1), lof (0.5); lof chosen in unsupervised (AUC-ROC lof 0.951, iforest 0.902);
 * dropped: hgb (why)" from a model's training summary, or "".
 */
function describeHeads(training: JsonObject): string {
  const heads = training.heads as
    | {
        kept: { detector: string; weight: number }[];
        dropped: { detector: string; reason: string }[];
        selected?: { group: string; kept: string[]; aucRoc: { detector: string; aucRoc: number | null }[] }[];
      }
    | undefined;
  if (!heads) return '';
  const kept = heads.kept.map((h) => `${h.detector} (${Number(h.weight.toFixed(3))})`).join(', ');
  const chosen = (heads.selected ?? []).map(
    (g) =>
      `; ${g.kept.join(' + ')} chosen in ${g.group} (AUC-ROC of held-out normals vs known anomalies: ` +
      `${g.aucRoc.map((a) => `${a.detector} ${a.aucRoc === null ? 'n/a' : a.aucRoc.toFixed(3)}`).join(', ')})`,
  );
  // Group members not chosen are told by the line above; the rest keep their reasons.
  const notChosen = new Set(
    (heads.selected ?? []).flatMap((g) => g.aucRoc.map((a) => a.detector).filter((d) => !g.kept.includes(d))),
  );
  const dropped = heads.dropped
    .filter((d) => !notChosen.has(d.detector))
    .map((d) => `${d.detector} (${d.reason})`)
    .join('; ');
  return `, heads ${kept || 'none'}${chosen.join('')}${dropped ? `; dropped ${dropped}` : ''}`;
}
