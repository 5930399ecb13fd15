"""Scores raw CSV rows with a model `a3 export` wrote with column inputs (--onnx-inputs columns),
in Python onnxruntime, with no a3 code: the proof that the preprocessing (one-hot of the string
columns, scaling) and the threshold really live in the ONNX file.

  python tools/onnx/score_columns.py MODEL.onnx INPUT.csv OUT.txt [--no-header]

First runs onnx.checker (full check, with shape inference). Then reads INPUT.csv with pandas —
the string columns as str, the numeric ones as float32 — feeds each column as its own [N, 1]
input (names and types from the model's a3.columns metadata), and writes one line per row to
OUT.txt: the score (9 significant digits, exact for float32) and the anomaly flag.
--no-header: the file has no header row; its columns are the model's inputs in training order
and any further columns are ignored (as `a3 score --no-header` reads it).
Used by apps/cli/src/commands/export-columns.test.ts; needs numpy, pandas, onnx, onnxruntime.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd


def main(model_path: str, csv_path: str, out_path: str, no_header: bool) -> None:
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    columns = json.loads(meta["a3.columns"])
    names = [c["name"] for c in columns]
    strings = {c["name"] for c in columns if c["type"] == "string"}
    dtypes = {n: (str if n in strings else np.float32) for n in names}
    if no_header:
        width = len(pd.read_csv(csv_path, header=None, nrows=1).columns)
        header = names + [f"extra{j}" for j in range(width - len(names))]
        df = pd.read_csv(csv_path, header=None, names=header, dtype=dtypes, keep_default_na=False)
    else:
        df = pd.read_csv(csv_path, dtype=dtypes, keep_default_na=False)
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    feeds = {}
    for n in names:
        values = df[n].to_numpy(dtype=object if n in strings else np.float32)
        feeds[n] = values.reshape(-1, 1)
    outputs = [o.name for o in session.get_outputs()]
    result = dict(zip(outputs, session.run(None, feeds)))
    score = result["score"]
    anomaly = result.get("anomaly", np.full(score.shape, np.nan, np.float32))
    with open(out_path, "w") as f:
        for s, a in zip(score, anomaly):
            f.write(f"{s:.9g} {a:g}\n")
    print(f"{model_path}: onnx.checker OK; onnxruntime {ort.__version__} scored {len(score)} rows")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-header"]
    if len(args) != 3:
        sys.exit("usage: score_columns.py MODEL.onnx INPUT.csv OUT.txt [--no-header]")
    main(*args, no_header="--no-header" in sys.argv)
