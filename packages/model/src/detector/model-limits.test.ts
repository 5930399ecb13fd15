import '@a3/backend-onnx';
import { FormatError, InvalidArgumentError, TensorData } from '@a3/core';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  A3Detector,
  MANIFEST_FILE,
  MODEL_LIMITS,
  expectTensors,
  readDetectorDir,
  writeDetectorDir,
} from '../index';
import { syntheticProblem } from '../testing/synthetic';

// Hand-edited model files must fail on what they claim, before anything of that size exists:
// before these checks, hidden sizes of 10^6 cost seconds and gigabytes and 10^9 crashed with a
// RangeError from a typed-array allocation.
const problem = syntheticProblem({ seed: 4, nNormalTrain: 100, nKnown: 4 });
const tiny = {
  targetOptions: { encoder: [8, 4] },
  alarm: { hidden: [8] },
  targetTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
  alarmTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
};

let root: string;
let saved: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'a3-limits-'));
  saved = join(root, 'saved');
  const d = await new A3Detector(tiny).fit(problem.train, { backend: 'onnx' });
  await d.save(saved);
  d.dispose();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let copies = 0;
/** The parts of a3.json these tests edit. */
interface EditableManifest {
  inputShape: number[];
  config: { targetOptions: { encoder: number[] }; alarm: { hidden: number[] } };
  taps: { width: number }[];
  weights: { tensors: Record<string, number[]> };
}

async function edited(edit: (manifest: EditableManifest) => void): Promise<string> {
  const dir = join(root, `edit-${++copies}`);
  await cp(saved, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  edit(manifest);
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  return dir;
}
const load = (dir: string) => A3Detector.load(dir, { backend: 'onnx' });

describe('model files that claim large sizes fail before allocating them', () => {
  it('hidden sizes of 10^6 in a3.json: the first layer is checked against the stored weights', async () => {
    const dir = await edited((m) => (m.config.targetOptions.encoder = [1_000_000, 1_000_000]));
    const err = await load(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(
      /tensor "target\/encoder_1\/kernel" has shape \[8, 8\] but the architecture needs \[8, 1000000\]/,
    );
  });

  it('hidden sizes of 10^9: a FormatError naming the option and the limit, no RangeError', async () => {
    const dir = await edited((m) => (m.config.alarm.hidden = [1e9]));
    const err = await load(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(
      /option "hidden"\[0\] is 1000000000 units, above the limit of 1048576/,
    );
  });

  it('a tensor list edited to match the config is refused by the weights file size before reading it', async () => {
    const dir = await edited((m) => {
      m.config.targetOptions.encoder = [1_000_000, 4];
      m.weights.tensors['target/encoder_1/kernel'] = [8, 1_000_000];
    });
    await expect(load(dir)).rejects.toThrow(
      /is truncated or from another model: \d+ bytes, but the tensors a3\.json lists need 3\d{7} bytes/,
    );
  });

  it('tensor lists and input shapes beyond the limits, and an oversized a3.json', async () => {
    const huge = await edited((m) => (m.weights.tensors['target/encoder_1/kernel'] = [1e5, 1e5]));
    await expect(load(huge)).rejects.toThrow(/more than 268435456 values \(the limit, 2\^28\)/);
    const wide = await edited((m) => (m.inputShape = [1e5, 1e5]));
    await expect(load(wide)).rejects.toThrow(/"inputShape" exceeds the limit of 8 axes and 16777216/);
    const tap = await edited((m) => (m.taps[0].width = 1e12));
    await expect(load(tap)).rejects.toThrow(/a width in \[1, 16777216\]/);
    const proto = await edited((m) => (m.weights.tensors = JSON.parse('{"__proto__": [1]}')));
    await expect(load(proto)).rejects.toThrow(/missing tensor "__proto__"/);
    const big = await edited(() => undefined);
    await truncate(join(big, MANIFEST_FILE), MODEL_LIMITS.maxManifestBytes + 1); // sparse: no disk, no memory
    await expect(load(big)).rejects.toThrow(/above the limit of 67108864 for a3\.json/);
  });

  it('fit refuses architectures above the weight budget before initialising them', async () => {
    const d = new A3Detector({ ...tiny, targetOptions: { encoder: [4, 2 ** 20, 2 ** 20] } });
    const err = await d.fit(problem.train, { backend: 'onnx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(
      /needs more than 268435456 weights .* "target\/code\/kernel" alone is \[1048576, 1048576\]/,
    );
    expect(() => new A3Detector({ alarm: { hidden: [2 ** 21] } })).toThrow(/above the limit of 1048576/);
    expect(() => new A3Detector({ targetTraining: { epochs: 1e12 } })).toThrow(
      /epochs is 1000000000000, above the limit/,
    );
    expect(() => new A3Detector({ alarmTraining: { earlyStopping: null as never } })).toThrow(
      /earlyStopping must be/,
    );
  });
});

describe('generic detector directories are bounded the same way', () => {
  const files = (tensors: Record<string, TensorData>) => ({
    detector: 'toy',
    inputShape: [3],
    config: { width: 2 },
    threshold: 0.5,
    tensors,
  });

  it('checks the list, the file size and the expected shapes', async () => {
    const dir = join(root, 'toy');
    await writeDetectorDir(dir, files({ w: TensorData.float32([3, 2], [1, 2, 3, 4, 5, 6]) }));
    const { tensors } = await readDetectorDir(dir, 'toy');
    expect(() => expectTensors(tensors, { w: [3, 2] }, dir)).not.toThrow();
    expect(() => expectTensors(tensors, { w: [3, 1_000_000] }, dir)).toThrow(
      /tensor "w" has shape \[3, 2\] but its config needs \[3, 1000000\]/,
    );
    expect(() => expectTensors(tensors, { w: [3, 2], b: [2] }, dir)).toThrow(/no tensor "b"/);
    expect(() => expectTensors(tensors, {}, dir)).toThrow(/holds tensor "w", which its config does not use/);

    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    manifest.weights.tensors.w = [1e9, 1e9];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(readDetectorDir(dir, 'toy')).rejects.toThrow(/more than 268435456 values/);
    manifest.weights.tensors.w = [3, 1000];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(readDetectorDir(dir, 'toy')).rejects.toThrow(/truncated or from another model/);
    manifest.weights.tensors.w = [3, 2];
    manifest.inputShape = [1e9];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(readDetectorDir(dir, 'toy')).rejects.toThrow(/"inputShape" exceeds the limit/);
  });
});
