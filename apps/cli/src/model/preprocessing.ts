import { inputPreprocessingFromJSON, type LoadedDataset } from '@a3/data';
import type { JsonValue } from '@a3/model';

// Rebuilding a model's preprocessing and encoding raw rows is shared with @a3/serve: one
// implementation in @a3/data, re-exported here under the names the CLI's commands use.
export { pixelsToInput, sampleWidth, type InputPreprocessing } from '@a3/data';

/** What `a3 train` stores for a loaded data set. */
export function preprocessingToJSON(dataset: LoadedDataset, pixelScale: number | undefined): JsonValue {
  if (dataset.preprocessor) return dataset.preprocessor.toJSON() as unknown as JsonValue;
  if (pixelScale !== undefined) return { type: 'pixels', divideBy: pixelScale };
  return null;
}

/** The model's input preprocessing from its a3.json slot (lives in @a3/data: the service uses it too). */
export const preprocessingFromJSON = inputPreprocessingFromJSON;
