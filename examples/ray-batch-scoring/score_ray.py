"""Scores a partitioned Parquet data set on a Ray cluster with an ONNX model `a3 export` wrote.

  python score_ray.py --address 127.0.0.1:6390 --model model.onnx --data flows/ --out scores/ --workers 2

The model carries everything a score needs — one input per raw column (strings one-hot encoded
inside), the scaling, the detector and the threshold — so the Ray job only reads columns and
feeds them: no preprocessing is re-implemented here. Ray Data reads the Parquet partitions in
parallel, `map_batches` runs an actor pool of `--workers` ONNX Runtime sessions (one intra-op
thread each: parallelism comes from the actors, not from threads fighting over the cores), and
the scores go out as partitioned Parquet (id, score, anomaly). Prints one JSON line with the row
count and the wall time of the whole read → score → write pipeline.
"""
import argparse
import json
import logging
import time

import numpy as np
import onnxruntime as ort
import pyarrow.dataset as pads
import ray


class OnnxScorer:
    """One ONNX Runtime session per actor, created once and reused for every batch."""

    def __init__(self, model_path: str, id_column: str):
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        if meta.get("a3.onnxInputs") != "columns":
            raise ValueError(f"{model_path}: export it with `a3 export --onnx-inputs columns` (raw column inputs)")
        self.columns = json.loads(meta["a3.columns"])
        self.outputs = [o.name for o in self.session.get_outputs()]
        self.id_column = id_column

    def __call__(self, batch: dict) -> dict:
        feeds = {}
        for c in self.columns:
            values = batch[c["name"]]
            # [N] → [N, 1]: each raw column is its own model input; strings stay strings.
            feeds[c["name"]] = (values.astype(object) if c["type"] == "string" else values.astype(np.float32)).reshape(-1, 1)
        result = dict(zip(self.outputs, self.session.run(self.outputs, feeds)))
        out = {self.id_column: batch[self.id_column], "score": result["score"]}
        if "anomaly" in result:
            out["anomaly"] = result["anomaly"] >= 0.5
        return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--address", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=8192)
    p.add_argument("--id-column", default="id")
    args = p.parse_args()

    ray.init(address=args.address, log_to_driver=False, logging_level=logging.WARNING)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # one JSON line of results instead of a progress log
    ctx.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    started = time.perf_counter()
    ds = ray.data.read_parquet(args.data)
    scored = ds.map_batches(
        OnnxScorer,
        fn_constructor_args=(args.model, args.id_column),
        batch_size=args.batch_size,
        batch_format="numpy",
        # An actor pool of exactly --workers actors, one (logical) CPU each.
        compute=ray.data.ActorPoolStrategy(size=args.workers),
        num_cpus=1,
    )
    scored.write_parquet(args.out)
    seconds = time.perf_counter() - started
    rows = pads.dataset(args.out, format="parquet").count_rows()  # from the footers, not another Ray job
    print(json.dumps({"workers": args.workers, "rows": rows, "seconds": seconds, "rows_per_s": rows / seconds}))


if __name__ == "__main__":
    main()
