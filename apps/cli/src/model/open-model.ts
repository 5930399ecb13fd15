// Models with heads (the robust preset) load them by kind; @a3/baselines registers hgb, lof, ...
import '@a3/baselines';
import { statSync } from 'node:fs';
import { IOError, type Backend } from '@a3/core';
import { A3Detector } from '@a3/model';
import { loadRecordedPlugins } from '../plugins/load-plugins';

/**
 * Loads a saved model directory onto a backend, after importing the plugins it recorded. A
 * missing path gets a CLI-worded message; a corrupt model fails in @a3/model with what is wrong
 * in which file.
 */
export async function openModel(
  dir: string,
  backend: string | Backend | undefined,
  options: { recordedPlugins?: boolean } = {},
): Promise<A3Detector> {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new IOError(
      `model directory ${dir} does not exist. Train one with \`a3 train … --out ${dir}\` or \`a3 quickstart\`.`,
    );
  }
  if (!isDir) {
    throw new IOError(`${dir} is a file; pass the model directory (with a3.json and weights.safetensors).`);
  }
  // The plugins the model was trained with (--plugin replaces them: recordedPlugins false).
  if (options.recordedPlugins ?? true) await loadRecordedPlugins(dir, process.cwd());
  return A3Detector.load(dir, backend ? { backend } : {});
}
