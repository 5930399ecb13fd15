"""Checks an ONNX file a3 exported: onnx.checker (full, with shape inference), then, if the
`onnxruntime` wheel is installed, loads it in a fresh python InferenceSession and runs it on
zeros (batch 2) to show it works with no a3 code at all.

Not part of the unit tests (they must not need python). Run with the local wheels:
  python3 -m venv /tmp/pyonnx && /tmp/pyonnx/bin/pip install --no-index \
      --find-links /opt/wheels --find-links /opt/pypi/files onnx onnxruntime numpy
  /tmp/pyonnx/bin/python tools/onnx/check_model.py model.onnx [more.onnx ...]
Exit status 0 when every file passes.
"""
import sys

import onnx


def check(path: str) -> None:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    props = {p.key: p.value for p in model.metadata_props}
    print(f"{path}: OK  ir={model.ir_version} opsets={opsets} producer={model.producer_name} {model.producer_version}")
    print(f"  inputs:  {[(i.name, dims(i)) for i in model.graph.input]}")
    print(f"  outputs: {[(o.name, dims(o)) for o in model.graph.output]}")
    print(f"  {len(model.graph.initializer)} initializers, {len(model.graph.node)} nodes, metadata {props}")
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        return
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    types = {"tensor(float)": np.float32, "tensor(int32)": np.int32, "tensor(int64)": np.int64, "tensor(bool)": np.bool_}
    def zeros(i):
        shape = [d if isinstance(d, int) else 2 for d in i.shape]
        # String inputs (raw categorical columns of `a3 export --onnx-inputs columns`): empty strings.
        return np.full(shape, "", dtype=object) if i.type == "tensor(string)" else np.zeros(shape, dtype=types[i.type])

    feeds = {i.name: zeros(i) for i in sess.get_inputs()}
    outs = sess.run(None, feeds)
    print(f"  onnxruntime {ort.__version__}: ran on zeros, output shapes {[o.shape for o in outs]}")


def dims(v):
    return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: check_model.py model.onnx [more.onnx ...]")
    for p in sys.argv[1:]:
        check(p)
