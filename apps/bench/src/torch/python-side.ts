import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { SideResult } from './a3-side';

/** An interpreter and what it can run, or why not. */
export interface PythonCheck {
  python?: string;
  torch?: string;
  /** pandas + onnxruntime versions (score-csv), when importable. */
  pandasOrt?: string;
  /** Why the torch rows are skipped. */
  torchReason?: string;
  /** Why the score-csv Python route is skipped. */
  pandasReason?: string;
}

function probe(python: string, code: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 120_000 });
  return {
    ok: r.status === 0,
    out: (r.stdout ?? '').trim(),
    err: (r.stderr ?? r.error?.message ?? '').trim(),
  };
}

function missingModule(err: string): string | undefined {
  return /No module named '([^']+)'/.exec(err)?.[1];
}

/**
 * The interpreter PyTorch runs in: --python, else $A3_BENCH_PYTHON, else python3. Checks that
 * it imports torch (and, for score-csv, pandas and onnxruntime) and says why not otherwise.
 */
export function findTorchPython(given?: string): PythonCheck {
  const python = given ?? process.env.A3_BENCH_PYTHON ?? 'python3';
  const t = probe(python, 'import torch; print(torch.__version__)');
  const p = probe(python, 'import pandas, onnxruntime; print(pandas.__version__, onnxruntime.__version__)');
  if (!t.ok && !p.ok && /ENOENT|not found/i.test(t.err)) {
    const reason = `no Python interpreter "${python}": pass --python PATH or set A3_BENCH_PYTHON`;
    return { torchReason: reason, pandasReason: reason };
  }
  const why = (err: string, what: string) => {
    const m = missingModule(err);
    return m
      ? `${python} lacks the Python package "${m}" (${what}; e.g. pip install ${m}, from the machine's wheel folders where there is no index)`
      : `${python} cannot import ${what}: ${err.slice(-200)}`;
  };
  return {
    python,
    ...(t.ok ? { torch: t.out } : { torchReason: why(t.err, 'torch') }),
    ...(p.ok
      ? { pandasOrt: `pandas ${p.out.split(' ')[0]}, onnxruntime ${p.out.split(' ')[1]}` }
      : { pandasReason: why(p.err, 'pandas and onnxruntime') }),
  };
}

/** The script every PyTorch measurement runs. */
export function torchScript(root: string): string {
  return join(root, 'apps', 'bench', 'python', 'torch_bench.py');
}

/** The environment both engines' threads get: sleep when idle (a3's onnx backend never spins). */
export function passiveEnv(threads: number): NodeJS.ProcessEnv {
  return { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads) };
}

/** Runs torch_bench.py once and returns its JSON result; throws with its stderr on failure. */
export function runPythonSide(
  python: string,
  script: string,
  args: readonly string[],
  threads: number,
): SideResult {
  const r = spawnSync(python, [script, ...args, '--threads', String(threads)], {
    encoding: 'utf8',
    env: passiveEnv(threads),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(
      `${python} ${args.join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-600)}`,
    );
  }
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as SideResult;
  return {
    ms: parsed.ms,
    cpuMsPerRep: parsed.cpuMsPerRep,
    ...(parsed.peakRssMiB !== undefined ? { peakRssMiB: parsed.peakRssMiB } : {}),
    ...(parsed.rows !== undefined ? { rows: parsed.rows } : {}),
  };
}
