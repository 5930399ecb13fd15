import { resolve } from 'node:path';
import { DataError } from '@a3/core';
import type { LoadedDataset } from '@a3/data';
import { Args, positionals } from '@a3/args';
import { datasetSpecForEvaluation, loadDataset } from '../dataset/load-dataset';
import { ON_INVALID_OPTION } from '../dataset/on-invalid';
import { protocolFromJSON } from '../dataset/protocol';
import { prepareSplit } from '../dataset/split';
import { formatMetric } from '../evaluation/metrics';
import { checkOutputFile } from '../fs/output-path';
import { BASELINE_NAME } from '../model/baseline';
import { TRAINING_OPTIONS } from '../model/detector-config';
import { openModel } from '../model/open-model';
import { assess, writeAssessmentReport } from '../pipeline/assess';
import { PLUGIN_OPTION } from '../plugins/plugin-config';
import type { Command } from './command';
import { DATA_OPTIONS } from './train';

const USAGE = 'a3 evaluate MODEL [--dataset NAME] [--data-dir DIR | --file FILE] [--report FILE] [--json]';

/**
 * Recipes refit their preprocessing on the training rows at every load, so the stored split's
 * test set is only the one the model saw if that refit gives exactly the stored preprocessing:
 * otherwise the training data changed and the stored split no longer exists.
 */
function checkPreprocessing(stored: unknown, dataset: LoadedDataset, path: string | undefined): void {
  if (!dataset.preprocessor) return;
  const now = JSON.stringify(dataset.preprocessor.toJSON());
  if (now === JSON.stringify(stored)) return;
  throw new DataError(
    `the training data${path ? ` at ${path}` : ''} differs from what the model was trained on ` +
      '(its fitted preprocessing does not match the stored one), so the stored split cannot be re-created. ' +
      'Pass the original data with --data-dir / --file, or score new data with `a3 score`.',
  );
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Re-create a model’s stored test split and report AUC-ROC, AUC-PR, F1, precision, recall',
  usage: USAGE,
  example: 'a3 evaluate ./a3-models/nsl-kdd --dataset nsl-kdd --data-dir ./data/nsl-kdd --report report.html',
  options: {
    dataset: {
      ...DATA_OPTIONS.dataset,
      description: 'Dataset recipe (default: the one the model was trained on)',
    },
    'data-dir': { ...DATA_OPTIONS['data-dir'], description: 'Data directory, if moved since training' },
    file: { ...DATA_OPTIONS.file, description: 'Data file, if moved since training' },
    'on-invalid': {
      ...ON_INVALID_OPTION,
      description: 'Missing / non-numeric values (default: the model’s)',
    },
    report: { type: 'string', description: 'Write an HTML report (ROC/PR curves, histograms) here' },
    baseline: { type: 'boolean', description: 'Also score the autoencoder baseline (always in --report)' },
    backend: TRAINING_OPTIONS.backend,
    json: { type: 'boolean', description: 'Print the metrics as one JSON object' },
    plugin: { ...PLUGIN_OPTION, description: `${PLUGIN_OPTION.description} (default: the model's)` },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    const [modelArg] = positionals(given, ['MODEL'], USAGE);
    const modelDir = resolve(modelArg);
    const reportPath = args.string('report');
    const json = args.flag('json');
    const detector = await openModel(modelDir, args.string('backend'), {
      recordedPlugins: !args.has('plugin'),
    });
    const protocol = protocolFromJSON(detector.protocol, modelArg);
    const spec = datasetSpecForEvaluation(protocol.dataset, args, modelArg);
    if (reportPath !== undefined) {
      checkOutputFile('--report', reportPath, [
        { path: modelDir, what: 'the model directory' },
        ...(spec.path !== undefined ? [{ path: spec.path, what: 'the data' }] : []),
      ]);
    }
    if (spec.path !== undefined) {
      const from = args.has('data-dir')
        ? '--data-dir'
        : args.has('file')
          ? '--file'
          : "from the model's protocol; override with --data-dir/--file";
      io.err(`evaluating on ${spec.path} (${from})`);
    }
    const dataset = await loadDataset(spec);
    checkPreprocessing(detector.preprocessing, dataset, spec.path);
    const { test } = prepareSplit(dataset, protocol.split);
    const withBaseline = reportPath !== undefined || args.flag('baseline');
    const result = await assess(detector, modelDir, test, withBaseline);
    if (reportPath) {
      await writeAssessmentReport(
        reportPath,
        `A³ evaluation — ${spec.recipe}`,
        test,
        result,
        {
          model: modelDir,
          dataset: spec,
          split: protocol.split,
          detector: detector.config,
          backend: detector.backend?.name ?? null,
        },
        protocol.split,
      );
    }
    const m = result.metrics;
    const b = result.baseline;
    if (json) {
      io.out(
        JSON.stringify({
          ...m,
          ...(b ? { baseline: { aucRoc: b.aucRoc, aucPr: b.aucPr } } : {}),
          ...(reportPath ? { report: resolve(reportPath) } : {}),
        }),
      );
      return 0;
    }
    io.out(
      `${spec.recipe}: ${m.n} test rows, ${m.nAnomalies} anomalies (${protocol.split.testAnomalies.join(', ')})`,
    );
    io.out(`AUC-ROC   ${formatMetric(m.aucRoc)}`);
    io.out(`AUC-PR    ${formatMetric(m.aucPr)}`);
    io.out(
      `threshold ${formatMetric(m.threshold)}: F1 ${formatMetric(m.f1)}, precision ${formatMetric(m.precision)}, recall ${formatMetric(m.recall)}`,
    );
    if (b)
      io.out(
        `baseline (${BASELINE_NAME}): AUC-ROC ${formatMetric(b.aucRoc)}, AUC-PR ${formatMetric(b.aucPr)}`,
      );
    if (reportPath) io.out(`report: ${reportPath}`);
    return 0;
  },
};
