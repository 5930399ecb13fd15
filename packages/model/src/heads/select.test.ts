import '@a3/backend-onnx';
import { TensorData } from '@a3/core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  A3Detector,
  loadDetector,
  registerDetector,
  unregisterDetector,
  type A3DetectorConfig,
} from '../index';
import type { HeadConfig } from '../detector/config';
import type { Detector } from '../detectors/detector';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';
import { registerTestHeads, unregisterTestHeads } from '../testing/test-heads';
import { fitHeads, keptWeights, selectInGroups } from './ensemble';

const problem = syntheticProblem({ seed: 6, nNormalTrain: 200, nKnown: 12 });

beforeAll(() => registerTestHeads());
afterAll(() => unregisterTestHeads());

/** A stand-in fitted head whose score of each row is given. */
function fixed(index: number, config: HeadConfig, score: (row: number[]) => number) {
  const detector = {
    disposed: false,
    async score(x: TensorData<'float32'>) {
      const d = x.shape[1];
      const v = x.data as Float32Array;
      return Float32Array.from({ length: x.shape[0] }, (_, i) =>
        score(Array.from(v.subarray(i * d, (i + 1) * d))),
      );
    },
    dispose() {
      this.disposed = true;
    },
  };
  return { index, config, detector: detector as unknown as Detector, spy: detector };
}

// Normals near 0, known anomalies near 1 (first feature); one column.
const normals = TensorData.fromRows([[0.1], [0.2], [0.15], [0.3]]);
const known = TensorData.fromRows([[0.9], [0.8]]);

describe('selectInGroups', () => {
  it('keeps the group member that best separates held-out normals from known anomalies, drops the rest with both AUCs', async () => {
    const good = fixed(1, { detector: 'up', weight: 1, group: 'u' }, (r) => r[0]);
    const bad = fixed(2, { detector: 'down', weight: 1, group: 'u' }, (r) => -r[0]);
    const alone = fixed(0, { detector: 'solo', weight: 2 }, () => 0);
    const r = await selectInGroups({ fitted: [alone, bad, good], dropped: [] }, { normals, known });
    expect(r.fitted.map((f) => f.config.detector)).toEqual(['solo', 'up']);
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0].detector).toBe('down');
    // Every normal below every anomaly: AUC 1 for "up", 0 for "down".
    expect(r.dropped[0].reason).toContain('AUC-ROC 0.000 on 4 held-out normals against 2 known anomalies');
    expect(r.dropped[0].reason).toContain('"up" had 1.000');
    expect(r.selections).toEqual([
      {
        group: 'u',
        kept: ['up'],
        normals: 4,
        knownAnomalies: 2,
        aucRoc: [
          { detector: 'down', aucRoc: 0 },
          { detector: 'up', aucRoc: 1 },
        ],
      },
    ]);
    expect(bad.spy.disposed).toBe(true);
    expect(good.spy.disposed).toBe(false);
  });

  it('with a tolerance keeps every member within it of the best, best first, and drops the rest', async () => {
    // "near" ranks known 0.8 below the normal 0.3 only: AUC 7/8 = 0.875; "up" 1; "down" 0.
    const near = () =>
      fixed(4, { detector: 'near', weight: 1, group: 'u' }, (r) =>
        r[0] > 0.85 ? r[0] : r[0] > 0.7 ? 0.25 : r[0],
      );
    const up = () => fixed(5, { detector: 'up', weight: 1, group: 'u' }, (r) => r[0]);
    const down = () => fixed(6, { detector: 'down', weight: 1, group: 'u' }, (r) => -r[0]);
    const wide = await selectInGroups(
      { fitted: [near(), up(), down()], dropped: [] },
      { normals, known },
      0.2,
    );
    expect(wide.fitted.map((f) => f.config.detector)).toEqual(['near', 'up']);
    expect(wide.selections[0].kept).toEqual(['up', 'near']);
    expect(wide.selections[0].aucRoc.map((a) => a.aucRoc)).toEqual([0.875, 1, 0]);
    expect(wide.dropped.map((d) => d.detector)).toEqual(['down']);
    expect(wide.dropped[0].reason).toContain('(members within 0.2 of it are kept)');
    const narrow = await selectInGroups(
      { fitted: [near(), up(), down()], dropped: [] },
      { normals, known },
      0.1,
    );
    expect(narrow.selections[0].kept).toEqual(['up']);
    // Without known anomalies the tolerance has nothing to measure: the first head alone.
    const none = await selectInGroups(
      { fitted: [near(), up()], dropped: [] },
      { normals, known: TensorData.float32([0, 1], new Float32Array(0)) },
      0.5,
    );
    expect(none.selections[0].kept).toEqual(['near']);
  });

  it('kept members of a group share its weight; heads outside groups keep theirs', () => {
    const u = (detector: string, weight: number): HeadConfig => ({ detector, weight, group: 'u' });
    expect(keptWeights([{ detector: 'hgb', weight: 2 }, u('lof', 1), u('ae', 1)])).toEqual([2, 0.5, 0.5]);
    expect(
      keptWeights([u('lof', 3), { detector: 'x', weight: 1, group: 'v' }, u('ae', 3), u('if', 3)]),
    ).toEqual([1, 1, 1, 1]);
  });

  it('breaks a tie for the earlier head, and keeps the first head when there are no known anomalies', async () => {
    const a = () => fixed(3, { detector: 'a', weight: 1, group: 'g' }, (r) => r[0]);
    const b = () => fixed(5, { detector: 'b', weight: 1, group: 'g' }, (r) => 2 * r[0]);
    const tie = await selectInGroups({ fitted: [a(), b()], dropped: [] }, { normals, known });
    expect(tie.fitted.map((f) => f.config.detector)).toEqual(['a']);
    const none = await selectInGroups(
      { fitted: [b(), a()], dropped: [] },
      { normals, known: TensorData.float32([0, 1], new Float32Array(0)) },
    );
    expect(none.fitted.map((f) => f.config.detector)).toEqual(['b']);
    expect(none.dropped[0].reason).toContain('no known anomalies to choose by');
    expect(none.selections[0].aucRoc).toEqual([
      { detector: 'b', aucRoc: null },
      { detector: 'a', aucRoc: null },
    ]);
  });

  it('fits group members on the normal rows only, and refuses a member that needs known anomalies', async () => {
    const seen: number[] = [];
    registerDetector('test-spy', {
      description: 'records the labels it is fitted on',
      usesBackend: false,
      create: () =>
        ({
          async fit(d: { y?: Uint8Array }) {
            seen.push(...(d.y ?? []));
          },
          dispose() {},
        }) as unknown as Detector,
      load: () => Promise.reject(new Error('not saved')),
    });
    registerDetector('test-needs-labels', {
      description: 'needs known anomalies',
      usesBackend: false,
      needsKnownAnomalies: true,
      create: () => ({}) as unknown as Detector,
      load: () => Promise.reject(new Error('not saved')),
    });
    try {
      const backend = (await import('@a3/core')).getBackend('onnx');
      const data = { x: problem.train.x, y: problem.train.y };
      const r = await fitHeads([{ detector: 'test-spy', weight: 1, group: 'g' }], data, {
        backend: await backend,
        seed: 1,
      });
      expect(r.fitted).toHaveLength(1);
      expect(seen).toHaveLength(200);
      expect(seen.every((v) => v === 0)).toBe(true);
      await expect(
        fitHeads([{ detector: 'test-needs-labels', weight: 1, group: 'g' }], data, {
          backend: await backend,
          seed: 1,
        }),
      ).rejects.toThrow(/learns from known anomalies\. Take it out of the group/);
    } finally {
      unregisterDetector('test-spy');
      unregisterDetector('test-needs-labels');
    }
  });
});

