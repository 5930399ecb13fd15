import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  A3Error,
  getBackend,
  IOError,
  resolveBackendName,
  TensorData,
  withCompileOptions,
  type CompileOptions,
} from '@a3/core';
import {
  encodeInputTable,
  inputPreprocessingFromJSON,
  sampleWidth,
  type InputPreprocessing,
  type Table,
} from '@a3/data';
import { availableParallelism } from 'node:os';
import {
  builtScoreWorker,
  getDetector,
  loadDetector,
  MANIFEST_FILE,
  ScoringPool,
  type Detector,
} from '@a3/model';
import { MicroBatcher, type BatchingOptions } from '../batching/micro-batcher';
import { rowSchemaFor, type RowSchema } from '../rows/row-schema';
import type { ModelSource } from './model-source';

/** What `GET /v1/models` says about a served model. */
export interface ModelInfo {
  name: string;
  /** Absolute model directory. */
  dir: string;
  /** Detector kind from a3.json: 'a3', or a baseline's registry name. */
  detector: string;
  /** Compute backend it runs on; null for detectors in plain JavaScript. */
  backend: string | null;
  /** Worker threads scoring it, each with its own copy; 0: the event loop's thread. */
  scoringThreads: number;
  /** score >= threshold is an anomaly; null when the model has none (then `anomaly` is null). */
  threshold: number | null;
  /** When the model was trained and saved (a3.json `createdAt`). */
  createdAt: string;
  /** When this process loaded it. */
  loadedAt: string;
  inputShape: number[];
  /** Raw input columns, in training order: what rows carry. */
  inputs: { name: string; kind: 'numeric' | 'categorical' }[];
  /** Columns dropped in training (ids, the label): accepted in rows and ignored. */
  ignoredColumns: string[];
  /** Model features after encoding (one-hot columns as `name=value`), in model order. */
  featureNames: string[];
}

export interface LoadModelOptions {
  /** Backend name ('onnx', 'tfjs-node', …); default the best available. */
  backend?: string;
  batching?: BatchingOptions;
  /** Called for every runtime call: rows and requests merged into it. */
  onBatch?: (model: string, rows: number, requests: number) => void;
  /**
   * Worker threads scoring, each with a single-threaded copy of the model [cores − 1, at least
   * 1]: the event loop keeps its core for reading and parsing requests while the model runs.
   * 0 scores on the event loop's thread (the backend threading itself), as does a run from
   * source without the built worker.
   */
  threads?: number;
  /**
   * Put under every compile of the model, on this thread or in the workers (backend-specific,
   * e.g. `{ quantize: 'int8' }` for onnx); backends ignore options they do not know.
   */
  compileOptions?: CompileOptions;
  /** Module URLs the workers import before loading the model: the plugins this process loaded. */
  preload?: readonly string[];
  /** The scoring worker's JS file [dist/score-worker.js of @a3/model]; for bundled servers. */
  workerScript?: string;
}

/**
 * One loaded, warmed model behind the service: its detector, the preprocessing that turns raw
 * rows into its input (rebuilt from a3.json, exactly what `a3 score` uses), and the micro-batcher
 * that merges concurrent requests into one runtime call.
 */
export class ServedModel {
  private readonly batcher: MicroBatcher;
  readonly schema: RowSchema;

  private constructor(
    readonly info: ModelInfo,
    private readonly detector: Detector,
    private readonly pre: InputPreprocessing,
    private readonly pool: ScoringPool | null,
    options: LoadModelOptions,
  ) {
    const shape = info.inputShape;
    this.schema = rowSchemaFor(pre, shape);
    this.batcher = new MicroBatcher(
      sampleWidth(shape),
      pool
        ? (x, rows) => pool.score(x, rows, [rows, ...shape])
        : (x, rows) => detector.score(new TensorData([rows, ...shape], 'float32', x)),
      options.batching,
      options.onBatch && ((rows, requests) => options.onBatch?.(info.name, rows, requests)),
    );
  }

  get name(): string {
    return this.info.name;
  }

  get threshold(): number | null {
    return this.info.threshold;
  }

