import type { CsvStreamOptions } from '../csv/options';
import type { TabularPreprocessorJSON } from '../preprocess/tabular-preprocessor';

/** What the parsing worker gets (structured-cloneable: the preprocessor as its JSON). */
export interface WorkerInput {
  file: string;
  preprocessor: TabularPreprocessorJSON;
  /** CSV options without the preprocessor and imputeWith (means travel as a record). */
  options: Omit<CsvStreamOptions, 'imputeWith'>;
  means: Record<string, number>;
  /** Chunks parsed ahead of the caller before it waits (bounds memory). */
  ahead: number;
}

/** Caller → worker: one more chunk may be parsed ahead; or stop. */
export type ToWorker = { kind: 'more' } | { kind: 'stop' };

/** Worker → caller. Errors carry the A3Error class name and message. */
export type FromWorker =
  | {
      kind: 'chunk';
      rows: Float32Array;
      shape: number[];
      lines: Int32Array;
      startRow: number;
      dropped: number;
    }
  | { kind: 'end' }
  | { kind: 'error'; name: string; message: string };
