#!/usr/bin/env python3
"""FastAPI + onnxruntime scoring server for a model exported with `a3 export M --onnx FILE`.

The comparison server of `a3-bench --serve`: the same endpoint and body as `a3 serve`
(POST /v1/models/{name}/score with {"rows": [...]}, rows as objects by column name or arrays
in training column order; answer {"scores": [...], "anomaly": [...]}), written the way a
Python team would serve the exported model: a pydantic-validated body, one onnxruntime session,
one InferenceSession.run per request (no cross-request batching), uvicorn with one worker
(uvloop and httptools when installed).

Both export forms are served: `--onnx-inputs columns` (one [N, 1] input per raw column,
categories one-hot encoded inside the graph; the default for tabular models) and `tensor`
(one [N, features] input: the one-hot encoding is done here from the a3.featureNames metadata,
unseen categories all zeros as a3 does). Prints `listening on http://127.0.0.1:PORT` once ready.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from typing import Union

import numpy as np
import onnxruntime as ort
import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

Value = Union[float, int, str]


class ScoreRequest(BaseModel):
    rows: list[Union[dict[str, Value], list[Value]]]


class Model:
    def __init__(self, path: str) -> None:
        self.session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        self.threshold = json.loads(meta.get("a3.threshold", "null"))
        pre = json.loads(meta["a3.preprocessing"])
        if pre.get("type") != "tabular":
            sys.exit("fastapi_server.py serves tabular a3 models only")
        self.columns = [(c["name"], c["kind"]) for c in pre["inputs"]]
        self.inputs = self.session.get_inputs()
        if len(self.inputs) == 1:
            # Tensor form: one-hot here, in a3.featureNames order (scaling is inside the graph).
            self.features = json.loads(meta["a3.featureNames"])
            self.slots: dict[tuple[str, str], int] = {}
            self.numeric_at: dict[str, int] = {}
            for j, f in enumerate(self.features):
                if "=" in f and f.split("=", 1)[0] in dict(self.columns):
                    col, cat = f.split("=", 1)
                    self.slots[(col, cat)] = j
                else:
                    self.numeric_at[f] = j

    def column_values(self, rows: list, j: int, name: str) -> list:
        return [r[j] if isinstance(r, list) else r[name] for r in rows]

    def feeds(self, rows: list) -> dict[str, np.ndarray]:
        if len(self.inputs) > 1:
            out = {}
            for j, (name, kind) in enumerate(self.columns):
                values = self.column_values(rows, j, name)
                if kind == "categorical":
                    out[name] = np.array([str(v).strip() for v in values], dtype=object).reshape(-1, 1)
                else:
                    out[name] = np.asarray(values, dtype=np.float32).reshape(-1, 1)
            return out
        x = np.zeros((len(rows), len(self.features)), dtype=np.float32)
        for j, (name, kind) in enumerate(self.columns):
            values = self.column_values(rows, j, name)
            if kind == "categorical":
                for i, v in enumerate(values):
                    at = self.slots.get((name, str(v).strip()))
                    if at is not None:
                        x[i, at] = 1.0
            else:
                x[:, self.numeric_at[name]] = np.asarray(values, dtype=np.float32)
        return {self.inputs[0].name: x}

    def score(self, rows: list) -> np.ndarray:
        for i, r in enumerate(rows):
            if isinstance(r, list) and len(r) != len(self.columns):
                raise HTTPException(400, f"rows[{i}] has {len(r)} values; the model reads {len(self.columns)}")
            if isinstance(r, dict):
                missing = [n for n, _ in self.columns if n not in r]
                if missing:
                    raise HTTPException(400, f"rows[{i}] lacks feature {missing[0]!r}")
        try:
            feeds = self.feeds(rows)
        except (ValueError, TypeError) as e:
            raise HTTPException(400, f"bad value: {str(e)[:100]}") from e
        return self.session.run(["score"], feeds)[0]


def _importable(name: str) -> bool:
    try:
        __import__(name)
        return True
    except ImportError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--name", default="model")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    model = Model(args.onnx)
    app = FastAPI()

    @app.post("/v1/models/{name}/score")
    def score(name: str, request: ScoreRequest) -> dict:
        if name != args.name:
            raise HTTPException(404, f"no model named {name!r}")
        scores = model.score(request.rows) if request.rows else np.zeros(0, dtype=np.float32)
        t = model.threshold
        return {
            "scores": scores.tolist(),
            "anomaly": None if t is None else (scores >= t).tolist(),
        }

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(2048)  # connections queue from now on, before uvicorn starts accepting
    host, port = sock.getsockname()
    # What `pip install "uvicorn[standard]"` gives a Python team: httptools and uvloop. Without
    # them uvicorn falls back to h11 and asyncio, and on a keep-alive connection each request then
    # waits ~40 ms (measured here: 48 ms per 32-row request against 2.2 ms with httptools), which
    # would make the comparison say more about that fallback than about serving the model.
    http = "httptools" if _importable("httptools") else "h11"
    loop = "uvloop" if _importable("uvloop") else "asyncio"
    if http == "h11":
        print("fastapi_server.py: httptools is not installed; uvicorn uses h11, whose keep-alive "
              "requests stall ~40 ms each (pip install 'uvicorn[standard]')", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, workers=1, http=http, loop=loop)
    server = uvicorn.Server(config)
    print(f"listening on http://{host}:{port} (uvicorn {uvicorn.__version__}, http {http}, loop {loop})", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
