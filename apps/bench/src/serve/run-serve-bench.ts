import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@a3/core';
import { currentLoad, describeMachine, type MachineInfo } from '../measure/machine';
import { runLoad, type LoadResult } from './http-load';
import { requestBodies, type ServedModelInfo } from './request-rows';
import { runToEnd, startServer, type ServerProcess } from './server-process';
import type { ServeBenchArgs } from './serve-args';

/** One concurrency level of one server, with the server's resident memory over it. */
export interface LevelReport extends LoadResult {
  rssStartMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
}

export interface ServerReport {
  name: string;
  command: string;
  /** The server's own account of its setup (the Python server: uvicorn's HTTP parser and loop). */
  setup?: string;
  levels: LevelReport[];
  /** Why it was not measured (missing interpreter or packages). */
  skipped?: string;
  /** Why the measurement failed. */
  failed?: string;
}

export interface ServeBenchReport {
  machine: MachineInfo;
  settings: Omit<ServeBenchArgs, 'help' | 'json' | 'out'> & { cli: string };
  model: { dir: string; onnx: string; inputs: number; features: number; trainedHere: boolean };
  servers: ServerReport[];
}

const MODEL_NAME = 'bench';
const WARMUP_MS = 2000;
const PY_MODULES = ['fastapi', 'uvicorn', 'onnxruntime', 'numpy', 'pydantic'];

/** The Python interpreter for the FastAPI server: --python, $A3_BENCH_PYTHON, or the repo's .venv. */
export function findPython(root: string, given?: string): { python?: string; reason?: string } {
  const candidate = given ?? process.env.A3_BENCH_PYTHON ?? join(root, '.venv', 'bin', 'python');
  if (!existsSync(candidate)) {
    return {
      reason: `no Python interpreter at ${candidate}: pass --python PATH or set A3_BENCH_PYTHON (one with ${PY_MODULES.join(', ')})`,
    };
  }
  const check = spawnSync(candidate, ['-c', `import ${PY_MODULES.join(', ')}`], { encoding: 'utf8' });
  if (check.status !== 0) {
    const why = /No module named '([^']+)'/.exec(check.stderr ?? '')?.[1];
    return {
      reason: why
        ? `${candidate} lacks the Python package "${why}" (needs ${PY_MODULES.join(', ')}; pip install fastapi 'uvicorn[standard]' onnxruntime)`
        : `${candidate} cannot import ${PY_MODULES.join(', ')}: ${(check.stderr ?? check.error?.message ?? '').trim().slice(-200)}`,
    };
  }
  return { python: candidate };
}

/** Warm-up, then each concurrency level (the last one is the soak), sampling the server's RSS every second. */
async function measure(
  server: ServerProcess,
  bodies: string[],
  args: ServeBenchArgs,
  log: (line: string) => void,
): Promise<LevelReport[]> {
  const url = `${server.url}/v1/models/${MODEL_NAME}/score`;
  const top = Math.max(...args.concurrency);
  await runLoad({
    url,
    bodies,
    rowsPerRequest: args.rowsPerRequest,
    concurrency: top,
    durationMs: WARMUP_MS,
  });
  const levels: LevelReport[] = [];
  for (const [i, concurrency] of args.concurrency.entries()) {
    const soak = i === args.concurrency.length - 1;
    const seconds = soak ? args.soakSec : args.durationSec;
    log(`${server.name}: concurrency ${concurrency} for ${seconds} s${soak ? ' (soak)' : ''}`);
    const rss: number[] = [server.rssMiB()];
    const r = await runLoad({
      url,
      bodies,
      rowsPerRequest: args.rowsPerRequest,
      concurrency,
      durationMs: seconds * 1000,
      onTick: () => rss.push(server.rssMiB()),
    });
    rss.push(server.rssMiB());
    levels.push({ ...r, rssStartMiB: rss[0], rssEndMiB: rss[rss.length - 1], rssMaxMiB: Math.max(...rss) });
    log(
      `${server.name}: c=${concurrency} ${Math.round(r.rowsPerSec)} rows/s, p50 ${r.p50Ms.toFixed(1)} ms, ` +
        `p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors, RSS ${rss[0].toFixed(0)} → ${rss[rss.length - 1].toFixed(0)} MiB`,
    );
  }
  return levels;
}

async function measureServer(
  name: string,
  command: string,
  argv: string[],
  bodies: string[],
  args: ServeBenchArgs,
  log: (line: string) => void,
): Promise<ServerReport> {
  const shown = [command, ...argv].join(' ');
  let server: ServerProcess | undefined;
  try {
    server = await startServer(name, command, argv);
    const levels = await measure(server, bodies, args, log);
    return { name, command: shown, ...(server.setup ? { setup: server.setup } : {}), levels };
  } catch (err) {
    return { name, command: shown, levels: [], failed: (err as Error).message };
  } finally {
    await server?.stop();
  }
}

