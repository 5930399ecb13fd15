import { registerBackend } from '@a3/core';
import { TFJS_CAPABILITIES } from '../backend/backend';
import { createTfjsCpuBackend } from './cpu';
import { createTfjsWasmBackend, probeTfjsWasm } from './wasm';

export const PACKAGE_NAME = '@a3/backend-tfjs';

/** Registers tfjs-cpu (priority 100) and tfjs-wasm (priority 200). Runs on import of the package. */
export function registerTfjsBackends(): void {
  registerBackend('tfjs-cpu', createTfjsCpuBackend, {
    priority: 100,
    capabilities: TFJS_CAPABILITIES,
    package: PACKAGE_NAME,
  });
  registerBackend('tfjs-wasm', () => createTfjsWasmBackend(), {
    priority: 200,
    capabilities: TFJS_CAPABILITIES,
    package: PACKAGE_NAME,
    probe: probeTfjsWasm,
  });
}
