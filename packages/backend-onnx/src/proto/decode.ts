import { FormatError } from '@a3/core';
import {
  int64Value,
  readFloat32,
  readRepeatedFloats,
  readRepeatedVarints,
  Reader,
  utf8,
  WIRE_LEN,
  type Field,
} from './wire';
import type {
  AttributeProto,
  DataTypeCode,
  Dim,
  GraphProto,
  ModelProto,
  NodeProto,
  OperatorSetIdProto,
  StringStringEntryProto,
  TensorProto,
  TensorTypeProto,
  ValueInfoProto,
} from './types';

/*
 * Decoders for what a3 writes: enough to inspect an export, re-load it, or diff two of them.
 * Unknown fields are skipped, so models from other producers decode to the same subset.
 */

function each(data: Uint8Array, visit: (f: Field) => void): void {
  const r = new Reader(data);
  while (!r.done) visit(r.next());
}

const num = (f: Field): number => Number(int64Value(f.varint));

export function decodeTensor(data: Uint8Array): TensorProto {
  const dims: number[] = [];
  let dataType = 0;
  let name: string | undefined;
  let docString: string | undefined;
  let rawData = new Uint8Array(0);
  const floats: number[] = [];
  const int32s: bigint[] = [];
  const int64s: bigint[] = [];
  each(data, (f) => {
    if (f.field === 1) dims.push(...readRepeatedVarints(f).map((v) => Number(int64Value(v))));
    else if (f.field === 2) dataType = num(f);
    else if (f.field === 4) floats.push(...readRepeatedFloats(f));
    else if (f.field === 5) int32s.push(...readRepeatedVarints(f));
    else if (f.field === 7) int64s.push(...readRepeatedVarints(f));
    else if (f.field === 8) name = utf8(f.data);
    else if (f.field === 9) rawData = f.data.slice();
    else if (f.field === 12) docString = utf8(f.data);
  });
  // Other producers may use the typed fields instead of raw_data: normalise to raw bytes.
  if (rawData.length === 0 && floats.length) rawData = new Uint8Array(Float32Array.from(floats).buffer);
  if (rawData.length === 0 && int64s.length) {
    rawData = new Uint8Array(BigInt64Array.from(int64s.map((v) => BigInt.asIntN(64, v))).buffer);
  }
  if (rawData.length === 0 && int32s.length) {
    const v = int32s.map((x) => Number(BigInt.asIntN(32, x)));
    rawData =
      dataType === 9 || dataType === 2 ? Uint8Array.from(v) : new Uint8Array(Int32Array.from(v).buffer);
  }
  return {
    ...(name !== undefined ? { name } : {}),
    dims,
    dataType: dataType as DataTypeCode,
    rawData,
    ...(docString !== undefined ? { docString } : {}),
  };
}

export function decodeAttribute(data: Uint8Array): AttributeProto {
  let name = '';
  let type = 0;
  let f = 0;
  let i: number | bigint = 0;
  let s = '';
  let t: TensorProto | undefined;
  let g: GraphProto | undefined;
  const floats: number[] = [];
  const ints: (number | bigint)[] = [];
  const strings: string[] = [];
  each(data, (x) => {
    if (x.field === 1) name = utf8(x.data);
    else if (x.field === 2) f = readFloat32(x.data);
    else if (x.field === 3) i = int64Value(x.varint);
    else if (x.field === 4) s = utf8(x.data);
    else if (x.field === 5) t = decodeTensor(x.data);
    else if (x.field === 6) g = decodeGraph(x.data);
    else if (x.field === 7) floats.push(...readRepeatedFloats(x));
    else if (x.field === 8) ints.push(...readRepeatedVarints(x).map(int64Value));
    else if (x.field === 9) strings.push(utf8(x.data));
    else if (x.field === 20) type = num(x);
  });
  switch (type) {
    case 1:
      return { name, type: 'FLOAT', f };
    case 2:
      return { name, type: 'INT', i };
    case 3:
      return { name, type: 'STRING', s };
    case 4:
      if (!t) break;
      return { name, type: 'TENSOR', t };
    case 5:
      if (!g) break;
      return { name, type: 'GRAPH', g };
    case 6:
      return { name, type: 'FLOATS', floats };
    case 7:
      return { name, type: 'INTS', ints };
    case 8:
      return { name, type: 'STRINGS', strings };
  }
  throw new FormatError(
    `ONNX attribute "${name}" has type ${type}, which a3 does not read (or its value is missing).`,
  );
}

