import { KNOWN_BACKEND_PRIORITIES, registerBackend, type Availability } from '@a3/core';
import { createOnnxBackend, ONNX_CAPABILITIES } from './backend';
import { loadOrt } from './ort';

/** Where onnx ranks in default selection: core's table, so ranking before import agrees with it. */
export const ONNX_PRIORITY = KNOWN_BACKEND_PRIORITIES.onnx;

/** Loads onnxruntime-node; when it cannot load, says why and how to fix it. */
export async function probeOnnx(): Promise<Availability> {
  try {
    const ort = await loadOrt();
    if (typeof ort.InferenceSession?.create !== 'function') {
      return {
        available: false,
        reason: 'onnxruntime-node loaded but has no InferenceSession (unexpected version?).',
      };
    }
    return { available: true };
  } catch (err) {
    return {
      available: false,
      reason:
        `onnxruntime-node failed to load (${(err as Error).message.split('\n')[0]}). ` +
        'Reinstall it (npm install onnxruntime-node@1.30.0); its CPU binaries ship inside the npm package for linux/macOS/windows x64 and arm64.',
    };
  }
}

export function registerOnnxBackend(): void {
  registerBackend('onnx', () => createOnnxBackend(), {
    priority: ONNX_PRIORITY,
    capabilities: ONNX_CAPABILITIES,
    package: '@a3/backend-onnx',
    probe: probeOnnx,
  });
}
