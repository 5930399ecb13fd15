import { describe, expect, it } from 'vitest';
import { TensorData } from '@a3/core';
import { decodeAttribute, decodeModel, decodeNode, decodeTensor, decodeValueInfo } from './decode';
import { encodeAttribute, encodeModel, encodeNode, encodeTensor, encodeValueInfo } from './encode';
import { boolTensor, floatTensor, int64Tensor, int64Values, tensorDataOf, tensorProto } from './tensor';
import type { GraphProto, ModelProto } from './types';
import { DataType } from './types';
import { Reader, Writer } from './wire';

/*
 * Expected bytes come from python `onnx` 1.23.1's SerializeToString() on the same messages,
 * printed by tools/onnx/gen_encoder_fixtures.py (see its header for how to re-run it).
 */
const PY = {
  tensor_float: '0802080210014201774a100000c03f000000c00000803e00004040',
  tensor_int64: '0804100742016b4a20ffffffffffffffff00000000000000002c0100000000000000e68ee7fdffffff',
  tensor_int32: '080210064201694a0807000000f9ffffff',
  tensor_bool: '080310094201624a03010001',
  tensor_scalar: '10014a040000003f',
  attr_float: '0a05616c70686115cdcc4c3ea00101',
  attr_int_neg: '0a046178697318ffffffffffffffffff01a00102',
  attr_string: '0a046d6f64652208636f6e7374616e74a00103',
  attr_floats: '0a067363616c65733d0000803f3d00002040a00106',
  attr_ints: '0a047065726d4000400340014002a00107',
  attr_ints_neg: '0a047061647340ffffffffffffffffff014002a00107',
  attr_tensor: '0a0576616c75652a0a080110014a0400000000a00104',
  attr_graph:
    '0a04626f647932320a100a017812017922084964656e746974791204626f64795a0b0a017812060a0408011200620b0a017912060a0408011200a00105',
  node: '0a01781201791a026c7222094c65616b7952656c752a0f0a05616c70686115cdcccc3da00101',
  node_domain: '0a01610a0162120163220447656d6d2a0d0a067472616e73421801a001023a00',
  value_info: '0a017812110a0f0801120b0a0312014e0a0208030a00',
  model:
    '080a120261331a05302e312e303a6f0a110a01780a017712016822064d61744d756c0a0c0a0168120179220452656c7512036d6c702a1b' +
    '0802080210014201774a100000803f0000004000004040000080405a140a0178120f0a0d080112090a0312014e0a02080262140a017912' +
    '0f0a0d080112090a0312014e0a02080242040a001012720f0a0761332e6b696e64120474657374720a0a046e6f74651202c3bc',
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const body: GraphProto = {
  nodes: [{ inputs: ['x'], outputs: ['y'], opType: 'Identity' }],
  name: 'body',
  inputs: [{ name: 'x', type: { elemType: DataType.FLOAT, shape: [] } }],
  outputs: [{ name: 'y', type: { elemType: DataType.FLOAT, shape: [] } }],
};

const model: ModelProto = {
  irVersion: 10,
  producerName: 'a3',
  producerVersion: '0.1.0',
  opsetImports: [{ domain: '', version: 18 }],
  graph: {
    nodes: [
      { inputs: ['x', 'w'], outputs: ['h'], opType: 'MatMul' },
      { inputs: ['h'], outputs: ['y'], opType: 'Relu' },
    ],
    name: 'mlp',
    initializers: [floatTensor('w', [2, 2], [1, 2, 3, 4])],
    inputs: [{ name: 'x', type: { elemType: DataType.FLOAT, shape: ['N', 2] } }],
    outputs: [{ name: 'y', type: { elemType: DataType.FLOAT, shape: ['N', 2] } }],
  },
  metadataProps: [
    { key: 'a3.kind', value: 'test' },
    { key: 'note', value: 'ü' },
  ],
};

describe('ONNX protobuf encoder matches python onnx byte for byte', () => {
  it('tensors (float, int64 with negatives, int32, bool, scalar)', () => {
    expect(hex(encodeTensor(floatTensor('w', [2, 2], [1.5, -2, 0.25, 3])))).toBe(PY.tensor_float);
    expect(hex(encodeTensor(int64Tensor('k', [4], [-1, 0, 300, -9000000000n])))).toBe(PY.tensor_int64);
    expect(hex(encodeTensor(tensorProto('i', TensorData.int32([2], [7, -7]))))).toBe(PY.tensor_int32);
    expect(hex(encodeTensor(boolTensor('b', [3], [true, false, true])))).toBe(PY.tensor_bool);
    expect(hex(encodeTensor(tensorProto(undefined, TensorData.scalar(0.5))))).toBe(PY.tensor_scalar);
  });

  it('attributes of every kind a3 writes', () => {
    expect(hex(encodeAttribute({ name: 'alpha', type: 'FLOAT', f: 0.2 }))).toBe(PY.attr_float);
    expect(hex(encodeAttribute({ name: 'axis', type: 'INT', i: -1 }))).toBe(PY.attr_int_neg);
    expect(hex(encodeAttribute({ name: 'mode', type: 'STRING', s: 'constant' }))).toBe(PY.attr_string);
    expect(hex(encodeAttribute({ name: 'scales', type: 'FLOATS', floats: [1, 2.5] }))).toBe(PY.attr_floats);
    expect(hex(encodeAttribute({ name: 'perm', type: 'INTS', ints: [0, 3, 1, 2] }))).toBe(PY.attr_ints);
    expect(hex(encodeAttribute({ name: 'pads', type: 'INTS', ints: [-1n, 2] }))).toBe(PY.attr_ints_neg);
    expect(hex(encodeAttribute({ name: 'value', type: 'TENSOR', t: floatTensor(undefined, [1], [0]) }))).toBe(
      PY.attr_tensor,
    );
    expect(hex(encodeAttribute({ name: 'body', type: 'GRAPH', g: body }))).toBe(PY.attr_graph);
  });

  it('nodes and value infos (dim_param, unknown dim)', () => {
    const lr = {
      inputs: ['x'],
      outputs: ['y'],
      name: 'lr',
      opType: 'LeakyRelu',
      attributes: [{ name: 'alpha', type: 'FLOAT' as const, f: 0.1 }],
    };
    expect(hex(encodeNode(lr))).toBe(PY.node);
    const gemm = {
      inputs: ['a', 'b'],
      outputs: ['c'],
      opType: 'Gemm',
      domain: '',
      attributes: [{ name: 'transB', type: 'INT' as const, i: 1 }],
    };
    expect(hex(encodeNode(gemm))).toBe(PY.node_domain);
    expect(
      hex(encodeValueInfo({ name: 'x', type: { elemType: DataType.FLOAT, shape: ['N', 3, null] } })),
    ).toBe(PY.value_info);
  });

  it('a whole model with initializer, symbolic batch, opset and metadata', () => {
    expect(hex(encodeModel(model))).toBe(PY.model);
  });
});

describe('decoder reads back what the encoder writes', () => {
  it('round-trips the model', () => {
    expect(decodeModel(encodeModel(model))).toEqual(model);
  });

  it('round-trips nodes, attributes and value infos', () => {
    const n = decodeNode(Buffer.from(PY.node, 'hex'));
    expect(n.opType).toBe('LeakyRelu');
    expect(n.attributes?.[0]).toMatchObject({ name: 'alpha', type: 'FLOAT' });
    expect(decodeAttribute(Buffer.from(PY.attr_ints_neg, 'hex'))).toEqual({
      name: 'pads',
      type: 'INTS',
      ints: [-1, 2],
    });
    expect(decodeAttribute(Buffer.from(PY.attr_graph, 'hex'))).toEqual({
      name: 'body',
      type: 'GRAPH',
      g: body,
    });
    expect(decodeValueInfo(Buffer.from(PY.value_info, 'hex'))).toEqual({
      name: 'x',
      type: { elemType: DataType.FLOAT, shape: ['N', 3, null] },
    });
  });

  it('reads tensors back into TensorData and int64 values', () => {
    const t = tensorDataOf(decodeTensor(Buffer.from(PY.tensor_float, 'hex')));
    expect(t.shape).toEqual([2, 2]);
    expect(t.toArray()).toEqual([1.5, -2, 0.25, 3]);
    expect(int64Values(decodeTensor(Buffer.from(PY.tensor_int64, 'hex')))).toEqual([
      -1n,
      0n,
      300n,
      -9000000000n,
    ]);
    expect(tensorDataOf(decodeTensor(Buffer.from(PY.tensor_bool, 'hex'))).toArray()).toEqual([1, 0, 1]);
  });

  it('accepts packed repeated fields from other producers', () => {
    const w = new Writer();
    const packed = new Writer().int64(2).int64(3).finish();
    w.fieldBytes(1, packed)
      .fieldInt64(2, DataType.FLOAT)
      .fieldBytes(4, new Uint8Array(new Float32Array(6).fill(1).buffer));
    const t = tensorDataOf(decodeTensor(w.finish()));
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects truncated input with a FormatError', () => {
    const bytes = encodeModel(model);
    expect(() => decodeModel(bytes.subarray(0, 20))).toThrow(/truncated|past the end/);
    expect(() => new Reader(new Uint8Array([0xff, 0xff])).next()).toThrow(/Malformed ONNX/);
  });
});
