"""Writes the scikit-learn parity fixtures of @a3/metrics.

Run from the repository root with a Python that has scikit-learn and numpy:
    python packages/metrics/scripts/sklearn_fixtures.py packages/metrics/src/sklearn-parity/fixtures
then format with prettier. The generated files record the library versions used.
"""

import math
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

# name: (seed, n, anomaly share, decimals, dtype, kind). Rounding creates many tied scores.
RANDOM_CASES = {
    "n20-balanced": (0, 20, 0.5, 1, "float64", "separated"),
    "n60-mixed": (1, 60, 0.3, 1, "float64", "separated"),
    "n40-inverted": (5, 40, 0.4, 1, "float64", "inverted"),
    "n120-integers": (4, 120, 0.2, 0, "float64", "integers"),
    "n250-rare": (2, 250, 0.08, 1, "float64", "separated"),
    "n240-float32": (3, 240, 0.1, 2, "float32", "separated"),
}
HAND_CASES = {
    # The example in sklearn's precision_recall_curve docstring.
    "sklearn-docstring": ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], "float64"),
    "all-tied": ([0, 1, 0, 1, 1, 0, 0], [0.5] * 7, "float64"),
}


def random_case(seed, n, share, decimals, dtype, kind):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < share).astype(np.int64)
    y[0], y[1] = 1, 0  # both classes present
    if kind == "integers":
        s = rng.normal(1.0 + 1.5 * y, 1.2).round(decimals)  # negative scores too
    else:
        shift = 0.25 if kind == "separated" else -0.2
        s = np.clip(rng.normal(0.45 + shift * y, 0.18), 0, 1).round(decimals)
    return y, s.astype(dtype)


def expected(y, s):
    fpr, tpr, roc_t = roc_curve(y, s)
    fpr_a, tpr_a, roc_t_a = roc_curve(y, s, drop_intermediate=False)
    p, r, pr_t = precision_recall_curve(y, s)
    p_d, r_d, pr_t_d = precision_recall_curve(y, s, drop_intermediate=True)
    s64 = s.astype(np.float64)
    confusion = []
    for t in sorted({float(np.median(s64)), float(np.quantile(s64, 0.9)), 0.55}):
        pred = (s64 >= t).astype(np.int64)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        confusion.append(dict(threshold=t, tp=tp, fp=fp, tn=tn, fn=fn,
                              precision=precision_score(y, pred, zero_division=0),
                              recall=recall_score(y, pred, zero_division=0),
                              f1=f1_score(y, pred, zero_division=0)))
    # PyOD: threshold_ = percentile(decision_scores_, 100 * (1 - contamination)); flag score > it.
    contamination = []
    for c in (0.05, 0.1, 0.2, 0.35):
        pct = np.percentile(s64, 100 * (1 - c))
        contamination.append(dict(contamination=c, percentile=float(pct),
                                  nextAbove=float(np.nextafter(pct, np.inf)),
                                  flagged=int((s64 > pct).sum())))
    # Best F1 over distinct thresholds with sklearn's f1_score; ties go to the highest threshold.
    f1s = [(f1_score(y, (s64 >= t).astype(np.int64)), float(t)) for t in np.unique(s64)]
    best_f1, best_t = max(f1s)
    # Lowest threshold with roc_curve's fpr <= target; the +inf point means "above every score".
    for_fpr = []
    for target in (0.0, 0.05, 0.1, 0.3):
        i = int(np.nonzero(fpr_a <= target)[0][-1])
        t = float(roc_t_a[i]) if i > 0 else float(np.nextafter(s64.max(), np.inf))
        for_fpr.append(dict(targetFpr=target, threshold=t))
    return dict(
        rocAuc=roc_auc_score(y, s), averagePrecision=average_precision_score(y, s),
        roc=dict(fpr=fpr, tpr=tpr, thresholds=roc_t),
        rocAll=dict(fpr=fpr_a, tpr=tpr_a, thresholds=roc_t_a),
        pr=dict(precision=p, recall=r, thresholds=pr_t),
        prDropped=dict(precision=p_d, recall=r_d, thresholds=pr_t_d),
        confusion=confusion, contamination=contamination,
        bestF1=dict(threshold=best_t, f1=best_f1), forFpr=for_fpr,
    )


def ts(value):
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k}: {ts(v)}" for k, v in value.items()) + " }"
    if isinstance(value, np.ndarray):
        # Outputs in float32 (precision_recall_curve keeps the score dtype) are written as the
        # exact float64 value, which is what a3 returns for float32 scores.
        return ts(list(value.astype(np.float64) if value.dtype == np.float32 else value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(ts(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    if isinstance(value, np.float32):
        return np.format_float_positional(value, unique=True)  # float32's shortest repr
    v = float(value)
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)  # shortest repr: JavaScript parses it to the same double


def write_case(out_dir, name, y, s, dtype):
    scores = [np.float32(v) for v in s] if dtype == "float32" else [float(v) for v in s]
    body = dict(name=name, float32=dtype == "float32", labels=[int(v) for v in y], scores=scores)
    body.update(expected(y, s))
    text = (
        f"// Generated by packages/metrics/scripts/sklearn_fixtures.py — do not edit.\n"
        f"// scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
        f"Python {sys.version.split()[0]}.\n"
        "import type { SklearnFixture } from './fixture';\n\n"
        f"export const fixture: SklearnFixture = {ts(body)};\n"
    )
    with open(os.path.join(out_dir, f"{name}.ts"), "w") as f:
        f.write(text)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, (y, s, dtype) in HAND_CASES.items():
        write_case(out_dir, name, np.array(y), np.array(s, dtype=dtype), dtype)
    for name, params in RANDOM_CASES.items():
        y, s = random_case(*params)
        write_case(out_dir, name, y, s, params[4])


if __name__ == "__main__":
    main(sys.argv[1])
