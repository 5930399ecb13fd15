export { ACTIVATIONS, DEFAULT_LEAKY_ALPHA, activate, checkActivation } from './activations/activations';
export type { ActivationName } from './activations/activations';
export { ParameterCollection } from './params/parameter-collection';
export type { VariableOptions } from './params/parameter-collection';
export { seedFor } from './params/seed';
export { Layer } from './layers/layer';
export type { Tap, LayerContext, LayerCall, LayerJSON, LayerOptions } from './layers/layer';
export { Dense } from './layers/dense';
export type { DenseOptions } from './layers/dense';
export { Conv2D } from './layers/conv2d';
export type { Conv2DOptions, Pair } from './layers/conv2d';
export { MaxPool2D, UpSampling2D } from './layers/spatial';
export type { MaxPool2DOptions } from './layers/spatial';
export { Dropout } from './layers/dropout';
export type { DropoutOptions } from './layers/dropout';
export { Activation } from './layers/activation';
export type { ActivationOptions } from './layers/activation';
export { Flatten, Reshape } from './layers/reshape';
export { registerLayer, layerFromJSON } from './layers/registry';
export type { LayerFactory } from './layers/registry';
export { Sequential } from './sequential/sequential';
export type { SequentialOptions, ApplyOptions, ApplyResult, SequentialJSON } from './sequential/sequential';
export { paramsToSafetensors, paramsFromSafetensors } from './params/safetensors';
export {
  encodeSafetensors,
  decodeSafetensors,
  SafetensorsError,
  SAFETENSORS_MAX_HEADER_BYTES,
} from './safetensors/safetensors';
export type { SafetensorsContent, SafetensorsErrorReason } from './safetensors/safetensors';
