/**
 * The slice of onnx.proto a3 writes and reads back, as plain typed objects. Field names follow
 * the proto (camelCased); optional fields left undefined are not written (proto2 "has" semantics).
 */

/** TensorProto.DataType codes a3 uses. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  /** Quantized weights (src/quantize). */
  INT8: 3,
  INT32: 6,
  INT64: 7,
  /** Exported models only: raw categorical columns (a3's own tensors are never strings). */
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType codes. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

export interface TensorProto {
  name?: string;
  dims: readonly number[];
  dataType: DataTypeCode;
  /** Little-endian element bytes (bool: one byte per element). */
  rawData: Uint8Array;
  docString?: string;
}

export type AttributeProto =
  | { name: string; type: 'FLOAT'; f: number }
  | { name: string; type: 'INT'; i: number | bigint }
  | { name: string; type: 'STRING'; s: string }
  | { name: string; type: 'TENSOR'; t: TensorProto }
  | { name: string; type: 'GRAPH'; g: GraphProto }
  | { name: string; type: 'FLOATS'; floats: readonly number[] }
  | { name: string; type: 'INTS'; ints: readonly (number | bigint)[] }
  | { name: string; type: 'STRINGS'; strings: readonly string[] };

export interface NodeProto {
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  opType: string;
  domain?: string;
  attributes?: readonly AttributeProto[];
  docString?: string;
}

/** A dimension: a size, a symbolic name (dim_param), or null for unknown. */
export type Dim = number | string | null;

export interface TensorTypeProto {
  elemType: DataTypeCode;
  /** Undefined: rank unknown (no shape field). */
  shape?: readonly Dim[];
}

export interface ValueInfoProto {
  name: string;
  type?: TensorTypeProto;
  docString?: string;
}

export interface GraphProto {
  nodes: readonly NodeProto[];
  name?: string;
  initializers?: readonly TensorProto[];
  docString?: string;
  inputs: readonly ValueInfoProto[];
  outputs: readonly ValueInfoProto[];
  valueInfo?: readonly ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version: number;
}

export interface StringStringEntryProto {
  key: string;
  value: string;
}

export interface ModelProto {
  irVersion: number;
  opsetImports: readonly OperatorSetIdProto[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph: GraphProto;
  metadataProps?: readonly StringStringEntryProto[];
}
