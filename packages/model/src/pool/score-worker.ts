/**
 * One thread of a ScoringPool: loads the model directory on its own backend instance (with the
 * pool's compile options, e.g. one intra-op thread) and answers score requests in order. Built
 * as its own file (dist/score-worker.js, see tsup.config.ts); the protocol is in pool-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { A3Error, getBackend, TensorData, withCompileOptions, type Backend } from '@a3/core';
// Through the package's own name, not a relative path: plugins preloaded here register their
// detectors and targets in @a3/model's registry, which must be the one this file reads.
import { detectorKindOf, getDetector, type Detector } from '@a3/model';
import type { FromScoreWorker, ScoreWorkerInput, ToScoreWorker, WorkerErrorInfo } from './pool-protocol';

function post(msg: FromScoreWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

function errorInfo(err: unknown): WorkerErrorInfo {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(err instanceof A3Error ? { code: err.code } : {}) };
}

async function load(input: ScoreWorkerInput): Promise<{ detector: Detector; backend: string | null }> {
  for (const url of input.preload) await import(/* @vite-ignore */ url);
  const entry = getDetector(await detectorKindOf(input.dir));
  let backend: Backend | null = null;
  if (entry.usesBackend) backend = withCompileOptions(await getBackend(input.backend), input.compileOptions);
  const detector = await entry.load(input.dir, backend ? { backend } : {});
  try {
    // Warm up: the first score compiles the graph, the second builds the session that later
    // calls use (the onnx backend bakes the weights in), so the first real call pays for neither.
    const zero = new TensorData([1, ...input.inputShape], 'float32', new Float32Array(input.width));
    for (let i = 0; i < 2; i++) await detector.score(zero);
  } catch (err) {
    detector.dispose();
    throw err;
  }
  return { detector, backend: backend?.name ?? null };
}

async function main(input: ScoreWorkerInput): Promise<void> {
  let loaded: { detector: Detector; backend: string | null };
  try {
    loaded = await load(input);
  } catch (err) {
    post({ kind: 'failed', error: errorInfo(err) });
    return;
  }
  const { detector } = loaded;
  // Requests run one at a time, in arrival order: the pool keeps each worker's queue short.
  let chain: Promise<void> = Promise.resolve();
  parentPort!.on('message', (m: ToScoreWorker) => {
    if (m.kind === 'close') {
      chain = chain.then(() => {
        detector.dispose();
        parentPort!.close();
      });
      return;
    }
    chain = chain.then(async () => {
      try {
        const scores = Float32Array.from(await detector.score(new TensorData(m.shape, 'float32', m.x)));
        post({ kind: 'scores', id: m.id, scores }, [scores.buffer]);
      } catch (err) {
        post({ kind: 'error', id: m.id, error: errorInfo(err) });
      }
    });
  });
  post({ kind: 'ready', backend: loaded.backend });
}

void main((workerData as { a3ScoreWorker: ScoreWorkerInput }).a3ScoreWorker);