/**
 * a3 serve under closed-loop HTTP load at each concurrency (requests of `rowsPerRequest`
 * seeded synthetic rows of the model's shape), then the FastAPI + onnxruntime server on the
 * same model exported to ONNX, one server at a time on the same machine.
 */
export async function runServeBench(
  args: ServeBenchArgs,
  root: string,
  log: (line: string) => void,
): Promise<ServeBenchReport> {
  const machine = describeMachine(null);
  const started = performance.now();
  const cli = resolve(process.env.A3_CLI ?? join(root, 'apps', 'cli', 'bin', 'a3.js'));
  if (!existsSync(cli)) {
    throw new InvalidArgumentError(
      `the a3 command is not at ${cli}: run npm run build, or set A3_CLI to its JS file.`,
    );
  }
  const node = process.execPath;
  const work = mkdtempSync(join(tmpdir(), 'a3-bench-serve-'));
  try {
    let model = args.model ? resolve(args.model) : join(work, 'model');
    if (!args.model) {
      const dataDir = resolve(args.dataDir ?? join(root, '..', 'shared', 'data', 'nsl-kdd'));
      if (!existsSync(dataDir)) {
        throw new InvalidArgumentError(
          `no NSL-KDD data at ${dataDir} to train a model on: pass --data-dir DIR or --model DIR.`,
        );
      }
      log(`training an NSL-KDD model (paper architecture, 1 + 1 epochs on 4000 normals) into ${model}`);
      runToEnd(
        node,
        [
          cli,
          'train',
          '--dataset',
          'nsl-kdd',
          '--data-dir',
          dataDir,
          '--out',
          model,
          // One alarm network, so `a3 export` below has a single graph (robust's heads run outside ONNX).
          '--preset',
          'paper',
          '--epochs-target',
          '1',
          '--epochs-alarm',
          '1',
          '--max-train-normals',
          '4000',
          '--seed',
          '1',
          ...(args.backend ? ['--backend', args.backend] : []),
        ],
        'a3 train',
      );
    }
    model = resolve(model);
    const onnx = join(work, args.quantize === 'int8' ? 'model.int8.onnx' : 'model.onnx');
    const int8 = args.quantize === 'int8' ? ['--quantize', 'int8'] : [];
    runToEnd(node, [cli, 'export', model, '--onnx', onnx, ...int8], 'a3 export');

    const serveArgv = [cli, 'serve', `${MODEL_NAME}=${model}`, '--port', '0'];
    if (args.backend) serveArgv.push('--backend', args.backend);
    if (args.maxBatchRows !== undefined) serveArgv.push('--max-batch-rows', String(args.maxBatchRows));
    if (args.maxBatchDelayMs !== undefined)
      serveArgv.push('--max-batch-delay-ms', String(args.maxBatchDelayMs));
    if (args.threads !== undefined) serveArgv.push('--threads', String(args.threads));
    serveArgv.push(...int8);

    // The model's columns and categories, from the server itself, make the request rows.
    const probe = await startServer('a3 serve', node, serveArgv);
    let info: ServedModelInfo;
    try {
      const res = await fetch(`${probe.url}/v1/models/${MODEL_NAME}`);
      info = (await res.json()) as ServedModelInfo;
    } finally {
      await probe.stop();
    }
    const bodies = requestBodies(info, args.rowsPerRequest, 64, args.seed);

    const servers: ServerReport[] = [await measureServer('a3 serve', node, serveArgv, bodies, args, log)];
    const pyName = 'FastAPI + onnxruntime';
    if (args.skipPython) servers.push({ name: pyName, command: '', levels: [], skipped: '--skip-python' });
    else {
      const py = findPython(root, args.python);
      if (!py.python) {
        log(`${pyName}: skipped — ${py.reason}`);
        servers.push({ name: pyName, command: '', levels: [], skipped: py.reason });
      } else {
        const script = join(root, 'apps', 'bench', 'python', 'fastapi_server.py');
        servers.push(
          await measureServer(
            pyName,
            py.python,
            [script, '--onnx', onnx, '--name', MODEL_NAME],
            bodies,
            args,
            log,
          ),
        );
      }
    }
    machine.loadAfter = currentLoad();
    machine.durationSec = Math.round((performance.now() - started) / 1000);
    const { help: _h, json: _j, out: _o, ...settings } = args;
    return {
      machine,
      settings: { ...settings, cli },
      model: {
        dir: model,
        onnx,
        inputs: info.inputs.length,
        features: info.featureNames.length,
        trainedHere: !args.model,
      },
      servers,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
