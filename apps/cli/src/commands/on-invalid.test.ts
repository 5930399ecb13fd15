import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, run, sensorsTrainArgv, tempDir, writeNslKdd, writeSensorsCsv } from '../testing/fixtures';

const tmp = tempDir('on-invalid');
let holes: string;

/** The last stderr line of a run that must fail with `code`. */
async function failure(argv: string[], code = 1): Promise<string> {
  const io = bufferOutput();
  expect(await main(argv, io)).toBe(code);
  return io.stderr.at(-1) ?? '';
}

beforeAll(() => {
  // The sensors CSV with an empty "temp" on two data lines (11 and 301).
  const lines = readFileSync(writeSensorsCsv(join(tmp.dir, 'clean.csv')), 'utf8').split('\n');
  for (const i of [10, 300]) lines[i] = lines[i].replace(/^([^,]*,[^,]*,)[^,]*/, '$1');
  holes = join(tmp.dir, 'holes.csv');
  writeFileSync(holes, lines.join('\n'));
});
afterAll(() => tmp.cleanup());

describe('--on-invalid for train and evaluate, and CLI words in library advice', () => {
  it('a missing value stops training with advice in flags, not in API option names', async () => {
    const line = await failure([...sensorsTrainArgv(holes), '--out', join(tmp.dir, 'm0'), ...FAST]);
    expect(line).toMatch(/^a3 train: .*--on-invalid drop-row/);
    expect(line).not.toMatch(/onInvalid/);
  });

  it('train --on-invalid drop-row trains without the rows; evaluate re-creates the split with it', async () => {
    const model = join(tmp.dir, 'm1');
    const io = await run([
      ...sensorsTrainArgv(holes),
      '--on-invalid',
      'drop-row',
      '--out',
      model,
      ...FAST,
      '--json',
    ]);
    const summary = JSON.parse(io.stdout[0]) as {
      samples: { train: number; validation: number; test: number };
    };
    const { samples } = summary;
    // 600 rows of the clean file, two dropped (hold-out and split are seeded and stratified).
    expect(samples.train + samples.validation + samples.test).toBeLessThan(600);
    const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as {
      protocol: { dataset: { onInvalid?: string } };
    };
    expect(manifest.protocol.dataset.onInvalid).toBe('drop-row');
    const ev = await run(['evaluate', model, '--json']);
    expect((JSON.parse(ev.stdout[0]) as { n: number }).n).toBe(samples.test);
    // Another policy would be other data, so another split: refused.
    expect(await failure(['evaluate', model, '--on-invalid', 'impute-mean'])).toMatch(
      /^a3 evaluate: the model was trained with --on-invalid drop-row.*\[A3_INVALID_ARGUMENT\]$/,
    );
    expect((await run(['evaluate', model, '--on-invalid', 'drop-row', '--json'])).stdout).toEqual(ev.stdout);
  });

  it('train --on-invalid impute-mean keeps every row', async () => {
    const model = join(tmp.dir, 'm2');
    const io = await run([
      ...sensorsTrainArgv(holes),
      '--on-invalid',
      'impute-mean',
      '--out',
      model,
      ...FAST,
      '--json',
    ]);
    const { samples } = JSON.parse(io.stdout[0]) as {
      samples: { train: number; validation: number; test: number };
    };
    const clean = await run([
      ...sensorsTrainArgv(join(tmp.dir, 'clean.csv')),
      '--out',
      join(tmp.dir, 'm3'),
      ...FAST,
      '--json',
    ]);
    const all = JSON.parse(clean.stdout[0]) as { samples: typeof samples };
    expect(samples).toEqual(all.samples);
  });

  it('--on-invalid applies to the CSV-based recipes only', async () => {
    const nsl = writeNslKdd(join(tmp.dir, 'nsl'));
    expect(
      await failure(['train', '--dataset', 'nsl-kdd', '--data-dir', nsl, '--on-invalid', 'drop-row']),
    ).toMatch(/--on-invalid applies to the CSV-based datasets \(csv, creditcard, cic-ids2018\)/);
    expect(await failure([...sensorsTrainArgv(holes), '--on-invalid', 'skip'])).toMatch(
      /--on-invalid must be one of error, drop-row, impute-mean; got "skip"/,
    );
  });

  it('score: a header row with a repeated name points at --no-header', async () => {
    const model = join(tmp.dir, 'm1');
    const twice = join(tmp.dir, 'twice.csv');
    writeFileSync(twice, 'temp,temp,pressure\n1,2,3\n');
    const line = await failure(['score', model, twice]);
    expect(line).toMatch(/names column "temp" twice\. Rename one, or pass --no-header/);
    expect(line).not.toMatch(/header: \[/);
  });
});
