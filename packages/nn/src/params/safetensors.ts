import { decodeSafetensors, encodeSafetensors } from '../safetensors/safetensors';
import { ParameterCollection } from './parameter-collection';

/**
 * Parameters as a safetensors file (names sorted for stable output, data 8-byte aligned),
 * so checkpoints can be read by Python tools too. A thin wrapper over `encodeSafetensors`.
 */
export function paramsToSafetensors(
  params: ParameterCollection,
  metadata: Record<string, string> = {},
): Uint8Array {
  return encodeSafetensors(params.toRecord(), metadata);
}

/**
 * Reads a safetensors file into a ParameterCollection (F32, I32, BOOL; U8 as bool). A thin
 * wrapper over `decodeSafetensors`: a corrupt file throws its SafetensorsError (a FormatError);
 * `source` names the file in the message.
 */
export function paramsFromSafetensors(
  bytes: Uint8Array,
  source?: string,
): {
  params: ParameterCollection;
  metadata: Record<string, string>;
} {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  return { params: new ParameterCollection(tensors), metadata };
}
