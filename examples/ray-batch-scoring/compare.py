"""Checks Ray's scores against single-process `a3 score` on the same rows; exits 1 on any mismatch.

  python compare.py INPUT_DIR A3_SCORES.parquet RAY_SCORES_DIR [--tolerance 1e-5]

- every input id is scored exactly once by Ray (no row lost, none duplicated, no stray id);
- each Ray score equals a3's for that id within the tolerance (float32 arithmetic in two runtimes
  with different batchings: agreement to ~1e-6 is typical);
- the anomaly flags agree wherever the score is not within the tolerance of the threshold.
"""
import argparse
import sys

import numpy as np
import pyarrow.dataset as ds
import pyarrow.parquet as pq


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("inputs")
    p.add_argument("a3_scores")
    p.add_argument("ray_scores")
    p.add_argument("--tolerance", type=float, default=1e-5)
    args = p.parse_args()

    ids = ds.dataset(args.inputs, format="parquet", partitioning="hive").to_table(columns=["id"])["id"].to_numpy()
    ref = pq.read_table(args.a3_scores, columns=["id", "score", "anomaly"])
    threshold = float(pq.read_metadata(args.a3_scores).metadata[b"a3.threshold"])
    ray_t = ds.dataset(args.ray_scores, format="parquet").to_table(columns=["id", "score", "anomaly"])
    problems = []

    ray_ids = ray_t["id"].to_numpy()
    unique, counts = np.unique(ray_ids, return_counts=True)
    if len(np.unique(ids)) != len(ids):
        problems.append("the input ids are not unique")
    dup = unique[counts > 1]
    if len(dup):
        problems.append(f"{len(dup)} ids scored more than once by Ray (e.g. {dup[:5].tolist()})")
    missing = np.setdiff1d(ids, unique)
    if len(missing):
        problems.append(f"{len(missing)} input rows not scored by Ray (e.g. ids {missing[:5].tolist()})")
    stray = np.setdiff1d(unique, ids)
    if len(stray):
        problems.append(f"{len(stray)} ids in Ray's output that are not in the input")

    # Align both score sets by id.
    ref_order = np.argsort(ref["id"].to_numpy())
    ray_order = np.argsort(ray_ids, kind="stable")
    if len(ref_order) != len(ids):
        problems.append(f"a3 score wrote {len(ref_order)} rows for {len(ids)} inputs")
    elif not problems:
        ref_score = ref["score"].to_numpy()[ref_order].astype(np.float64)
        ray_score = ray_t["score"].to_numpy()[ray_order].astype(np.float64)
        diff = np.abs(ref_score - ray_score)
        worst = float(diff.max()) if len(diff) else 0.0
        print(f"scores: {len(diff)} rows, max |ray − a3| = {worst:.3g} (tolerance {args.tolerance:g})")
        if worst > args.tolerance:
            i = int(diff.argmax())
            problems.append(f"score of id {np.sort(ids)[i]} differs by {worst:.3g}: a3 {ref_score[i]}, Ray {ray_score[i]}")
        far = np.abs(ref_score - threshold) > args.tolerance
        flags_ref = ref["anomaly"].to_numpy()[ref_order]
        flags_ray = ray_t["anomaly"].to_numpy()[ray_order]
        wrong = int(np.sum((flags_ref != flags_ray) & far))
        print(f"anomaly flags: {int(flags_ray.sum())} anomalies at threshold {threshold:.6g}, {wrong} disagreements")
        if wrong:
            problems.append(f"{wrong} anomaly flags differ away from the threshold")

    for msg in problems:
        print(f"MISMATCH: {msg}", file=sys.stderr)
    if not problems:
        print(f"OK: all {len(ids)} input rows scored exactly once; Ray equals a3 score")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
