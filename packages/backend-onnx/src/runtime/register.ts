import { ownBackendDescription, registerBackend, type Availability } from '@a3/core';
import manifest from '../../package.json';
import { createOnnxBackend, ONNX_CAPABILITIES } from './backend';
import { loadOrt } from './ort';

/** How onnx registers: the priority and package its package.json gives ("a3".backends), written once there. */
const ONNX = ownBackendDescription(manifest, 'onnx');

/** Where onnx ranks in default selection (the package.json's priority, which ranks it before import too). */
export const ONNX_PRIORITY = ONNX.priority;

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
    ...ONNX,
    capabilities: ONNX_CAPABILITIES,
    probe: probeOnnx,
  });
}
