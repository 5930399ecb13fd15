/**
 * Parity with scikit-learn on fixtures full of tied scores (rounded to 0, 1 or 2 decimals; one
 * case all tied; one float32 case; sizes 4 to 250; seeds 0-5).
 *
 * Provenance: expected values were computed by scikit-learn 1.9.1 with numpy 2.4.6 (Python 3.11.7,
 * wheels from this machine image's /opt/wheels and /opt/pypi/files) and pasted into ./fixtures by
 *   python packages/metrics/scripts/sklearn_fixtures.py packages/metrics/src/sklearn-parity/fixtures
 * which, per case, builds the inputs and asks sklearn:
 *   rng = np.random.default_rng(seed)
 *   y = (rng.random(n) < share).astype(np.int64); y[0], y[1] = 1, 0
 *   s = np.clip(rng.normal(0.45 + shift * y, 0.18), 0, 1).round(decimals).astype(dtype)
 *   roc_auc_score(y, s); average_precision_score(y, s)
 *   roc_curve(y, s); roc_curve(y, s, drop_intermediate=False)
 *   precision_recall_curve(y, s); precision_recall_curve(y, s, drop_intermediate=True)
 *   confusion_matrix(y, s >= t), precision_score / recall_score / f1_score(..., zero_division=0)
 *   p = np.percentile(s, 100 * (1 - c)); np.nextafter(p, inf); sum(s > p)   # PyOD's threshold_
 *   max((f1_score(y, s >= t), t) for t in np.unique(s))                 # best F1, ties → higher t
 *   roc_t_all[last i with fpr_all[i] <= target] (nextafter(max(s), inf) if i == 0)
 */
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  confusionAt,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  thresholdBestF1,
  thresholdByContamination,
  thresholdForFpr,
} from '../index';
import { sklearnFixtures, type SklearnFixture } from './fixtures';

const TOLERANCE = 1e-9;

function scoresOf(f: SklearnFixture): ArrayLike<number> {
  return f.float32 ? Float32Array.from(f.scores) : f.scores;
}

function expectClose(actual: number, expected: number, what: string): void {
  if (actual === expected) return; // covers Infinity
  expect(Math.abs(actual - expected), `${what}: ${actual} vs sklearn ${expected}`).toBeLessThan(TOLERANCE);
}

function expectArrayClose(actual: ArrayLike<number>, expected: readonly number[], what: string) {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${what}[${i}]`);
}

describe.each(sklearnFixtures.map((f) => [f.name, f] as const))('sklearn parity: %s', (_, f) => {
  const y = f.labels;
  const s = scoresOf(f);

  it('rocAuc equals roc_auc_score', () => {
    expectClose(rocAuc(y, s), f.rocAuc, 'rocAuc');
  });

  it('averagePrecision equals average_precision_score', () => {
    expectClose(averagePrecision(y, s), f.averagePrecision, 'averagePrecision');
  });

  it('rocCurve equals roc_curve, with and without drop_intermediate', () => {
    const dropped = rocCurve(y, s);
    expectArrayClose(dropped.fpr, f.roc.fpr, 'fpr');
    expectArrayClose(dropped.tpr, f.roc.tpr, 'tpr');
    expectArrayClose(dropped.thresholds, f.roc.thresholds, 'thresholds');
    const all = rocCurve(y, s, { dropIntermediate: false });
    expectArrayClose(all.fpr, f.rocAll.fpr, 'fpr (all)');
    expectArrayClose(all.tpr, f.rocAll.tpr, 'tpr (all)');
    expectArrayClose(all.thresholds, f.rocAll.thresholds, 'thresholds (all)');
  });

  it('precisionRecallCurve equals precision_recall_curve, with and without drop_intermediate', () => {
    const all = precisionRecallCurve(y, s);
    expectArrayClose(all.precision, f.pr.precision, 'precision');
    expectArrayClose(all.recall, f.pr.recall, 'recall');
    expectArrayClose(all.thresholds, f.pr.thresholds, 'thresholds');
    const dropped = precisionRecallCurve(y, s, { dropIntermediate: true });
    expectArrayClose(dropped.precision, f.prDropped.precision, 'precision (dropped)');
    expectArrayClose(dropped.recall, f.prDropped.recall, 'recall (dropped)');
    expectArrayClose(dropped.thresholds, f.prDropped.thresholds, 'thresholds (dropped)');
  });

  it('confusionAt equals confusion_matrix and precision/recall/f1_score', () => {
    for (const c of f.confusion) {
      const got = confusionAt(y, s, c.threshold);
      expect([got.tp, got.fp, got.tn, got.fn]).toEqual([c.tp, c.fp, c.tn, c.fn]);
      expectClose(got.precision, c.precision, `precision@${c.threshold}`);
      expectClose(got.recall, c.recall, `recall@${c.threshold}`);
      expectClose(got.f1, c.f1, `f1@${c.threshold}`);
    }
  });

  it('thresholdByContamination flags what PyOD flags, at its percentile', () => {
    for (const c of f.contamination) {
      const t = thresholdByContamination(s, c.contamination);
      // Bit-exact: numpy's percentile arithmetic is replicated, then stepped up one ulp.
      expect(t, `threshold@${c.contamination}`).toBe(c.nextAbove);
      expectClose(t, c.percentile, `threshold@${c.contamination}`);
      expect(Array.from(s).filter((v) => v >= t).length, `flagged@${c.contamination}`).toBe(c.flagged);
    }
  });

  it('thresholdBestF1 finds the best f1_score', () => {
    const t = thresholdBestF1(y, s);
    expectClose(t, f.bestF1.threshold, 'threshold');
    expectClose(confusionAt(y, s, t).f1, f.bestF1.f1, 'f1');
  });

  it('thresholdForFpr picks the lowest roc_curve threshold within the budget', () => {
    for (const c of f.forFpr) {
      expectClose(thresholdForFpr(y, s, c.targetFpr), c.threshold, `threshold@${c.targetFpr}`);
    }
  });
});
