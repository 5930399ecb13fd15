/** The backends that run on native TensorFlow (through @tensorflow/tfjs-node or -gpu). */
const TENSORFLOW_BACKENDS = new Set(['tfjs-node', 'tfjs-node-gpu']);

/** The backend named by `--backend NAME` / `--backend=NAME` (before any `--`) or A3_BACKEND. */
export function requestedBackend(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--backend') return argv[i + 1];
    if (argv[i].startsWith('--backend=')) return argv[i].slice('--backend='.length);
  }
  return env.A3_BACKEND || undefined;
}

/**
 * Keeps TensorFlow's start-up notices out of the terminal. Finding the backends (`a3 backends`,
 * or picking the default one) loads tfjs-node's native library just to see whether it runs, and
 * TensorFlow then writes to stderr. Sets, before that load and only where the user has not:
 *
 * - `TF_CPP_MIN_LOG_LEVEL=2`: no INFO or WARNING logs (the CPU-feature banner among them).
 * - `TF_ENABLE_ONEDNN_OPTS=0`, unless the backend asked for is tfjs-node(-gpu): newer TensorFlow
 *   builds (2.21 here) on CPUs with AVX512-VNNI or AMX announce their oneDNN kernels while the
 *   library loads, past TF_CPP_MIN_LOG_LEVEL, and this is the only switch for that line. A TensorFlow loaded only
 *   to be listed computes nothing; one picked as the default (when ONNX Runtime cannot run here)
 *   runs TensorFlow's standard kernels, as it does on most CPUs. Asked for by name, TensorFlow
 *   keeps its own choice (and prints its notice).
 */
export function quietTensorflow(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  const backend = requestedBackend(argv, env);
  if (!backend || !TENSORFLOW_BACKENDS.has(backend)) env.TF_ENABLE_ONEDNN_OPTS ??= '0';
}
