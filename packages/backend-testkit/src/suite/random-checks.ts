import { Graph, ops, TensorData, type Backend, type Outputs } from '@a3/core';
import { check } from './assertions';
import { withExecutable } from './primitive-checks';

const SAMPLES = 10_000;

function randomGraph(seed: number): Graph {
  const g = new Graph('testkit_random');
  g.output('normal', g.addNode('RandomNormal', [], { shape: [SAMPLES], mean: 0.5, std: 2, seed }));
  g.output('uniform', g.addNode('RandomUniform', [], { shape: [SAMPLES], min: -1, max: 3, seed: seed + 1 }));
  return g;
}

function moments(data: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    s += data[i];
    min = Math.min(min, data[i]);
    max = Math.max(max, data[i]);
  }
  const mean = s / data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / (data.length - 1)), min, max };
}

/**
 * 10k samples: the mean within 5 standard errors (a false alarm is a ~1e-6 event), the std
 * within 5%, uniform values inside [min, max].
 */
export async function checkRandomStatistics(backend: Backend): Promise<void> {
  await withExecutable(backend, randomGraph(7), async (exec) => {
    const out = await exec.run({});
    const n = moments(out.normal.data);
    check(
      Math.abs(n.mean - 0.5) < (5 * 2) / Math.sqrt(SAMPLES),
      `RandomNormal(0.5, 2): sample mean ${n.mean}.`,
    );
    check(Math.abs(n.std - 2) < 0.1, `RandomNormal(0.5, 2): sample std ${n.std}.`);
    const u = moments(out.uniform.data);
    const uStd = 4 / Math.sqrt(12);
    check(
      Math.abs(u.mean - 1) < (5 * uStd) / Math.sqrt(SAMPLES),
      `RandomUniform(-1, 3): sample mean ${u.mean}.`,
    );
    check(
      Math.abs(u.std - uStd) < 0.05 * uStd,
      `RandomUniform(-1, 3): sample std ${u.std}, expected ${uStd}.`,
    );
    check(u.min >= -1 && u.max <= 3, `RandomUniform(-1, 3): values in [${u.min}, ${u.max}].`);
    check(
      out.normal.dtype === 'float32' && out.normal.shape.join(',') === String(SAMPLES),
      'RandomNormal output is float32 [10000].',
    );
  });
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Each run draws fresh values; two fresh executables of the same seeded graph draw the same sequence. */
export async function checkRandomDeterminism(backend: Backend): Promise<void> {
  const runs = async (): Promise<Outputs[]> =>
    withExecutable(backend, randomGraph(11), async (exec) => [
      await exec.run({}),
      await exec.run({}),
      await exec.run({}),
    ]);
  const first = await runs();
  check(
    !same(first[0].normal.data, first[1].normal.data),
    'RandomNormal returned the same values in two runs; draw fresh values every run.',
  );
  check(
    !same(first[1].uniform.data, first[2].uniform.data),
    'RandomUniform returned the same values in two runs.',
  );
  check(
    !same(first[0].normal.data, first[0].uniform.data),
    'Two random ops with different seeds drew the same values.',
  );
  const second = await runs();
  for (let r = 0; r < 3; r++) {
    check(
      same(first[r].normal.data, second[r].normal.data),
      `RandomNormal run ${r + 1}: a fresh executable with the same seed drew a different sequence.`,
    );
    check(
      same(first[r].uniform.data, second[r].uniform.data),
      `RandomUniform run ${r + 1}: a fresh executable with the same seed drew a different sequence.`,
    );
  }
}

/** randomNormalLike / randomUniformLike follow the runtime batch of their reference tensor. */
export async function checkRandomLike(backend: Backend): Promise<void> {
  const g = new Graph('testkit_random_like');
  const x = g.input('x', [-1, 5]);
  g.output('n', ops.randomNormalLike(x, { seed: 3 }));
  g.output('u', ops.randomUniformLike(x, { min: 2, max: 4, seed: 4 }));
  g.output('d', ops.dropout(x, 0.5, 5));
  await withExecutable(backend, g, async (exec) => {
    for (const batch of [1, 3, 7]) {
      const out = await exec.run({ x: TensorData.fill([batch, 5], 1) });
      for (const k of ['n', 'u', 'd']) {
        check(
          out[k].shape.join(',') === `${batch},5`,
          `random "${k}" like [${batch}, 5] has shape [${out[k].shape}].`,
        );
      }
      check(
        out.u.data.every((v) => v >= 2 && v <= 4),
        'randomUniformLike(min 2, max 4) values out of range.',
      );
      check(
        out.d.data.every((v) => v === 0 || Math.abs(v - 2) < 1e-6),
        'dropout(0.5) of ones must give 0 or 2.',
      );
    }
  });
}
