import { describe, expect, it } from 'vitest';
import type { Output } from '@a3/cli';
import { runFromCommandLine } from './main';

/** Runs the runner's command line with captured output; none of these reach a suite file. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = {
    out: (s) => void out.push(s),
    err: (s) => void err.push(s),
    isTTY: false,
    write: (s) => void err.push(s),
  };
  const code = await runFromCommandLine(argv, { root: '/nonexistent-a3-root', io });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('quality runner command line (the @a3/args rules shared with a3 and a3-bench)', () => {
  it('prints its help and exits 0, even next to a mistake', async () => {
    const r = await run(['--bogus', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--suite FILE/);
  });

  it('refuses a flag given twice instead of keeping the last value', async () => {
    const r = await run(['--seeds', '0', '--seeds', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seeds.*(twice|more than once)/);
  });

  it('refuses a seed list naming a seed twice, and a negative or fractional seed', async () => {
    expect((await run(['--seeds', '0,1,0'])).err).toMatch(/--seeds lists "0" twice/);
    expect((await run(['--seeds', '-1'])).err).toMatch(/--seeds must be a whole number ≥ 0; got "-1"/);
    expect((await run(['--seeds', '1.5'])).err).toMatch(/--seeds must be a whole number ≥ 0/);
  });

  it('names the nearest option for an unknown flag', async () => {
    const r = await run(['--detector', 'iforest']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--detectors/);
  });

  it('refuses a positional argument', async () => {
    const r = await run(['suite.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/suite\.json/);
  });
});