export function decodeNode(data: Uint8Array): NodeProto {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: AttributeProto[] = [];
  let name: string | undefined;
  let opType = '';
  let domain: string | undefined;
  let docString: string | undefined;
  each(data, (f) => {
    if (f.field === 1) inputs.push(utf8(f.data));
    else if (f.field === 2) outputs.push(utf8(f.data));
    else if (f.field === 3) name = utf8(f.data);
    else if (f.field === 4) opType = utf8(f.data);
    else if (f.field === 5) attributes.push(decodeAttribute(f.data));
    else if (f.field === 6) docString = utf8(f.data);
    else if (f.field === 7) domain = utf8(f.data);
  });
  return {
    inputs,
    outputs,
    ...(name !== undefined ? { name } : {}),
    opType,
    ...(domain !== undefined ? { domain } : {}),
    ...(attributes.length ? { attributes } : {}),
    ...(docString !== undefined ? { docString } : {}),
  };
}

function decodeTensorType(data: Uint8Array): TensorTypeProto {
  let elemType = 0;
  let shape: Dim[] | undefined;
  each(data, (f) => {
    if (f.field === 1) elemType = num(f);
    else if (f.field === 2) {
      shape = [];
      each(f.data, (d) => {
        if (d.field !== 1 || d.wire !== WIRE_LEN) return;
        let dim: Dim = null;
        each(d.data, (x) => {
          if (x.field === 1) dim = num(x);
          else if (x.field === 2) dim = utf8(x.data);
        });
        shape!.push(dim);
      });
    }
  });
  return { elemType: elemType as DataTypeCode, ...(shape ? { shape } : {}) };
}

export function decodeValueInfo(data: Uint8Array): ValueInfoProto {
  let name = '';
  let type: TensorTypeProto | undefined;
  let docString: string | undefined;
  each(data, (f) => {
    if (f.field === 1) name = utf8(f.data);
    else if (f.field === 2) {
      each(f.data, (t) => {
        if (t.field === 1) type = decodeTensorType(t.data);
      });
    } else if (f.field === 3) docString = utf8(f.data);
  });
  return { name, ...(type ? { type } : {}), ...(docString !== undefined ? { docString } : {}) };
}

export function decodeGraph(data: Uint8Array): GraphProto {
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const inputs: ValueInfoProto[] = [];
  const outputs: ValueInfoProto[] = [];
  const valueInfo: ValueInfoProto[] = [];
  let name: string | undefined;
  let docString: string | undefined;
  each(data, (f) => {
    if (f.field === 1) nodes.push(decodeNode(f.data));
    else if (f.field === 2) name = utf8(f.data);
    else if (f.field === 5) initializers.push(decodeTensor(f.data));
    else if (f.field === 10) docString = utf8(f.data);
    else if (f.field === 11) inputs.push(decodeValueInfo(f.data));
    else if (f.field === 12) outputs.push(decodeValueInfo(f.data));
    else if (f.field === 13) valueInfo.push(decodeValueInfo(f.data));
  });
  return {
    nodes,
    ...(name !== undefined ? { name } : {}),
    ...(initializers.length ? { initializers } : {}),
    ...(docString !== undefined ? { docString } : {}),
    inputs,
    outputs,
    ...(valueInfo.length ? { valueInfo } : {}),
  };
}

export function decodeModel(data: Uint8Array): ModelProto {
  let irVersion = 0;
  const opsetImports: OperatorSetIdProto[] = [];
  const metadataProps: StringStringEntryProto[] = [];
  let graph: GraphProto | undefined;
  const m: Omit<ModelProto, 'irVersion' | 'opsetImports' | 'graph'> = {};
  each(data, (f) => {
    if (f.field === 1) irVersion = num(f);
    else if (f.field === 2) m.producerName = utf8(f.data);
    else if (f.field === 3) m.producerVersion = utf8(f.data);
    else if (f.field === 4) m.domain = utf8(f.data);
    else if (f.field === 5) m.modelVersion = num(f);
    else if (f.field === 6) m.docString = utf8(f.data);
    else if (f.field === 7) graph = decodeGraph(f.data);
    else if (f.field === 8) {
      let domain: string | undefined;
      let version = 0;
      each(f.data, (x) => {
        if (x.field === 1) domain = utf8(x.data);
        else if (x.field === 2) version = num(x);
      });
      opsetImports.push({ ...(domain !== undefined ? { domain } : {}), version });
    } else if (f.field === 14) {
      let key = '';
      let value = '';
      each(f.data, (x) => {
        if (x.field === 1) key = utf8(x.data);
        else if (x.field === 2) value = utf8(x.data);
      });
      metadataProps.push({ key, value });
    }
  });
  if (!graph)
    throw new FormatError(
      'ONNX model has no graph (field 7): the file is not an ONNX model or is truncated.',
    );
  return { irVersion, opsetImports, ...m, graph, ...(metadataProps.length ? { metadataProps } : {}) };
}
