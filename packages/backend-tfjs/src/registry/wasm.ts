import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Availability } from '@a3/core';
import { createTfjsBackend, type TfjsBackend } from '../backend/backend';

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

interface WasmModule {
  setWasmPaths(prefixOrFileMap: string, usePlatformFetch?: boolean): void;
  getThreadsCount(): number;
  version_wasm: string;
}

export interface TfjsWasmOptions {
  /**
   * Folder (or URL prefix) holding tfjs-backend-wasm's `.wasm` files, ending in '/'. Default:
   * the installed package's `dist/` folder, found through Node's resolver, so bundling the
   * JavaScript elsewhere still finds the binaries.
   */
  wasmPaths?: string;
}

const localRequire = createRequire(import.meta.url);

function wasmDistFolder(): string {
  return join(dirname(localRequire.resolve(`${WASM_PACKAGE}/package.json`)), 'dist') + '/';
}

/** tfjs-wasm is available when its optional peer package resolves and WebAssembly exists. */
export async function probeTfjsWasm(): Promise<Availability> {
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object')
    return { available: false, reason: 'this JavaScript runtime has no WebAssembly' };
  try {
    localRequire.resolve(WASM_PACKAGE);
    return { available: true };
  } catch {
    return {
      available: false,
      reason: `${WASM_PACKAGE} is not installed (npm install ${WASM_PACKAGE}@${tf.version_core})`,
    };
  }
}

/**
 * tfjs-wasm: XNNPACK kernels (SIMD; no threads in Node). Its lowering works around the kernel
 * set: no Conv2DBackpropFilter kernel (a conv2d of transposed tensors instead), a stride-1
 * Conv2DBackpropInput 7–20× slower than Conv2D (a conv2d with the rotated filter instead),
 * BatchMatMul with transpose flags ~10× slower than transposing first, and a MaxPoolGrad that
 * routes ties to the last max of a window (a3 and TF use the first).
 */
export async function createTfjsWasmBackend(options: TfjsWasmOptions = {}): Promise<TfjsBackend> {
  const wasm = (await import(WASM_PACKAGE)) as unknown as WasmModule;
  // Paths only matter before the wasm kernels are first initialised.
  if (!tf.findBackend('wasm')) wasm.setWasmPaths(options.wasmPaths ?? wasmDistFolder());
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(
      `tfjs could not initialise its wasm kernel backend from ${options.wasmPaths ?? wasmDistFolder()}.`,
    );
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return createTfjsBackend(tf, {
    name: 'tfjs-wasm',
    kernel: 'wasm',
    copiesAtBoundary: true,
    lowering: {
      transposeMatMulOperands: true,
      conv2dBackpropFilterViaConv2d: true,
      conv2dBackpropInputViaConv2d: true,
      maxPoolGradFirstMax: true,
    },
    describe: () => ({ tfjsWasm: wasm.version_wasm, simd, threads: wasm.getThreadsCount() }),
  });
}
