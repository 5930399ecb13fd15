import { describe, expect, it } from 'vitest';
import { perClassMetrics } from './per-class';

/**
 * Four normals (0.1–0.4), known class A, unseen classes B and C, rows interleaved. Expected
 * values from scikit-learn 1.9 (/work/pyenv), each class against the four normals only:
 *   from sklearn.metrics import roc_auc_score as r, average_precision_score as a
 *   N = [0.1, 0.2, 0.3, 0.4]
 *   for c in ([0.35, 0.5], [0.05, 0.45, 0.9], [0.25], [0.05, 0.45, 0.9, 0.25]):
 *       y = [0] * 4 + [1] * len(c); print(r(y, N + c), a(y, N + c), sum(v >= 0.4 for v in c) / len(c))
 * → A 0.875 0.8333 0.5 · B 0.6667 0.8095 0.6667 · C 0.5 0.3333 0.0 · B+C 0.625 0.775 0.5
 */
const part = {
  labels: ['B', 'n', 'A', 'n', 'C', 'B', 'n', 'A', 'n', 'B'],
  y: Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 1, 0, 1]),
};
const scores = Float32Array.from([0.05, 0.1, 0.35, 0.2, 0.25, 0.45, 0.3, 0.5, 0.4, 0.9]);

describe('perClassMetrics', () => {
  it('scores each anomaly class against all normals, known classes first, a group row per kind of two or more', () => {
    const m = perClassMetrics(part, scores, 0.4, { known: ['A', 'Z'], nKnown: 5 });
    expect(m?.nNormal).toBe(4);
    expect(m?.threshold).toBe(0.4);
    const rows = (m?.rows ?? []).map((r) => [r.name, r.kind, r.group, r.n, r.aucRoc, r.aucPr, r.recall]);
    const close = (v: number) => expect.closeTo(v, 6) as number;
    expect(rows).toEqual([
      ['A', 'known', false, 2, close(0.875), close(0.833333), close(0.5)],
      ['B', 'unseen', false, 3, close(0.666667), close(0.809524), close(0.666667)],
      ['C', 'unseen', false, 1, close(0.5), close(0.333333), close(0)],
      ['all unseen', 'unseen', true, 4, close(0.625), close(0.775), close(0.5)],
    ]);
  });

  it('calls every class unseen when no known anomaly was drawn (N = 0)', () => {
    const m = perClassMetrics(part, scores, 0.4, { known: ['A'], nKnown: 0 });
    expect(m?.rows.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'unseen:A',
      'unseen:B',
      'unseen:C',
      'unseen:all unseen',
    ]);
  });

  it('is null when the test rows lack normals or anomalies', () => {
    const onlyA = { labels: ['A', 'A'], y: Uint8Array.from([1, 1]) };
    expect(perClassMetrics(onlyA, [0.1, 0.2], 0.5, { known: [], nKnown: 0 })).toBeNull();
    const onlyN = { labels: ['n', 'n'], y: Uint8Array.from([0, 0]) };
    expect(perClassMetrics(onlyN, [0.1, 0.2], 0.5, { known: [], nKnown: 0 })).toBeNull();
  });
});
