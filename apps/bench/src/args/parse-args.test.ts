import { describe, expect, it } from 'vitest';
import { parseGrowthArgs } from '../growth/growth-args';
import { parseRayArgs } from '../ray/ray-main';
import { DOCS_ROUNDS } from '../run/rounds';
import { parseServeBenchArgs } from '../serve/serve-args';
import { parseTorchBenchArgs } from '../torch/torch-args';
import { modeOf, parseBenchArgs } from './parse-args';

describe('a3-bench arguments', () => {
  it('refuses a flag given twice instead of keeping the last, as the a3 CLI does', () => {
    expect(() => parseBenchArgs(['--reps', '5', '--quick', '--reps', '50'])).toThrow(
      '--reps given twice ("5" and "50"); give it once.',
    );
    expect(() => parseBenchArgs(['--reps=5', '--reps=5'])).toThrow('--reps given twice');
    expect(() => parseBenchArgs(['--json', '--json'])).toThrow('--json given twice; give it once.');
    expect(() => parseBenchArgs(['--seed', 'x'.repeat(500), '--seed', '1'])).toThrow(/^.{0,200}$/);
    expect(parseBenchArgs(['--reps', '5', '--warmup', '5']).reps).toBe(5);
    // --serve, --vs-torch, --growth and --ray read their own options, with the same rule (@a3/args).
    expect(() => parseServeBenchArgs(['--serve', '--rows', '1', '--rows', '2'])).toThrow(
      '--rows given twice ("1" and "2"); give it once.',
    );
    expect(() => parseTorchBenchArgs(['--vs-torch', '--reps', '3', '--reps', '3'])).toThrow(
      '--reps given twice',
    );
    expect(() => parseGrowthArgs(['--growth', '--widths', '8', '--widths', '16'])).toThrow(
      '--widths given twice ("8" and "16"); give it once.',
    );
    expect(() => parseRayArgs(['--ray', '--json', '--json'])).toThrow('--json given twice; give it once.');
    expect(() => parseServeBenchArgs(['--serve', '--serve'])).toThrow('--serve given twice');
  });

  it('lets --help / -h win over every other mistake, as the a3 CLI does', () => {
    expect(parseBenchArgs(['-h', '--help']).help).toBe(true);
    expect(parseBenchArgs(['--bogus', '--reps', '0', '--help']).help).toBe(true);
    expect(parseServeBenchArgs(['--serve', '--rows', 'x', '-h']).help).toBe(true);
  });

  it('answers an unknown flag with the nearest names and every flag of the mode', () => {
    expect(() => parseBenchArgs(['--rep', '3'])).toThrow(
      /^unknown option --rep; did you mean --reps\b.*\? Options of a3-bench: --backends, --workloads, --reps, /,
    );
    expect(() => parseBenchArgs(['--vs-torh'])).toThrow(/did you mean --vs-torch\?/);
    expect(() => parseServeBenchArgs(['--serve', '--soke', '5'])).toThrow(
      /^unknown option --soke; did you mean --soak\? Options of a3-bench --serve: /,
    );
    expect(() => parseTorchBenchArgs(['--vs-torch', '--fit-step', '5'])).toThrow(
      /^unknown option --fit-step; did you mean --fit-steps\? Options of a3-bench --vs-torch: /,
    );
    // A mode reached through parseBenchArgs (main() routes them first) says where its options are.
    expect(() => parseBenchArgs(['--quick', '--growth'])).toThrow(/comes first: a3-bench --growth/);
  });

  it('refuses a duplicate list entry, as the a3 CLI does, instead of dropping it', () => {
    expect(() => parseBenchArgs(['--backends', 'onnx,tfjs-wasm,onnx'])).toThrow(
      '--backends lists "onnx" twice.',
    );
    expect(() => parseBenchArgs(['--workloads', 'infer-b1024,infer-b1024'])).toThrow(
      '--workloads lists "infer-b1024" twice.',
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
      'onnx, tfjs-wasm',
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
    expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps must be a whole number ≥ 1; got "0"/);
    expect(() => parseBenchArgs(['--reps', '2.5'])).toThrow(/--reps must be a whole number/);
    expect(() => parseBenchArgs(['--threads', 'many'])).toThrow(/--threads must be a whole number ≥ 1/);
    expect(() => parseBenchArgs(['--workloads', 'alarm,infer-b1024'])).toThrow(
      /unknown workload "alarm". Choose from alarm-train-step, alarm-fit-steps, target-train-step/,
    );
    expect(() => parseBenchArgs(['--backends', ' , '])).toThrow(/empty entry in " , "; use comma-separated/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(/^unknown option --bogus\. Options of a3-bench: /);
    expect(() => parseBenchArgs(['--write-docs', '--quick'])).toThrow(/drop --quick/);
    expect(() => parseBenchArgs(['--docs-file', 'x.md'])).toThrow(/only applies with --write-docs/);
    expect(() => parseBenchArgs(['extra'])).toThrow(/unexpected argument "extra".*a3-bench --help/);
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
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow('--rounds must be a whole number ≥ 1; got "0".');
    expect(() => parseBenchArgs(['--rounds', '1.5'])).toThrow(/--rounds must be a whole number ≥ 1/);
    expect(() => parseBenchArgs(['--rounds', 'three'])).toThrow(/--rounds must be a whole number ≥ 1/);
    expect(() => parseBenchArgs(['--rounds'])).toThrow('--rounds needs a value.');
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

describe('a3-bench modes', () => {
  it('a mode is its first argument only; later, a mode flag is refused with the fix, or is a value', () => {
    expect(modeOf(['--serve', '--soak', '5'])).toBe('serve');
    expect(modeOf(['--ray'])).toBe('ray');
    expect(modeOf(['--quick'])).toBeUndefined();
    expect(modeOf([])).toBeUndefined();
    // Not first: the backends run parses it, so `--out --serve` cannot switch the mode.
    expect(modeOf(['--out', '--serve'])).toBeUndefined();
    expect(modeOf(['--reps', '5', '--growth'])).toBeUndefined();
    expect(() => parseBenchArgs(['--reps', '5', '--growth'])).toThrow(
      /^--growth is a benchmark of its own with its own options, and comes first: a3-bench --growth \[options\]/,
    );
  });
});
