import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, sensorsTrainArgv, tempDir, trainSensorsModel, writeNslKdd } from '../testing/fixtures';

const tmp = tempDir('errors');
let nsl: string;
let csv: string;
let model: string;

beforeAll(async () => {
  nsl = writeNslKdd(join(tmp.dir, 'nsl'));
  ({ csv, model } = await trainSensorsModel(tmp.dir));
}, 120_000);
afterAll(() => tmp.cleanup());

/**
 * Runs the CLI expecting a failure: a non-zero code and one error line (the last on stderr;
 * notes about the data read may come before it), which is returned.
 */
async function fails(argv: string[], code = 1): Promise<string> {
  const io = bufferOutput();
  expect(await main(argv, io)).toBe(code);
  const errors = io.stderr.filter((l) => l.startsWith('a3 '));
  expect(errors).toHaveLength(1);
  const line = io.stderr[io.stderr.length - 1];
  expect(line).toBe(errors[0]);
  expect(line).not.toContain('\n');
  expect(line).not.toMatch(/unexpected error/);
  return line;
}

describe('bad input fails with one line that says what is wrong', () => {
  it('unknown dataset', async () => {
    const msg = await fails(['train', '--dataset', 'nope', '--data-dir', tmp.dir]);
    expect(msg).toMatch(/^a3 train: Unknown dataset recipe "nope"\. Known: nsl-kdd, mnist/);
  });

  it('missing --dataset', async () => {
    expect(await fails(['train'])).toMatch(/--dataset is required/);
  });

  it('missing --data-dir names the files and where to get them', async () => {
    const msg = await fails(['train', '--dataset', 'nsl-kdd']);
    expect(msg).toMatch(/dataset "nsl-kdd" needs --data-dir DIR: a directory with KDDTrain\+/);
    expect(msg).toMatch(/unb\.ca/);
  });

  it('a data dir that does not exist, or a file where a dir is expected', async () => {
    expect(await fails(['train', '--dataset', 'nsl-kdd', '--data-dir', join(tmp.dir, 'nowhere')])).toMatch(
      /--data-dir .*nowhere does not exist/,
    );
    expect(await fails(['train', '--dataset', 'nsl-kdd', '--file', csv])).toMatch(/use --data-dir/);
    expect(await fails(['train', '--dataset', 'adbench', '--data-dir', nsl])).toMatch(
      /reads one file: use --file/,
    );
  });

  it('a data dir without the recipe’s files', async () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty, { recursive: true });
    expect(await fails(['train', '--dataset', 'nsl-kdd', '--data-dir', empty])).toMatch(
      /KDDTrain\+\.txt.*found in/,
    );
  });

  it('unknown class names list the classes that exist', async () => {
    const base = ['train', '--dataset', 'nsl-kdd', '--data-dir', nsl, ...FAST];
    expect(await fails([...base, '--known', 'DoS,Nope'])).toMatch(
      /Unknown known-anomaly class\(es\) "Nope".*Available classes \(rows\): "DoS" \(\d+\)/,
    );
    expect(await fails([...base, '--normal', 'benign'])).toMatch(/Unknown normal class\(es\) "benign"/);
    expect(await fails([...base, '--test-anomalies', 'R2L,Worms'])).toMatch(
      /Unknown test-anomaly class\(es\) "Worms"/,
    );
  });

  it('too many known anomalies, or known anomalies without a class', async () => {
    const base = ['train', '--dataset', 'nsl-kdd', '--data-dir', nsl, ...FAST];
    expect(await fails([...base, '--known', 'Probe', '--n-known', '5000'])).toMatch(
      /--n-known = 5000, but .*Lower --n-known/,
    );
    expect(await fails([...base, '--known', 'DoS', '--normal', 'DoS'])).toMatch(/both normal and anomalous/);
    expect(await fails(sensorsTrainArgv(csv, ['--n-known', '3']))).toMatch(
      /--n-known 3 needs the classes to draw them from: add --known/,
    );
  });

  it('bad numbers', async () => {
    const base = ['train', '--dataset', 'nsl-kdd', '--data-dir', nsl];
    expect(await fails([...base, '--epochs-alarm', 'ten'])).toMatch(
      /--epochs-alarm must be a whole number ≥ 1; got "ten"/,
    );
    expect(await fails([...base, '--batch-size', '0'])).toMatch(
      /--batch-size must be a whole number ≥ 1; got "0"/,
    );
    expect(await fails([...base, '--n-known=-3'])).toMatch(/--n-known must be a whole number ≥ 0/);
    expect(await fails([...base, '--lr', '0'])).toMatch(/--lr must be a number greater than 0; got "0"/);
    expect(await fails([...base, '--test-fraction', '1.5'])).toMatch(
      /--test-fraction must be a number between 0 and 1/,
    );
    expect(await fails([...base, '--seed', '1.5'])).toMatch(/--seed must be a whole number ≥ 0/);
    expect(await fails(['score', model, csv, '--chunk-size', '1e-3'])).toMatch(
      /--chunk-size must be a whole number/,
    );
  });

  it('unknown target / anomaly networks and flags', async () => {
    const base = ['train', '--dataset', 'nsl-kdd', '--data-dir', nsl];
    expect(await fails([...base, '--target', 'transformer'])).toMatch(
      /--target "transformer" is not registered\. Known: .*dense-ae/,
    );
    expect(await fails([...base, '--anomaly', 'gan'])).toMatch(
      /--anomaly "gan" is not registered\. Known: .*gaussian/,
    );
    expect(await fails([...base, '--epochs', '3'], 2)).toMatch(
      /unknown option --epochs; did you mean --epochs-target or --epochs-alarm\? Options of a3 train: --dataset, .*\[A3_INVALID_ARGUMENT\]$/,
    );
  });

  it('csv needs its label column; other recipes reject one', async () => {
    expect(await fails(['train', '--dataset', 'csv', '--file', csv])).toMatch(
      /--dataset csv needs --label-column NAME/,
    );
    expect(await fails(['train', '--dataset', 'nsl-kdd', '--data-dir', nsl, '--label-column', 'x'])).toMatch(
      /--label-column applies to --dataset csv only/,
    );
    expect(await fails(['train', '--dataset', 'nsl-kdd', '--data-dir', nsl, '--drop', 'duration'])).toMatch(
      /--drop applies to the CSV-based datasets/,
    );
  });

  it('missing model dir', async () => {
    const gone = join(tmp.dir, 'no-model');
    for (const argv of [
      ['evaluate', gone],
      ['score', gone, csv],
      ['export', gone, '--onnx', join(tmp.dir, 'x.onnx')],
    ]) {
      expect(await fails(argv)).toMatch(/model directory .*no-model does not exist\. Train one with/);
    }
    expect(await fails(['evaluate'])).toMatch(/missing MODEL\. Usage: a3 evaluate MODEL/);
  });

  it('corrupt model: bad JSON, a truncated weights file, a folder that is no model', async () => {
    const bad = join(tmp.dir, 'corrupt');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'a3.json'), '{"format": "a3-model", ');
    expect(await fails(['evaluate', bad])).toMatch(
      /a3\.json is not valid JSON .*the file is corrupt\. \[A3_FORMAT\]$/,
    );

    const truncated = join(tmp.dir, 'truncated');
    mkdirSync(truncated, { recursive: true });
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(truncated, 'a3.json'), readFileSync(join(model, 'a3.json')));
    writeFileSync(
      join(truncated, 'weights.safetensors'),
      readFileSync(join(model, 'weights.safetensors')).subarray(0, 4000),
    );
    expect(await fails(['score', truncated, csv])).toMatch(/\[A3_FORMAT\]$/);

    expect(await fails(['evaluate', nsl])).toMatch(/No a3 model at .*a3\.json is missing/);
  });

  it('score: missing input, bad format, unknown --keep column', async () => {
    expect(await fails(['score', model, join(tmp.dir, 'none.csv')])).toMatch(
      /input .*none\.csv is not a readable file/,
    );
    expect(await fails(['score', model, csv, '--format', 'xml'])).toMatch(
      /--format must be one of csv, json, parquet; got "xml"/,
    );
    expect(await fails(['score', model])).toMatch(/missing INPUT\. Usage: a3 score MODEL INPUT/);
    expect(await fails(['score', model, csv, '--keep', 'serial'])).toMatch(/serial/);
  });

  it('score: a CSV without the model’s columns', async () => {
    const other = join(tmp.dir, 'other.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    expect(await fails(['score', model, other])).toMatch(/lacks column\(s\) .*temp/);
  });

  it('export needs --onnx; evaluate refuses another dataset', async () => {
    expect(await fails(['export', model])).toMatch(/--onnx FILE is required/);
    expect(await fails(['evaluate', model, '--dataset', 'nsl-kdd'])).toMatch(
      /trained on dataset "csv", not "nsl-kdd"/,
    );
  });
});
