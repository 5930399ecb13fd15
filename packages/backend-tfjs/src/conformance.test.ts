import { getBackend } from '@a3/core';
import { runConformanceSuite } from '@a3/backend-testkit';
import { probeTfjsWasm } from './index';

runConformanceSuite({ name: 'tfjs-cpu', createBackend: () => getBackend('tfjs-cpu') });

const wasm = await probeTfjsWasm();
runConformanceSuite({
  name: 'tfjs-wasm',
  createBackend: () => getBackend('tfjs-wasm'),
  skip: wasm.available ? false : wasm.reason,
});
