import { ownBackendDescription, registerBackend } from '@a3/core';
import manifest from '../../package.json';
import { TFJS_CAPABILITIES } from '../backend/backend';
import { createTfjsCpuBackend } from './cpu';
import { createTfjsWasmBackend, probeTfjsWasm } from './wasm';

export const PACKAGE_NAME = manifest.name;

/**
 * Registers tfjs-cpu and tfjs-wasm with the priorities this package's package.json gives them
 * ("a3".backends: what core ranks them by before import). Runs on import of the package.
 */
export function registerTfjsBackends(): void {
  registerBackend('tfjs-cpu', createTfjsCpuBackend, {
    ...ownBackendDescription(manifest, 'tfjs-cpu'),
    capabilities: TFJS_CAPABILITIES,
  });
  registerBackend('tfjs-wasm', () => createTfjsWasmBackend(), {
    ...ownBackendDescription(manifest, 'tfjs-wasm'),
    capabilities: TFJS_CAPABILITIES,
    probe: probeTfjsWasm,
  });
}