  /**
   * Loads and warms a model (one score of a zero row compiles its graph), so the first request
   * does not pay for it. Fails with a one-line message naming the model and what is wrong.
   */
  static async load(source: ModelSource, options: LoadModelOptions = {}): Promise<ServedModel> {
    try {
      return await ServedModel.loadUnchecked(source, options);
    } catch (err) {
      const why = (err as Error).message.replace(/\s*\n\s*/g, ' ');
      throw new ModelLoadError(
        `cannot load model "${source.name}" from ${source.dir}: ${why}`,
        err instanceof A3Error ? err.code : 'A3_IO',
        err,
      );
    }
  }

  private static async loadUnchecked(source: ModelSource, options: LoadModelOptions): Promise<ServedModel> {
    const { dir } = source;
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => {
        throw new IOError(`the directory does not exist; pass a model directory written by \`a3 train\`.`);
      },
    );
    if (!isDir)
      throw new IOError('it is a file; pass the model directory (with a3.json and weights.safetensors).');
    const detector = await loadDetector(dir, {
      ...(options.compileOptions
        ? { backend: withCompileOptions(await getBackend(options.backend), options.compileOptions) }
        : options.backend
          ? { backend: options.backend }
          : {}),
    });
    let pool: ScoringPool | null = null;
    try {
      const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<
        string,
        unknown
      >;
      const pre = inputPreprocessingFromJSON(manifest.preprocessing ?? null, dir);
      const inputShape = manifest.inputShape as number[];
      const kind = detector.kind;
      const hasBackend = (detector as { backend?: { name?: unknown } }).backend?.name;
      const backend =
        typeof hasBackend === 'string'
          ? hasBackend
          : getDetector(kind).usesBackend
            ? await resolveBackendName(options.backend)
            : null;
      const info: ModelInfo = {
        name: source.name,
        dir,
        detector: kind,
        backend,
        scoringThreads: 0,
        threshold: detector.threshold,
        createdAt: typeof manifest.createdAt === 'string' ? manifest.createdAt : '',
        loadedAt: new Date().toISOString(),
        inputShape: [...inputShape],
        inputs: rowSchemaFor(pre, inputShape).columns.map((c) => ({ ...c })),
        ignoredColumns: pre.kind === 'tabular' ? [...pre.preprocessor.drop.columns] : [],
        featureNames:
          pre.kind === 'tabular'
            ? [...pre.preprocessor.featureNames]
            : Array.from({ length: sampleWidth(inputShape) }, (_, j) => `pixel${j}`),
      };
      const width = sampleWidth(inputShape);
      const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
      const workerScript = options.workerScript ?? builtScoreWorker();
      if (threads > 0 && workerScript !== null) {
        // Each worker loads and warms its copy (ScoringPool.open).
        pool = await ScoringPool.open(dir, inputShape, {
          threads,
          ...(options.backend ? { backend: options.backend } : {}),
          compileOptions: { threads: 1, ...options.compileOptions },
          preload: options.preload ?? [],
          workerScript,
        });
      } else {
        await detector.score(new TensorData([1, ...inputShape], 'float32', new Float32Array(width)));
      }
      return new ServedModel({ ...info, scoringThreads: pool?.size ?? 0 }, detector, pre, pool, options);
    } catch (err) {
      await pool?.close();
      detector.dispose();
      throw err;
    }
  }

  /** Raw rows (a table of the input columns) as model input, flattened row-major. */
  encode(table: Table): Float32Array {
    return encodeInputTable(this.pre, table, this.info.inputShape).data;
  }

  /** Scores encoded rows through the micro-batcher. */
  score(x: Float32Array, rows: number): Promise<Float32Array> {
    return this.batcher.submit(x, rows);
  }

  /** Finishes queued and running calls, then releases the runtime. */
  async close(): Promise<void> {
    await this.batcher.drain();
    await this.pool?.close();
    this.detector.dispose();
  }
}

/** A model directory that cannot be served; the message names the model and the cause. */
export class ModelLoadError extends A3Error {
  constructor(message: string, code: A3Error['code'], cause: unknown) {
    super(code, message, { cause });
  }
}
