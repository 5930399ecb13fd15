"""scikit-learn parity of a3's `iforest` and `lof` on identical splits of the ADBench development sets.

For every set and split seed 0-2 (stratified 70/30 with scikit-learn's train_test_split, min-max
fitted on the training normals, as PEERS.md describes) both libraries fit on the same float32
training normals and score the same test rows:

- LOF (novelty, k = 20) is deterministic, so a3's AUC-ROC must equal scikit-learn's (printed with
  the largest difference over the splits).
- Isolation Forest is random, so only the distribution of AUCs can agree: both fit with forest
  seeds 0..R-1; printed are the means, their difference with two standard errors, and the spread of
  a 3-seed mean (what one column of PEERS.md is: a single draw of it).

    python3 tools/quality/parity/sklearn_parity.py [--data ../shared/data/adbench] [--forests 30]

Needs numpy and scikit-learn (the machine's local wheels) and node (detectors.ts runs from source
through packages/model/scripts/run-ts.mjs).
"""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import LocalOutlierFactor

SETS = ['6_cardio', '38_thyroid', '32_shuttle', '26_optdigits', '27_PageBlocks', '29_Pima']
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '../../..'))


def write_splits(data, sets, tmp):
    """The splits as .npz files in tmp (float32 train / test, uint8 y); the manifest's entries and the arrays."""
    entries, arrays = [], {}
    for name in sets:
        z = np.load(os.path.join(data, name + '.npz'))
        X, y = z['X'].astype(np.float64), z['y'].astype(np.int64)
        for seed in range(3):
            xtr, xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
            normals = xtr[ytr == 0]
            lo, span = normals.min(0), normals.max(0) - normals.min(0)
            span[span == 0] = 1
            tr = ((normals - lo) / span).astype(np.float32)
            te = ((xte - lo) / span).astype(np.float32)
            key, file = f'{name}/{seed}', f'{name}-{seed}.npz'
            np.savez(os.path.join(tmp, file), train=tr, test=te, y=yte.astype(np.uint8))
            entries.append({'name': key, 'file': file})
            arrays[key] = (tr, te, yte)
    return entries, arrays


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default=os.path.join(ROOT, '../shared/data/adbench'))
    ap.add_argument('--forests', type=int, default=30)
    ap.add_argument('--sets', default=','.join(SETS), help='comma-separated subset of the six sets')
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        sys.exit(f'no ADBench data at {a.data}: pass --data DIR (the folder with 6_cardio.npz, ...)')
    sets = a.sets.split(',')
    tmp = tempfile.mkdtemp(prefix='sklearn-parity-')
    entries, arrays = write_splits(a.data, sets, tmp)
    sk = {}
    for key, (tr, te, yte) in arrays.items():
        lof = -LocalOutlierFactor(novelty=True).fit(tr).score_samples(te)
        forests = [roc_auc_score(yte, -IsolationForest(n_estimators=100, random_state=r)
                                 .fit(tr).score_samples(te)) for r in range(a.forests)]
        sk[key] = {'lof': roc_auc_score(yte, lof), 'iforest': forests}
    manifest = os.path.join(tmp, 'manifest.json')
    json.dump({'splits': entries}, open(manifest, 'w'))
    out = os.path.join(tmp, 'a3.json')
    subprocess.run(['node', os.path.join(ROOT, 'packages/model/scripts/run-ts.mjs'),
                    os.path.join(HERE, 'detectors.ts'), manifest, str(a.forests), out], check=True, cwd=ROOT)
    ours = json.load(open(out))
    print(f'LOF AUC-ROC (novelty, k = 20), mean of split seeds 0-2; identical splits')
    print(f'{"data set":14} {"sklearn":>8} {"a3":>8} {"max |diff| per split":>21}')
    for name in sets:
        keys = [f'{name}/{i}' for i in range(3)]
        s = np.array([sk[k]['lof'] for k in keys])
        o = np.array([ours[k]['lof'] for k in keys])
        print(f'{name:14} {s.mean():8.4f} {o.mean():8.4f} {np.abs(s - o).max():21.2e}')
    print()
    print(f'Isolation Forest AUC-ROC over split seeds 0-2 x forest seeds 0-{a.forests - 1}; identical splits')
    print(f'{"data set":14} {"sklearn":>14} {"a3":>14} {"a3 - sklearn":>13} {"± 2 s.e.":>9} '
          f'{"sd of a 3-seed mean":>20}')
    for name in sets:
        keys = [f'{name}/{i}' for i in range(3)]
        s = np.array([sk[k]['iforest'] for k in keys])  # [split, forest]
        o = np.array([ours[k]['iforest'] for k in keys])
        diff = o.mean() - s.mean()
        # The splits are shared (paired); only the forest draws are independent.
        se = np.sqrt(o.var(axis=1, ddof=1).mean() / o.size + s.var(axis=1, ddof=1).mean() / s.size)
        three = s.mean(axis=0).std(ddof=1)  # a 3-split mean with one forest seed, over forest seeds
        print(f'{name:14} {s.mean():.4f}±{s.std():.4f} {o.mean():.4f}±{o.std():.4f} {diff:+13.4f} '
              f'{2 * se:9.4f} {three:20.4f}')


if __name__ == '__main__':
    main()
