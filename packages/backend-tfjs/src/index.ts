import { registerTfjsBackends } from './registry/register';

export { createTfjsBackend, TFJS_CAPABILITIES } from './backend/backend';
export type { TfjsBackend, TfjsBackendOptions } from './backend/backend';
export type { LoweringOptions } from './lowering/types';
export type { TfModule } from './tf-module';
export { TfjsExecutable } from './executable/executable';
export { createTfjsCpuBackend } from './registry/cpu';
export { createTfjsWasmBackend, probeTfjsWasm } from './registry/wasm';
export type { TfjsWasmOptions } from './registry/wasm';
export { registerTfjsBackends } from './registry/register';
export { nativeTfjs } from './native/native';
export type { NativeTfjs, NativeTfjsOptions } from './native/native';

// Importing the package makes tfjs-cpu and tfjs-wasm known to getBackend()/listBackends().
registerTfjsBackends();
