import { createRequire } from 'node:module';
import { ownBackendDescription, registerBackend } from '@a3/core';
import { nativeTfjs, TFJS_CAPABILITIES, type TfjsBackend } from '@a3/backend-tfjs';
import manifest from '../package.json';

export const PACKAGE_NAME = manifest.name;

const CAPABILITIES = Object.freeze({ ...TFJS_CAPABILITIES, gpu: true });

/**
 * tfjs-node-gpu: the a3 tfjs compiler on native TensorFlow with CUDA. Lazy like tfjs-node:
 * importing never throws; the probe loads the addon and also requires TensorFlow to see a
 * GPU, since tfjs-node-gpu would otherwise run on the CPU without saying so.
 */
const native = nativeTfjs({
  name: 'tfjs-node-gpu',
  packageName: '@tensorflow/tfjs-node-gpu',
  require: createRequire(import.meta.url),
  requireGpu: true,
  capabilities: { gpu: true },
  setupHint:
    '(its native addon needs a CUDA 11.2 / cuDNN 8.1 build of libtensorflow 2.9; install @tensorflow/tfjs-node-gpu with network access on a machine with an NVIDIA GPU)',
});

/** Whether tfjs-node-gpu can run here, with the reason when not (loads the addon once). */
export const probeTfjsNodeGpu = native.probe;

/** Creates the tfjs-node-gpu backend (normally through `getBackend('tfjs-node-gpu')`). */
export function createTfjsNodeGpuBackend(): Promise<TfjsBackend> {
  return native.create();
}

registerBackend('tfjs-node-gpu', createTfjsNodeGpuBackend, {
  // Priority and package from this package's package.json ("a3".backends), which core ranks it by before import.
  ...ownBackendDescription(manifest, 'tfjs-node-gpu'),
  capabilities: CAPABILITIES,
  probe: probeTfjsNodeGpu,
});
