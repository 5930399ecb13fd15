import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferOutput, commands, main } from './index';

describe('a3 CLI', () => {
  it('lists backends as JSON objects with name, package, available, capabilities', async () => {
    const io = bufferOutput();
    expect(await main(['backends', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout.join('\n')) as {
      name: string;
      package: string;
      available: boolean;
      reason?: string;
    }[];
    const names = rows.map((r) => r.name);
    for (const n of ['tfjs-cpu', 'tfjs-wasm', 'tfjs-node', 'tfjs-node-gpu', 'onnx'])
      expect(names).toContain(n);
    for (const r of rows) {
      expect(typeof r.package).toBe('string');
      if (!r.available) expect(r.reason).toBeTruthy();
    }
  });

  it('fails with a one-line reason and a non-zero code on bad input', async () => {
    const io = bufferOutput();
    expect(await main(['nope'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown command "nope"/);
    const io2 = bufferOutput();
    expect(await main(['backends', '--bogus'], io2)).toBe(2);
    expect(io2.stderr).toHaveLength(1);
  });

  it('prints help for every command, with its usage, options and an example', async () => {
    const names = [
      'quickstart',
      'train',
      'evaluate',
      'compare',
      'score',
      'export',
      'serve',
      'datasets',
      'backends',
    ];
    expect(commands.map((c) => c.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      const io = bufferOutput();
      expect(await main([name, '--help'], io)).toBe(0);
      const text = io.stdout.join('\n');
      expect(text).toMatch(new RegExp(`^a3 ${name} — `));
      expect(text).toMatch(new RegExp(`Usage: a3 ${name}`));
      expect(text).toMatch(new RegExp(`Example:\\n  a3 ${name}`));
      expect(text).toMatch(/--help/);
    }
    const overview = bufferOutput();
    expect(await main(['--help'], overview)).toBe(0);
    for (const name of names) expect(overview.stdout.join('\n')).toContain(`  ${name}`);
  });

  it('lists the dataset recipes with where to get the data', async () => {
    const io = bufferOutput();
    expect(await main(['datasets', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout.join('\n')) as { name: string; source: string; pass: string }[];
    const names = rows.map((r) => r.name);
    for (const n of ['nsl-kdd', 'mnist', 'fashion-mnist', 'creditcard', 'cic-ids2018', 'adbench', 'csv']) {
      expect(names).toContain(n);
    }
    expect(rows.find((r) => r.name === 'nsl-kdd')).toMatchObject({ pass: '--data-dir DIR' });
    expect(rows.find((r) => r.name === 'adbench')).toMatchObject({ pass: '--file FILE' });
    const text = bufferOutput();
    expect(await main(['datasets'], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(/nsl-kdd\n .*\n {2}pass: {4}--data-dir DIR/);
  });
});

describe('the command line (regressions of issue 13)', () => {
  /** Runs a3 expecting a usage error: exit code, and the one stderr line. */
  async function usageError(argv: string[], code = 2): Promise<string> {
    const io = bufferOutput();
    expect(await main(argv, io)).toBe(code);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    return io.stderr[0];
  }

  it('a negative number after a flag is the flag’s value, checked by the command', async () => {
    const line = await usageError(['train', '--seed', '-1', '--dataset', 'csv'], 1);
    expect(line).toBe('a3 train: --seed must be a whole number ≥ 0; got "-1". [A3_INVALID_ARGUMENT]');
  });

  it('a flag given twice is an error, not the last value', async () => {
    expect(await usageError(['train', '--seed', '1', '--seed', '2'])).toBe(
      'a3 train: --seed given twice ("1" and "2"); give it once. [A3_INVALID_ARGUMENT]',
    );
  });

  it('an unknown flag gets one line: did-you-mean, the command’s flags, an error code', async () => {
    const line = await usageError(['backends', '--jsn']);
    expect(line).toBe(
      'a3 backends: unknown option --jsn; did you mean --json? Options of a3 backends: --json, --help. ' +
        '[A3_INVALID_ARGUMENT]',
    );
  });

  it('a3 --version and a3 -v print the package version', async () => {
    const { version } = JSON.parse(
      readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
    ) as { version: string };
    for (const flag of ['--version', '-v']) {
      const io = bufferOutput();
      expect(await main([flag], io)).toBe(0);
      expect(io.stdout).toEqual([`a3 ${version}`]);
    }
  });
});
