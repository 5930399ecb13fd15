"""Prints the reference encodings that packages/backend-onnx/src/proto/encode.test.ts pins.

Run with the local onnx wheel (onnx 1.23.1):
  python3 -m venv /tmp/pyonnx && /tmp/pyonnx/bin/pip install --no-index \
      --find-links /opt/wheels --find-links /opt/pypi/files onnx numpy
  /tmp/pyonnx/bin/python tools/onnx/gen_encoder_fixtures.py
Each line is `name hex`; paste the hex into the test when the fixtures change.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def hexof(msg):
    return msg.SerializeToString().hex()


def main():
    out = {}
    out["tensor_float"] = numpy_helper.from_array(np.array([[1.5, -2.0], [0.25, 3.0]], dtype=np.float32), "w")
    out["tensor_int64"] = numpy_helper.from_array(np.array([-1, 0, 300, -9000000000], dtype=np.int64), "k")
    out["tensor_int32"] = numpy_helper.from_array(np.array([7, -7], dtype=np.int32), "i")
    out["tensor_bool"] = numpy_helper.from_array(np.array([True, False, True]), "b")
    out["tensor_scalar"] = numpy_helper.from_array(np.array(0.5, dtype=np.float32))
    out["attr_float"] = helper.make_attribute("alpha", 0.2)
    out["attr_int_neg"] = helper.make_attribute("axis", -1)
    out["attr_string"] = helper.make_attribute("mode", "constant")
    out["attr_floats"] = helper.make_attribute("scales", [1.0, 2.5])
    out["attr_ints"] = helper.make_attribute("perm", [0, 3, 1, 2])
    out["attr_ints_neg"] = helper.make_attribute("pads", [-1, 2])
    out["attr_tensor"] = helper.make_attribute("value", numpy_helper.from_array(np.array([0.0], dtype=np.float32)))
    body = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "body",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])],
    )
    out["attr_graph"] = helper.make_attribute("body", body)
    out["node"] = helper.make_node("LeakyRelu", ["x"], ["y"], name="lr", alpha=0.1)
    out["node_domain"] = helper.make_node("Gemm", ["a", "b"], ["c"], domain="", transB=1)
    out["value_info"] = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, None])

    w = numpy_helper.from_array(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), "w")
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "w"], ["h"]),
            helper.make_node("Relu", ["h"], ["y"]),
        ],
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])],
        initializer=[w],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 18)],
        ir_version=10,
        producer_name="a3",
        producer_version="0.1.0",
    )
    helper.set_model_props(model, {"a3.kind": "test", "note": "ü"})
    onnx.checker.check_model(model)
    out["model"] = model
    for k, v in out.items():
        print(k, hexof(v))


if __name__ == "__main__":
    main()
