import { describe, expect, it } from 'vitest';
import { DOCS_ROUNDS } from '../run/rounds';
import { parseServeBenchArgs } from '../serve/serve-args';
import { parseTorchBenchArgs } from '../torch/torch-args';
import { parseBenchArgs } from './parse-args';

describe('a3-bench arguments', () => {
  it('refuses a flag given twice instead of keeping the last, as the a3 CLI does', () => {
    expect(() => parseBenchArgs(['--reps', '5', '--quick', '--reps', '50'])).toThrow(
      '--reps given twice ("5" and "50"); give it once.',
    );
    expect(() => parseBenchArgs(['--reps=5', '--reps=5'])).toThrow('--reps given twice');
    expect(() => parseBenchArgs(['--json', '--json'])).toThrow('--json given twice; give it once.');
    expect(() => parseBenchArgs(['-h', '--help'])).toThrow('--help given twice');
    expect(() => parseBenchArgs(['--seed', 'x'.repeat(500), '--seed', '1'])).toThrow(/^.{0,200}$/);
    expect(parseBenchArgs(['--reps', '5', '--warmup', '5']).reps).toBe(5);
    // --serve and --vs-torch read their own options, with the same rule.
    expect(() => parseServeBenchArgs(['--serve', '--rows', '1', '--rows', '2'])).toThrow(
      '--rows given twice ("1" and "2"); give it once.',
    );
    expect(() => parseTorchBenchArgs(['--vs-torch', '--reps', '3', '--reps', '3'])).toThrow(
      '--reps given twice',
    );
  });

  it('has defaults that mean "everything, auto reps"', () => {
    expect(parseBenchArgs([])).toEqual({
      help: false,
      backends: undefined,
      workloads: undefined,
      reps: undefined,
      warmup: undefined,
      rounds: 1,
      round: undefined,
      threads: undefined,
      seed: undefined,
      quick: false,
      json: false,
      out: undefined,
      writeDocs: false,
      docsFile: undefined,
      dataDir: undefined,
      parity: true,
      inProcess: false,
    });
  });

  it('parses lists, numbers and flags', () => {
    const a = parseBenchArgs([
      '--backends',
      'onnx, tfjs-wasm,onnx',
      '--workloads',
      'alarm-train-step,latency-b1',
      '--reps',
      '7',
      '--threads',
      '2',
      '--warmup',
      '0',
      '--quick',
      '--json',
      '--out',
      'o',
      '--skip-parity',
    ]);
    expect(a.backends).toEqual(['onnx', 'tfjs-wasm']);
    expect(a.workloads).toEqual(['alarm-train-step', 'latency-b1']);
    expect(a).toMatchObject({
      reps: 7,
      threads: 2,
      warmup: 0,
      quick: true,
      json: true,
      out: 'o',
      parity: false,
    });
  });

  it('rejects mistakes with a message that says the fix', () => {
    expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps must be an integer ≥ 1; got "0"/);
    expect(() => parseBenchArgs(['--reps', '2.5'])).toThrow(/--reps must be an integer/);
    expect(() => parseBenchArgs(['--threads', 'many'])).toThrow(/--threads must be an integer ≥ 1/);
    expect(() => parseBenchArgs(['--workloads', 'alarm,infer-b1024'])).toThrow(
      /unknown workload "alarm". Choose from alarm-train-step, alarm-fit-steps, target-train-step/,
    );
    expect(() => parseBenchArgs(['--backends', ' , '])).toThrow(/comma-separated list/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(/Unknown option '--bogus'.*See a3-bench --help/);
    expect(() => parseBenchArgs(['--write-docs', '--quick'])).toThrow(/drop --quick/);
    expect(() => parseBenchArgs(['--docs-file', 'x.md'])).toThrow(/only applies with --write-docs/);
    expect(() => parseBenchArgs(['extra'])).toThrow(/See a3-bench --help/);
  });

  it('measures in one round unless --write-docs (default rounds) or --rounds N says otherwise', () => {
    expect(parseBenchArgs([]).rounds).toBe(1);
    expect(parseBenchArgs(['--quick']).rounds).toBe(1);
    expect(parseBenchArgs(['--write-docs']).rounds).toBe(DOCS_ROUNDS);
    expect(DOCS_ROUNDS).toBeGreaterThan(1);
    expect(parseBenchArgs(['--write-docs', '--rounds', '1']).rounds).toBe(1);
    expect(parseBenchArgs(['--rounds', '5', '--quick']).rounds).toBe(5);
    expect(parseBenchArgs(['--in-process', '--rounds', '2'])).toMatchObject({ rounds: 2, inProcess: true });
  });

  it('rejects a bad --rounds or --round with the fix', () => {
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow(
      /--rounds must be an integer ≥ 1; got "0"\. Example: --rounds 3\./,
    );
    expect(() => parseBenchArgs(['--rounds', '1.5'])).toThrow(/--rounds must be an integer ≥ 1/);
    expect(() => parseBenchArgs(['--rounds', 'three'])).toThrow(/--rounds must be an integer ≥ 1/);
    expect(() => parseBenchArgs(['--rounds'])).toThrow(/argument missing.*See a3-bench --help/);
    expect(() => parseBenchArgs(['--round', '4/3'])).toThrow(
      /--round must be I\/R with 1 ≤ I ≤ R; got "4\/3"/,
    );
    expect(() => parseBenchArgs(['--round', '0/3'])).toThrow(/Example: --round 2\/3/);
    expect(() => parseBenchArgs(['--round', '3'])).toThrow(/use --rounds 3/);
    expect(() => parseBenchArgs(['--round', '1/3', '--rounds', '3'])).toThrow(/use --rounds N alone/);
  });

  it('parses --round I/R, what the child processes of --rounds get', () => {
    expect(parseBenchArgs(['--round', '2/3']).round).toEqual({ index: 2, of: 3 });
  });

  it('errors are A3 invalid-argument errors', () => {
    try {
      parseBenchArgs(['--reps', '-1']);
      expect.unreachable();
    } catch (err) {
      expect((err as { code?: string }).code).toBe('A3_INVALID_ARGUMENT');
    }
  });
});
