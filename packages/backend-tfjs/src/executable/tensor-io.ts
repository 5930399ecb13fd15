import { allocate, TensorData, type DType, type DataArray } from '@a3/core';
import type { KernelBinding } from '../backend/kernel';
import type { TfTensor } from '../tf-module';

const ARRAY_OF: Record<DType, new (n: number) => DataArray> = {
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/**
 * Reads a tfjs tensor back to host memory as `dtype`. The array is copied only when the
 * kernel backend may hand out its own storage (cpu, TensorFlow), so callers can never
 * corrupt backend state by mutating an output.
 */
export function readTensor(binding: KernelBinding, t: TfTensor, dtype: DType): TensorData {
  const values = t.dataSync() as ArrayLike<number>;
  let data: DataArray;
  if (values instanceof ARRAY_OF[dtype]) {
    data = binding.readsAreCopies ? (values as DataArray) : (values as DataArray).slice();
  } else {
    data = allocate(dtype, values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i];
  }
  return new TensorData(t.shape, dtype, data);
}

/** A tfjs tensor holding `d`; copied first where tfjs would keep a reference to it. */
export function writeTensor(binding: KernelBinding, d: TensorData): TfTensor {
  const data = binding.writesAreCopies ? d.data : d.data.slice();
  return binding.tf.tensor(data, d.shape as number[], d.dtype);
}
