import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { saveOnnx, saveQuantizedOnnx } from '@a3/backend-onnx';
import { IOError, InvalidArgumentError } from '@a3/core';
import { Args, positionals } from '@a3/args';
import { checkOutputFile } from '../fs/output-path';
import { EXPORT_INPUT, exportGraph } from '../model/export-graph';
import { describeColumns, exportColumns, ONNX_INPUTS, type OnnxInputs } from '../model/export-columns';
import { openModel } from '../model/open-model';
import { PLUGIN_OPTION } from '../plugins/plugin-config';
import { preprocessingFromJSON } from '../model/preprocessing';
import type { Command } from './command';

const USAGE = 'a3 export MODEL --onnx FILE [--onnx-inputs columns|tensor] [--quantize int8] [--json]';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a model with its scaling as one ONNX file (any ONNX runtime can score with it)',
  usage: USAGE,
  example: 'a3 export ./a3-models/nsl-kdd --onnx nsl-kdd.onnx',
  options: {
    onnx: { type: 'string', description: 'ONNX file to write (atomically)' },
    'onnx-inputs': {
      type: 'string',
      description:
        'columns: one [N, 1] input per raw column, strings one-hot encoded inside the model (default ' +
        'for tabular models); tensor: one [N, features] input of one-hot, unscaled features',
    },
    quantize: {
      type: 'string',
      description:
        'int8: MatMul weights stored as int8 and activations quantized per call (dynamic quantization): ' +
        '~3× less scoring CPU, scores within ~1e-3 of the float model (default: none)',
    },
    json: { type: 'boolean', description: 'Print the input/output description as JSON' },
    plugin: { ...PLUGIN_OPTION, description: `${PLUGIN_OPTION.description} (default: the model's)` },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    const [modelArg] = positionals(given, ['MODEL'], USAGE);
    const file = args.string('onnx');
    if (file === undefined) {
      throw new InvalidArgumentError(`--onnx FILE is required: where to write the model. Usage: ${USAGE}`);
    }
    const modelDir = resolve(modelArg);
    checkOutputFile('--onnx', file, [{ path: modelDir, what: 'the model directory' }]);
    // Loading first validates the whole model directory (manifest, weights, architecture).
    const detector = await openModel(modelDir, undefined, { recordedPlugins: !args.has('plugin') });
    const pre = preprocessingFromJSON(detector.preprocessing, modelArg);
    const graph = exportGraph(detector, pre);
    const mode =
      args.choice<OnnxInputs>('onnx-inputs', ONNX_INPUTS) ?? (pre.kind === 'tabular' ? 'columns' : 'tensor');
    if (mode === 'columns' && pre.kind !== 'tabular') {
      throw new InvalidArgumentError(
        '--onnx-inputs columns needs a tabular model (raw columns to encode); this model reads images: use --onnx-inputs tensor.',
      );
    }
    const columns = mode === 'columns' && pre.kind === 'tabular' ? exportColumns(pre.preprocessor) : null;
    const quantize = args.choice('quantize', ['none', 'int8'] as const) ?? 'none';
    const inputShape = detector.inputShape;
    const featureNames =
      pre.kind === 'tabular'
        ? [...pre.preprocessor.featureNames]
        : Array.from({ length: inputShape.reduce((a, b) => a * b, 1) }, (_, j) => `pixel${j}`);
    const metadata: Record<string, string> = {
      'a3.featureNames': JSON.stringify(featureNames),
      'a3.threshold': JSON.stringify(detector.threshold),
      'a3.preprocessing': JSON.stringify(detector.preprocessing),
      'a3.inputShape': JSON.stringify(inputShape),
      'a3.onnxInputs': mode,
      ...(columns ? { 'a3.columns': JSON.stringify(describeColumns(columns)) } : {}),
      ...(quantize !== 'none' ? { 'a3.quantize': quantize } : {}),
    };
    const outputs = detector.threshold !== null ? ['score', 'anomaly'] : ['score'];
    await mkdir(dirname(resolve(file)), { recursive: true }).catch((err: unknown) => {
      throw new IOError(`cannot create the folder for --onnx ${file}: ${(err as Error).message}`, {
        cause: err,
      });
    });
    await (quantize === 'int8' ? saveQuantizedOnnx : saveOnnx)(
      resolve(file),
      graph,
      {},
      {
        outputs,
        inputs: [EXPORT_INPUT],
        ...(columns ? { columns } : {}),
        docString:
          (columns
            ? `A³ anomaly detector. One input [N, 1] per raw column (a3.columns): numbers as float, categories as ` +
              'strings (one-hot encoded inside; unseen → all zeros).'
            : `A³ anomaly detector. Input "${EXPORT_INPUT}" [N, ${featureNames.length}]: unscaled features in a3.featureNames order ` +
              '(categorical columns one-hot encoded as name=value).') +
          ' Output "score" [N] in [0, 1]' +
          (detector.threshold !== null ? `; "anomaly" [N] is 1 where score ≥ ${detector.threshold}.` : '.'),
        metadata,
      },
    );
    const oneHot = pre.kind === 'tabular' && !columns ? pre.preprocessor.categoricalColumns : [];
    if (args.flag('json')) {
      io.out(
        JSON.stringify({
          onnx: resolve(file),
          ...(columns
            ? { inputs: describeColumns(columns).map((c) => ({ ...c, shape: [-1, 1] })) }
            : { input: { name: EXPORT_INPUT, shape: [-1, featureNames.length], featureNames } }),
          outputs,
          threshold: detector.threshold,
          oneHotOutside: oneHot,
        }),
      );
      return 0;
    }
    const inputText = columns
      ? `${columns.columns.length} inputs [N, 1] (one per column)`
      : `input "${EXPORT_INPUT}" [N, ${featureNames.length}]`;
    io.out(`wrote ${file}: ${inputText} → ${outputs.map((o) => `"${o}" [N]`).join(', ')}`);
    if (columns && pre.kind === 'tabular' && pre.preprocessor.categoricalColumns.length) {
      io.out(
        `one-hot encoding of ${pre.preprocessor.categoricalColumns.join(', ')} is inside the graph: feed them as strings.`,
      );
    }
    io.out(
      `scaling (${pre.kind === 'pixels' ? `÷${pre.divideBy}` : (pre.preprocessor.toJSON().scaler?.type ?? 'none')}) is inside the graph.`,
    );
    if (oneHot.length) {
      io.out(
        `one-hot encoding of ${oneHot.join(', ')} stays outside: feed 1/0 in the "name=value" columns ` +
          '(the feature order is in the model metadata a3.featureNames).',
      );
    }
    return 0;
  },
};
