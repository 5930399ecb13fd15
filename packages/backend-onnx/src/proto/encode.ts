import { Writer } from './wire';
import type {
  AttributeProto,
  GraphProto,
  ModelProto,
  NodeProto,
  OperatorSetIdProto,
  StringStringEntryProto,
  TensorProto,
  TensorTypeProto,
  ValueInfoProto,
} from './types';
import { AttributeType } from './types';

/*
 * Encoders write fields in field-number order, as the reference protobuf implementations do,
 * so our bytes equal python `onnx`'s SerializeToString() for the same message. onnx.proto is
 * proto2: repeated scalars are unpacked unless the proto says [packed = true].
 */

export function writeTensor(w: Writer, t: TensorProto): void {
  for (const d of t.dims) w.fieldInt64(1, d);
  w.fieldInt64(2, t.dataType);
  if (t.name !== undefined) w.fieldString(8, t.name);
  w.fieldBytes(9, t.rawData);
  if (t.docString !== undefined) w.fieldString(12, t.docString);
}

export function writeAttribute(w: Writer, a: AttributeProto): void {
  w.fieldString(1, a.name);
  switch (a.type) {
    case 'FLOAT':
      w.fieldFloat(2, a.f);
      break;
    case 'INT':
      w.fieldInt64(3, a.i);
      break;
    case 'STRING':
      w.fieldString(4, a.s);
      break;
    case 'TENSOR':
      w.fieldMessage(5, (m) => writeTensor(m, a.t));
      break;
    case 'GRAPH':
      w.fieldMessage(6, (m) => writeGraph(m, a.g));
      break;
    case 'FLOATS':
      for (const f of a.floats) w.fieldFloat(7, f);
      break;
    case 'INTS':
      for (const i of a.ints) w.fieldInt64(8, i);
      break;
    case 'STRINGS':
      for (const s of a.strings) w.fieldString(9, s);
      break;
  }
  w.fieldInt64(20, AttributeType[a.type]);
}

export function writeNode(w: Writer, n: NodeProto): void {
  for (const i of n.inputs) w.fieldString(1, i);
  for (const o of n.outputs) w.fieldString(2, o);
  if (n.name !== undefined) w.fieldString(3, n.name);
  w.fieldString(4, n.opType);
  for (const a of n.attributes ?? []) w.fieldMessage(5, (m) => writeAttribute(m, a));
  if (n.docString !== undefined) w.fieldString(6, n.docString);
  if (n.domain !== undefined) w.fieldString(7, n.domain);
}

function writeTensorType(w: Writer, t: TensorTypeProto): void {
  w.fieldInt64(1, t.elemType);
  if (t.shape) {
    const shape = t.shape;
    w.fieldMessage(2, (s) => {
      for (const d of shape) {
        s.fieldMessage(1, (dim) => {
          if (typeof d === 'number') dim.fieldInt64(1, d);
          else if (typeof d === 'string') dim.fieldString(2, d);
        });
      }
    });
  }
}

export function writeValueInfo(w: Writer, v: ValueInfoProto): void {
  w.fieldString(1, v.name);
  const type = v.type;
  if (type) w.fieldMessage(2, (t) => t.fieldMessage(1, (tt) => writeTensorType(tt, type)));
  if (v.docString !== undefined) w.fieldString(3, v.docString);
}

export function writeGraph(w: Writer, g: GraphProto): void {
  for (const n of g.nodes) w.fieldMessage(1, (m) => writeNode(m, n));
  if (g.name !== undefined) w.fieldString(2, g.name);
  for (const t of g.initializers ?? []) w.fieldMessage(5, (m) => writeTensor(m, t));
  if (g.docString !== undefined) w.fieldString(10, g.docString);
  for (const v of g.inputs) w.fieldMessage(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.fieldMessage(12, (m) => writeValueInfo(m, v));
  for (const v of g.valueInfo ?? []) w.fieldMessage(13, (m) => writeValueInfo(m, v));
}

function writeOpset(w: Writer, o: OperatorSetIdProto): void {
  if (o.domain !== undefined) w.fieldString(1, o.domain);
  w.fieldInt64(2, o.version);
}

function writeEntry(w: Writer, e: StringStringEntryProto): void {
  w.fieldString(1, e.key);
  w.fieldString(2, e.value);
}

export function writeModel(w: Writer, m: ModelProto): void {
  w.fieldInt64(1, m.irVersion);
  if (m.producerName !== undefined) w.fieldString(2, m.producerName);
  if (m.producerVersion !== undefined) w.fieldString(3, m.producerVersion);
  if (m.domain !== undefined) w.fieldString(4, m.domain);
  if (m.modelVersion !== undefined) w.fieldInt64(5, m.modelVersion);
  if (m.docString !== undefined) w.fieldString(6, m.docString);
  w.fieldMessage(7, (g) => writeGraph(g, m.graph));
  for (const o of m.opsetImports) w.fieldMessage(8, (s) => writeOpset(s, o));
  for (const e of m.metadataProps ?? []) w.fieldMessage(14, (s) => writeEntry(s, e));
}

function encodeWith<T>(write: (w: Writer, v: T) => void, v: T): Uint8Array {
  const w = new Writer();
  write(w, v);
  return w.finish();
}

export const encodeModel = (m: ModelProto): Uint8Array => encodeWith(writeModel, m);
export const encodeNode = (n: NodeProto): Uint8Array => encodeWith(writeNode, n);
export const encodeTensor = (t: TensorProto): Uint8Array => encodeWith(writeTensor, t);
export const encodeAttribute = (a: AttributeProto): Uint8Array => encodeWith(writeAttribute, a);
export const encodeValueInfo = (v: ValueInfoProto): Uint8Array => encodeWith(writeValueInfo, v);