describe('A3Detector with a group of alternative heads', () => {
  const config: A3DetectorConfig = {
    ...TINY_CONFIG,
    targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 2 },
    alarmTraining: { ...TINY_CONFIG.alarmTraining, steps: 20 },
    heads: [
      { detector: 'test-inverse', weight: 1, group: 'unsupervised' },
      { detector: 'test-centroid', weight: 1, group: 'unsupervised' },
    ],
  };
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'a3-select-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the head the known anomalies choose, says why in training.heads, and saves only it', async () => {
    const d = await new A3Detector(config).fit(problem.train, { backend: 'onnx' });
    try {
      expect(d.heads).toEqual([{ detector: 'test-centroid', weight: 1 }]);
      const heads = d.training.heads as {
        dropped: { detector: string; reason: string }[];
        selected: { group: string; kept: string[]; aucRoc: { detector: string; aucRoc: number }[] }[];
      };
      expect(heads.dropped.map((x) => x.detector)).toEqual(['test-inverse']);
      expect(heads.selected[0].kept).toEqual(['test-centroid']);
      const [inverse, centroid] = heads.selected[0].aucRoc.map((a) => a.aucRoc);
      // The two heads rank rows in exactly opposite orders (no ties): their AUCs sum to 1.
      expect(inverse + centroid).toBeCloseTo(1, 12);
      expect(centroid).toBeGreaterThan(0.5);
      const dir = join(root, 'model');
      await d.save(dir);
      expect(await readdir(join(dir, 'heads'))).toEqual(['1-test-centroid']);
      const back = await loadDetector(dir, { backend: 'onnx' });
      const x = problem.test.x;
      // Same scores up to float32 rounding (two compilations of the alarm may round apart).
      const [a, b] = [await back.score(x), await d.score(x)];
      expect(a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)).toBeLessThan(1e-5);
      back.dispose();
    } finally {
      d.dispose();
    }
  });

  it('with groupTolerance keeps both members at half weight, combines them as Σ w·F / Σ w, and a loaded model agrees', async () => {
    const d = await new A3Detector({ ...config, groupTolerance: 0.99 }).fit(problem.train, {
      backend: 'onnx',
    });
    try {
      expect(d.heads).toEqual([
        { detector: 'test-inverse', weight: 0.5 },
        { detector: 'test-centroid', weight: 0.5 },
      ]);
      const x = problem.test.x;
      const c = await d.scoreComponents(x);
      const s = await d.score(x);
      // The combination recomputed in float64 from the components: alarm weight 1, heads 0.5 each.
      for (let i = 0; i < s.length; i++) {
        const want =
          (c.alarm.calibrated![i] + 0.5 * c.heads[0].calibrated[i] + 0.5 * c.heads[1].calibrated[i]) / 2;
        expect(s[i]).toBeCloseTo(want, 5);
      }
      const dir = join(root, 'model-both');
      await d.save(dir);
      expect(await readdir(join(dir, 'heads'))).toEqual(['0-test-inverse', '1-test-centroid']);
      const back = await loadDetector(dir, { backend: 'onnx' });
      expect((back as A3Detector).heads).toEqual(d.heads);
      const b = await back.score(x);
      expect(b.reduce((m, v, i) => Math.max(m, Math.abs(v - s[i])), 0)).toBeLessThan(1e-5);
      back.dispose();
    } finally {
      d.dispose();
    }
  });

  it('a group name that is not a plain word is refused naming the rule', () => {
    expect(
      () => new A3Detector({ ...config, heads: [{ detector: 'test-centroid', weight: 1, group: 'a b' }] }),
    ).toThrow(/heads\[0\]\.group names a set of alternative heads/);
  });
});
