import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { saveOnnx } from '@a3/backend-onnx';
import { IOError, InvalidArgumentError } from '@a3/core';
import { Args, positionals } from '../args/values';
import { EXPORT_INPUT, exportGraph } from '../model/export-graph';
import { openModel } from '../model/open-model';
import { preprocessingFromJSON } from '../model/preprocessing';
import type { Command } from './command';

const USAGE = 'a3 export MODEL --onnx FILE [--json]';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a model with its scaling as one ONNX file (any ONNX runtime can score with it)',
  usage: USAGE,
  example: 'a3 export ./a3-models/nsl-kdd --onnx nsl-kdd.onnx',
  options: {
    onnx: { type: 'string', description: 'ONNX file to write (atomically)' },
    json: { type: 'boolean', description: 'Print the input/output description as JSON' },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    const [modelArg] = positionals(given, ['MODEL'], USAGE);
    const file = args.string('onnx');
    if (file === undefined) {
      throw new InvalidArgumentError(`--onnx FILE is required: where to write the model. Usage: ${USAGE}`);
    }
    const modelDir = resolve(modelArg);
    // Loading first validates the whole model directory (manifest, weights, architecture).
    const detector = await openModel(modelDir, undefined);
    const pre = preprocessingFromJSON(detector.preprocessing, modelArg);
    const graph = exportGraph(detector, pre);
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
    };
    const outputs = detector.threshold !== null ? ['score', 'anomaly'] : ['score'];
    await mkdir(dirname(resolve(file)), { recursive: true }).catch((err: unknown) => {
      throw new IOError(`cannot create the folder for --onnx ${file}: ${(err as Error).message}`, {
        cause: err,
      });
    });
    await saveOnnx(
      resolve(file),
      graph,
      {},
      {
        outputs,
        inputs: [EXPORT_INPUT],
        docString:
          `A³ anomaly detector. Input "${EXPORT_INPUT}" [N, ${featureNames.length}]: unscaled features in a3.featureNames order ` +
          '(categorical columns one-hot encoded as name=value). Output "score" [N] in [0, 1]' +
          (detector.threshold !== null ? `; "anomaly" [N] is 1 where score ≥ ${detector.threshold}.` : '.'),
        metadata,
      },
    );
    const oneHot = pre.kind === 'tabular' ? pre.preprocessor.categoricalColumns : [];
    if (args.flag('json')) {
      io.out(
        JSON.stringify({
          onnx: resolve(file),
          input: { name: EXPORT_INPUT, shape: [-1, featureNames.length], featureNames },
          outputs,
          threshold: detector.threshold,
          oneHotOutside: oneHot,
        }),
      );
      return 0;
    }
    io.out(
      `wrote ${file}: input "${EXPORT_INPUT}" [N, ${featureNames.length}] → ${outputs.map((o) => `"${o}" [N]`).join(', ')}`,
    );
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
