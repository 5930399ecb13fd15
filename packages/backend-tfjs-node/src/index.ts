import { createRequire } from 'node:module';
import { ownBackendDescription, registerBackend } from '@a3/core';
import { nativeTfjs, TFJS_CAPABILITIES, type TfjsBackend } from '@a3/backend-tfjs';
import manifest from '../package.json';

export const PACKAGE_NAME = manifest.name;

/**
 * tfjs-node: the a3 tfjs compiler on native TensorFlow (CPU). The native addon is required
 * lazily, by the probe or the factory, so importing this package never throws when the addon
 * is missing; `listBackends()` then shows tfjs-node as unavailable with the reason.
 */
const native = nativeTfjs({
  name: 'tfjs-node',
  packageName: '@tensorflow/tfjs-node',
  require: createRequire(import.meta.url),
  setupHint:
    '(its native addon needs libtensorflow; in the a3 repository run `npm run setup:tfjs-node`, elsewhere reinstall @tensorflow/tfjs-node with network access)',
});

/** Whether tfjs-node can run here, with the reason when not (loads the addon once). */
export const probeTfjsNode = native.probe;

/** Creates the tfjs-node backend (normally through `getBackend('tfjs-node')`). */
export function createTfjsNodeBackend(): Promise<TfjsBackend> {
  return native.create();
}

registerBackend('tfjs-node', createTfjsNodeBackend, {
  // Priority and package from this package's package.json ("a3".backends), which core ranks it by before import.
  ...ownBackendDescription(manifest, 'tfjs-node'),
  capabilities: TFJS_CAPABILITIES,
  probe: probeTfjsNode,
});
