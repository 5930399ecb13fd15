import { FormatError, TensorData, type DType } from '@a3/core';
import { littleEndianBytes } from './wire';
import { DataType, type DataTypeCode, type TensorProto } from './types';

/** a3 dtype → ONNX element type. */
export function onnxType(dtype: DType): DataTypeCode {
  switch (dtype) {
    case 'float32':
      return DataType.FLOAT;
    case 'int32':
      return DataType.INT32;
    case 'bool':
      return DataType.BOOL;
  }
}

export function tensorProto(name: string | undefined, t: TensorData): TensorProto {
  return {
    ...(name !== undefined ? { name } : {}),
    dims: [...t.shape],
    dataType: onnxType(t.dtype),
    rawData: littleEndianBytes(t.data).slice(),
  };
}

export function floatTensor(
  name: string | undefined,
  dims: readonly number[],
  values: ArrayLike<number>,
): TensorProto {
  return {
    ...(name !== undefined ? { name } : {}),
    dims,
    dataType: DataType.FLOAT,
    rawData: littleEndianBytes(Float32Array.from(values)).slice(),
  };
}

/** int64 tensors take numbers or BigInts; stored as BigInt64Array raw bytes. */
export function int64Tensor(
  name: string | undefined,
  dims: readonly number[],
  values: readonly (number | bigint)[],
): TensorProto {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return {
    ...(name !== undefined ? { name } : {}),
    dims,
    dataType: DataType.INT64,
    rawData: littleEndianBytes(data).slice(),
  };
}

export function boolTensor(
  name: string | undefined,
  dims: readonly number[],
  values: readonly boolean[],
): TensorProto {
  return {
    ...(name !== undefined ? { name } : {}),
    dims,
    dataType: DataType.BOOL,
    rawData: Uint8Array.from(values, (v) => (v ? 1 : 0)),
  };
}

function aligned(raw: Uint8Array, bytes: number): ArrayBuffer {
  // Copy: raw_data may sit at any offset inside the model buffer.
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  if (raw.length % bytes !== 0)
    throw new FormatError(`ONNX tensor raw_data of ${raw.length} bytes is not a multiple of ${bytes}.`);
  return copy.buffer;
}

/** Reads a float/int32/bool initializer back into a3's host format. */
export function tensorDataOf(t: TensorProto): TensorData {
  switch (t.dataType) {
    case DataType.FLOAT:
      return new TensorData(t.dims, 'float32', new Float32Array(aligned(t.rawData, 4)));
    case DataType.INT32:
      return new TensorData(t.dims, 'int32', new Int32Array(aligned(t.rawData, 4)));
    case DataType.BOOL:
      return new TensorData(t.dims, 'bool', t.rawData.slice());
    default:
      throw new FormatError(
        `ONNX tensor "${t.name ?? ''}" has element type ${t.dataType}; a3 reads float, int32 and bool.`,
      );
  }
}

export function int64Values(t: TensorProto): bigint[] {
  if (t.dataType !== DataType.INT64) throw new FormatError(`ONNX tensor "${t.name ?? ''}" is not int64.`);
  return Array.from(new BigInt64Array(aligned(t.rawData, 8)));
}
