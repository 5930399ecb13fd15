#!/usr/bin/env python3
"""PyTorch (and pandas + onnxruntime) side of `a3-bench --vs-torch`.

One workload per call, selected by --workload; prints one JSON object on stdout. Every
workload is the same arithmetic as the a3 side in apps/bench/src/torch/a3-side.ts:

  alarm-train-step  alarm MLP 784 -> 1000 -> 500 -> 200 -> 75 -> dropout 0.1 -> 1, BCE from
                    logits, Adam (lr 1e-3), batch 256: one optimiser step per rep
  conv-train-step   the paper's MNIST conv AE (28x28x1; conv 16/8/8 + max-pool 'same', conv
                    8/8/16 (the last 'valid') + up-sampling, conv 1 + sigmoid), BCE
                    reconstruction, Adam, batch 256: one step per rep
  infer-b1024       the alarm MLP's scores (forward + sigmoid, eval mode) for 1024 rows
  infer-b1          the same for one row: a latency
  a3-fit            an A3 fit over a fixed number of steps: dense AE target (122 -> 200-100-50-25
                    mirrored -> sigmoid 122, dropout 0.1) for --steps Adam steps (lr 1e-3), then
                    the alarm (725 taps -> 1000 -> 500 -> 200 -> 75 -> 1) for --steps steps
                    (lr 1e-4) on BCE(A(T(x)), y) + BCE(A(T(noise)), 1), noise N(0.5, 1) shaped
                    like the batch, then the scores of the training rows (the threshold pass)
  score-csv         the obvious Python route for `a3 score`: pandas read_csv in chunks,
                    get_dummies for the categorical columns (a3.featureNames order), onnxruntime
                    on the model from `a3 export --onnx-inputs tensor`, scores written as CSV

Timing follows the a3 side: --warmup untimed reps first (>= 50 steps for the step workloads),
then --reps timed reps; each rep's wall time (perf_counter) in ms, and the process CPU time
per rep. Fair settings: torch.set_num_threads(--threads) and, from the caller,
OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of spinning, as a3's onnx backend).

Usage: torch_bench.py --workload alarm-train-step --threads 2 --warmup 50 --reps 30
       torch_bench.py --workload score-csv --csv in.csv --onnx model.onnx --out scores.csv
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

SEED = 2409
BATCH = 256
ALARM_SIZES = [784, 1000, 500, 200, 75]
TARGET_WIDTHS = [122, 200, 100, 50, 25, 50, 100, 200]


def peak_rss_mib() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(step, warmup: int, reps: int) -> dict:
    for _ in range(warmup):
        step()
    ms = []
    cpu0 = time.process_time()
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / max(1, reps)
    return {"ms": ms, "cpuMsPerRep": cpu}


def alarm_mlp(torch, width: int):
    layers = []
    sizes = [width] + ALARM_SIZES[1:]
    for i in range(len(sizes) - 1):
        layers += [torch.nn.Linear(sizes[i], sizes[i + 1]), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers, torch.nn.Dropout(0.1), torch.nn.Linear(sizes[-1], 1))


def labels_for(torch, x):
    # As apps/bench/src/workloads/synthetic.ts: mean of the first 16 features > 0.5.
    return (x[:, :16].mean(dim=1, keepdim=True) > 0.5).float()


def train_step_fn(torch, model, loss_fn, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    return step


def alarm_train_step(torch, a):
    torch.manual_seed(SEED)
    model = alarm_mlp(torch, ALARM_SIZES[0])
    x = torch.rand(BATCH, ALARM_SIZES[0])
    return timed(train_step_fn(torch, model, torch.nn.BCEWithLogitsLoss(), x, labels_for(torch, x)), a.warmup, a.reps)


class ConvAE:
    """The paper's conv AE as @a3/model's conv-ae builds it (NHWC there, NCHW here)."""

    @staticmethod
    def build(torch):
        nn = torch.nn
        same_pool = lambda: nn.MaxPool2d(2, ceil_mode=True)  # 'same' pooling: 7 -> 4
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), same_pool(), nn.ReLU(),
            nn.Conv2d(16, 8, 3, padding=1), same_pool(), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=1), same_pool(), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(8, 16, 3, padding=0), nn.Dropout(0.1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(16, 1, 3, padding=1),
        )


def conv_train_step(torch, a):
    torch.manual_seed(SEED)
    model = ConvAE.build(torch)
    x = torch.rand(BATCH, 1, 28, 28)
    # The sigmoid output and BCE reconstruction, from logits as a3 computes it.
    return timed(train_step_fn(torch, model, torch.nn.BCEWithLogitsLoss(), x, x), a.warmup, a.reps)


def infer(torch, a, rows: int):
    torch.manual_seed(SEED)
    model = alarm_mlp(torch, ALARM_SIZES[0]).eval()
    x = torch.rand(rows, ALARM_SIZES[0])

    def step():
        with torch.no_grad():
            torch.sigmoid(model(x)).numpy()

    return timed(step, a.warmup, a.reps)


def dense_ae(torch):
    nn = torch.nn
    layers = []
    w = TARGET_WIDTHS
    for i in range(len(w) - 1):
        layers += [nn.Linear(w[i], w[i + 1]), nn.ReLU()]
    layers += [nn.Dropout(0.1), nn.Linear(w[-1], w[0])]
    return nn.Sequential(*layers)


def a3_fit(torch, a):
    """Target phase, alarm phase (taps of real rows and of noise), threshold scoring pass."""
    torch.manual_seed(SEED)
    rows = a.rows
    x_all = torch.rand(rows, TARGET_WIDTHS[0])
    y_all = (torch.rand(rows, 1) < 0.05).float()
    bce = torch.nn.BCEWithLogitsLoss()

    def taps(target, x):
        out = []
        h = x
        for layer in target[:-2]:  # every ReLU output: 200+100+50+25+50+100+200 = 725
            h = layer(h)
            if isinstance(layer, torch.nn.ReLU):
                out.append(h)
        return torch.cat(out, dim=1)

    def run(steps: int):
        target = dense_ae(torch)
        alarm = alarm_mlp(torch, sum(TARGET_WIDTHS[1:]))
        batches = max(1, rows // BATCH)
        opt = torch.optim.Adam(target.parameters(), lr=1e-3)
        target.train()
        for s in range(steps):
            xb = x_all[(s % batches) * BATCH : (s % batches + 1) * BATCH]
            opt.zero_grad(set_to_none=True)
            loss = bce(target(xb), xb)
            loss.backward()
            opt.step()
            loss.item()
        target.eval()
        for p in target.parameters():
            p.requires_grad_(False)
        opt = torch.optim.Adam(alarm.parameters(), lr=1e-4)
        alarm.train()
        for s in range(steps):
            i = s % batches
            xb, yb = x_all[i * BATCH : (i + 1) * BATCH], y_all[i * BATCH : (i + 1) * BATCH]
            opt.zero_grad(set_to_none=True)
            fake = torch.randn_like(xb) + 0.5
            loss = bce(alarm(taps(target, xb)), yb) + bce(alarm(taps(target, fake)), torch.ones_like(yb))
            loss.backward()
            opt.step()
            loss.item()
        alarm.eval()
        with torch.no_grad():
            for i in range(0, rows, 4096):
                torch.sigmoid(alarm(taps(target, x_all[i : i + 4096]))).numpy()

    # Warm-up: a short fit (allocator, kernels: --warmup steps per phase), then the timed fits.
    run(max(1, a.warmup))
    ms = []
    cpu0 = time.process_time()
    for _ in range(a.reps):
        t0 = time.perf_counter()
        run(a.steps)
        ms.append((time.perf_counter() - t0) * 1000)
    return {"ms": ms, "cpuMsPerRep": (time.process_time() - cpu0) * 1000 / max(1, a.reps)}


def score_csv(a) -> dict:
    """pandas read_csv in chunks + get_dummies + onnxruntime, scores written as CSV."""
    import numpy as np
    import onnxruntime as ort
    import pandas as pd

    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sess = ort.InferenceSession(a.onnx, so, providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    pre = json.loads(meta["a3.preprocessing"])
    features = json.loads(meta["a3.featureNames"])
    threshold = json.loads(meta.get("a3.threshold", "null"))
    columns = [c["name"] for c in pre["inputs"]]
    categorical = [c["name"] for c in pre["inputs"] if c["kind"] == "categorical"]
    inputs = sess.get_inputs()
    if len(inputs) != 1:
        sys.exit("score-csv needs the tensor export (a3 export --onnx-inputs tensor)")
    name = inputs[0].name
    output = sess.get_outputs()[0].name
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    rows = 0
    with open(a.out, "w") as out:
        out.write("row,score" + (",anomaly" if threshold is not None else "") + "\n")
        reader = pd.read_csv(a.csv, chunksize=a.chunk_size, usecols=columns, dtype={c: str for c in categorical})
        for chunk in reader:
            x = pd.get_dummies(chunk[columns], columns=categorical, prefix_sep="=", dtype=np.float32)
            x = x.reindex(columns=features, fill_value=0).to_numpy(dtype=np.float32)
            scores = sess.run([output], {name: x})[0].reshape(-1)
            frame = pd.DataFrame({"row": np.arange(rows, rows + len(scores)), "score": scores})
            if threshold is not None:
                frame["anomaly"] = (scores >= threshold).astype(np.int8)
            frame.to_csv(out, header=False, index=False)
            rows += len(scores)
    wall = (time.perf_counter() - t0) * 1000
    return {"ms": [wall], "cpuMsPerRep": (time.process_time() - cpu0) * 1000, "rows": rows}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workload", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--steps", type=int, default=100, help="a3-fit: Adam steps per phase")
    p.add_argument("--rows", type=int, default=4096, help="a3-fit: training rows")
    p.add_argument("--csv")
    p.add_argument("--onnx")
    p.add_argument("--out")
    p.add_argument("--chunk-size", type=int, default=10000)
    a = p.parse_args()
    if a.workload == "score-csv":
        result = score_csv(a)
        engine, version = "pandas + onnxruntime", ""
        try:
            import onnxruntime
            import pandas

            version = f"pandas {pandas.__version__}, onnxruntime {onnxruntime.__version__}"
        except ImportError:
            pass
    else:
        import torch

        torch.set_num_threads(a.threads)
        runners = {
            "alarm-train-step": alarm_train_step,
            "conv-train-step": conv_train_step,
            "infer-b1024": lambda t, a: infer(t, a, 1024),
            "infer-b1": lambda t, a: infer(t, a, 1),
            "a3-fit": a3_fit,
        }
        if a.workload not in runners:
            sys.exit(f"unknown workload {a.workload!r}; choose from {', '.join([*runners, 'score-csv'])}")
        result = runners[a.workload](torch, a)
        engine, version = "torch", torch.__version__
    print(
        json.dumps(
            {
                "workload": a.workload,
                "engine": engine,
                "version": version,
                "threads": a.threads,
                "peakRssMiB": round(peak_rss_mib(), 1),
                **result,
            }
        )
    )


if __name__ == "__main__":
    main()
