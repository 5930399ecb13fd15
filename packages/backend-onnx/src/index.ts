/**
 * @a3/backend-onnx — compiles a3 graphs (forward, backward, optimiser) to ONNX and runs them
 * on onnxruntime-node; exports inference models any ONNX runtime can load. Importing this
 * module registers the `onnx` backend (priority 400); onnxruntime-node loads on first use.
 */
import { registerOnnxBackend } from './runtime/register';

export { OnnxBackend, createOnnxBackend, ONNX_CAPABILITIES } from './runtime/backend';
export { OnnxExecutable } from './runtime/executable';
export type { OnnxCompileOptions } from './runtime/options';
export { probeOnnx, registerOnnxBackend, ONNX_PRIORITY } from './runtime/register';
export { exportOnnx, exportOnnxModel, readOnnxWeights, saveOnnx } from './export/export';
export type { ExportOptions } from './export/export';
export { ML_OPSET } from './export/columns';
export { quantizeDynamic, quantizeColumns, QUANTIZE_TYPES, isQuantizeType } from './quantize/quantize';
export { saveQuantizedOnnx } from './quantize/save';
export type { QuantizeType, QuantizeOptions, QuantizeSummary } from './quantize/quantize';
export type { ExportColumn, ExportColumns } from './export/columns';
export { IR_VERSION, OPSET } from './lower/lower';
export { BATCH_DIM } from './lower/values';
export { encodeModel } from './proto/encode';
export { decodeModel } from './proto/decode';
export { tensorDataOf } from './proto/tensor';
export { DataType } from './proto/types';
export type {
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
} from './proto/types';

registerOnnxBackend();
