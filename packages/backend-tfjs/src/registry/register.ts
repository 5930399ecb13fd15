import { KNOWN_BACKEND_PRIORITIES, registerBackend } from '@a3/core';
import { TFJS_CAPABILITIES } from '../backend/backend';
import { createTfjsCpuBackend } from './cpu';
import { createTfjsWasmBackend, probeTfjsWasm } from './wasm';

export const PACKAGE_NAME = '@a3/backend-tfjs';

/** Registers tfjs-cpu and tfjs-wasm (priorities from core's KNOWN_BACKEND_PRIORITIES). Runs on import of the package. */
export function registerTfjsBackends(): void {
  registerBackend('tfjs-cpu', createTfjsCpuBackend, {
    priority: KNOWN_BACKEND_PRIORITIES['tfjs-cpu'],
    capabilities: TFJS_CAPABILITIES,
    package: PACKAGE_NAME,
  });
  registerBackend('tfjs-wasm', () => createTfjsWasmBackend(), {
    priority: KNOWN_BACKEND_PRIORITIES['tfjs-wasm'],
    capabilities: TFJS_CAPABILITIES,
    package: PACKAGE_NAME,
    probe: probeTfjsWasm,
  });
}
