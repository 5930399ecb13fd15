"""scikit-learn's IsolationForest and LocalOutlierFactor(novelty=True) on the splits adbench-parity.ts wrote.

  node packages/model/scripts/run-ts.mjs packages/baselines/scripts/adbench-parity.ts --out parity.json
  /work/pyenv/bin/python packages/baselines/scripts/adbench-parity.py parity.json
or, on PEERS.md's own split (scikit-learn's train_test_split):
  /work/pyenv/bin/python packages/baselines/scripts/adbench-parity.py --write-splits splits.json
  node packages/model/scripts/run-ts.mjs packages/baselines/scripts/adbench-parity.ts --splits splits.json --out parity.json
  /work/pyenv/bin/python packages/baselines/scripts/adbench-parity.py parity.json

Same rows, same scaling (X as float32, min-max fitted on the training normals in float64, result
float32, as @a3/data's MinMax), so a difference to a3's numbers is the implementation's, not the
split's. Prints one table: a3, scikit-learn on the same split, and PEERS.md's column.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import LocalOutlierFactor

if sys.argv[1] == '--write-splits':
    # PEERS.md's split: train_test_split(test_size=0.3, stratify=y, random_state=seed).
    from sklearn.model_selection import train_test_split
    DATA = sys.argv[3] if len(sys.argv) > 3 else '../shared/data/adbench'
    out = {}
    for name in ['6_cardio', '38_thyroid', '32_shuttle', '26_optdigits', '27_PageBlocks', '29_Pima']:
        y = (np.load(f'{DATA}/{name}.npz')['y'] == 1).astype(int)
        out[name] = {}
        for seed in range(3):
            tr, te = train_test_split(np.arange(len(y)), test_size=0.3, stratify=y, random_state=seed)
            out[name][str(seed)] = {'trainNormals': sorted(int(i) for i in tr if y[i] == 0),
                                    'test': sorted(int(i) for i in te)}
    json.dump(out, open(sys.argv[2], 'w'))
    sys.exit(0)

spec = json.load(open(sys.argv[1]))
forests = spec['forests']
rows = []
for name, runs in spec['results'].items():
    data = np.load(f"{spec['dataDir']}/{name}.npz")
    X = data['X'].astype(np.float32)
    y = (data['y'] == 1).astype(int)
    sk_if, sk_lof = [], []
    for run in runs:
        tr = np.array(run['trainNormals'])
        te = np.array(run['test'])
        lo = X[tr].astype(np.float64).min(0)
        spread = X[tr].astype(np.float64).max(0) - lo
        scale = 1.0 / np.where(spread == 0, 1.0, spread)
        f = lambda a: ((a.astype(np.float64) - lo) * scale).astype(np.float32)
        train, test = f(X[tr]), f(X[te])
        auc = float('nan') if run['iforest'] is None else 0.0
        for k in range(forests if run['iforest'] is not None else 0):
            rs = run['seed'] if forests == 1 else k
            s = -IsolationForest(n_estimators=100, random_state=rs).fit(train).score_samples(test)
            auc += roc_auc_score(y[te], s) / forests
        sk_if.append(auc)
        if run['lof'] is None:
            sk_lof.append(float('nan'))
        else:
            lof = LocalOutlierFactor(n_neighbors=20, novelty=True).fit(train.astype(np.float64))
            sk_lof.append(roc_auc_score(y[te], -lof.score_samples(test.astype(np.float64))))
        print(f"{name} seed {run['seed']}: IF a3 {run['iforest']} sklearn {auc:.4f}; "
              f"LOF a3 {run['lof']} sklearn {sk_lof[-1]:.4f}", file=sys.stderr)
    peers = spec['sets'][name]
    val = lambda v: float('nan') if v is None else v
    rows.append((name, np.mean([val(r['iforest']) for r in runs]), np.mean(sk_if), peers['IF'],
                 np.mean([val(r['lof']) for r in runs]), np.mean(sk_lof), peers['LOF']))

print(f"scikit-learn {sklearn.__version__}; split {spec.get('splits')}; seeds {spec['seeds']}; "
      f"{forests} forest(s) per split; mean AUC-ROC")
print('| data set | iforest a3 | IF sklearn, same split | Δ | IF PEERS | Δ | lof a3 | LOF sklearn, same split | Δ | LOF PEERS | Δ |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
d = lambda a, b: f"{a - b:+.3f}"
for name, ia, isk, ip, la, lsk, lp in rows:
    print(f"| {name} | {ia:.3f} | {isk:.3f} | {d(ia, isk)} | {ip:.3f} | {d(ia, ip)} | "
          f"{la:.4f} | {lsk:.4f} | {la - lsk:+.4f} | {lp:.3f} | {d(la, lp)} |")
