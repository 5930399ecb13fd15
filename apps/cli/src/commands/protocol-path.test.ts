import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { run, tempDir, trainSensorsModel } from '../testing/fixtures';

const tmp = tempDir('protocol-path');
let csv: string;
let model: string;
let manifest: { protocol: { dataset: { path: string } } };

/** A copy of the model whose stored protocol names `path` as its data. */
function modelPointingAt(name: string, path: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.safetensors'), readFileSync(join(model, 'weights.safetensors')));
  const edited = structuredClone(manifest);
  edited.protocol.dataset.path = path;
  writeFileSync(join(dir, 'a3.json'), JSON.stringify(edited));
  return dir;
}

async function evaluate(argv: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = bufferOutput();
  const code = await main(['evaluate', ...argv], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

beforeAll(async () => {
  ({ csv, model } = await trainSensorsModel(tmp.dir));
  manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as typeof manifest;
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a3 evaluate and the data path stored in a model', () => {
  it('says which data it evaluates on and where that came from', async () => {
    const r = await evaluate([model, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `evaluating on ${csv} (from the model's protocol; override with --data-dir/--file)`,
    );
  });

  it('refuses a stored path that is not a data file of the recipe’s kind, before reading it', async () => {
    const system = modelPointingAt('system', '/etc/passwd');
    const r = await evaluate([system]);
    expect(r.code).toBe(1);
    expect(r.stderr.at(-1)).toMatch(
      /^a3 evaluate: the model's protocol names \/etc\/passwd as its data, but dataset "csv" reads \.csv.* files; pass the data with --file FILE\. \[A3_INVALID_ARGUMENT\]$/,
    );
    expect(r.stderr.join('\n')).not.toMatch(/root:/);

    const dir = modelPointingAt('dir', tmp.dir);
    expect((await evaluate([dir])).stderr.at(-1)).toMatch(/names .* as its data, but it is a directory/);
    const relative = modelPointingAt('relative', 'sensors.csv');
    expect((await evaluate([relative])).stderr.at(-1)).toMatch(
      /names "sensors\.csv" as its data, which is not an absolute path/,
    );
  });

  it('quotes at most ~100 characters of a stored data file in its error', async () => {
    const secret = join(tmp.dir, 'secret.csv');
    const line = `SECRET${'x'.repeat(5000)}`;
    writeFileSync(secret, `${line},b\n1,2\n`);
    const r = await evaluate([modelPointingAt('secret', secret)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `evaluating on ${secret} (from the model's protocol; override with --data-dir/--file)`,
    );
    const error = r.stderr.at(-1) ?? '';
    expect(error).toMatch(/^a3 evaluate: /);
    expect(error).not.toMatch(/x{120}/);
    expect(error.length).toBeLessThan(1000);
  });

  it('--file overrides a stored path, and says so', async () => {
    const r = await evaluate([modelPointingAt('override', '/etc/passwd'), '--file', csv, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`evaluating on ${csv} (--file)`);
    expect(JSON.parse(r.stdout[0])).toEqual(JSON.parse((await run(['evaluate', model, '--json'])).stdout[0]));
  });
});
