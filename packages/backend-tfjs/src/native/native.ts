import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Availability, BackendCapabilities } from '@a3/core';
import { findBackendFactory, getKernelsForBackend, unregisterKernel } from '@tensorflow/tfjs-core';
import { createTfjsBackend, type TfjsBackend } from '../backend/backend';
import type { TfModule } from '../tf-module';

/** How a3 reaches one native tfjs build (tfjs-node or tfjs-node-gpu). */
export interface NativeTfjsOptions {
  /** The a3 backend name: 'tfjs-node', 'tfjs-node-gpu'. */
  name: string;
  /** The npm package to require: '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'. */
  packageName: string;
  /** `createRequire(import.meta.url)` of the calling package, so the package resolves from there. */
  require: NodeJS.Require;
  /** Appended to load failures: how to get the native addon. */
  setupHint: string;
  /** Require TensorFlow to see a CUDA GPU (tfjs-node-gpu falls back to the CPU silently otherwise). */
  requireGpu?: boolean;
  capabilities?: Partial<BackendCapabilities>;
}

/** Lazily loads a native tfjs build; the package can be imported even when its addon is missing. */
export interface NativeTfjs {
  /** Loads the module once (cached) and says whether it can run here, with the reason when not. */
  probe(): Promise<Availability>;
  /** The a3 backend on the module's 'tensorflow' kernel backend; throws the probe's reason. */
  create(): Promise<TfjsBackend>;
}

interface NativeKernels {
  binding?: { TF_Version?: string };
  isUsingGpuDevice?: boolean;
}

type Loaded = { ok: true; tf: TfModule; version: string } | { ok: false; reason: string };

/**
 * tfjs-node(-gpu) keeps its addon at lib/napi-v<N>/tfjs_binding.node. Looking before requiring
 * matters: a failing require has already registered ~170 'tensorflow' kernels on the engine.
 */
function hasAddon(packageDir: string): boolean {
  const lib = join(packageDir, 'lib');
  return (
    existsSync(lib) &&
    readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')))
  );
}

/** Undoes the kernel registrations of a native package whose load failed half-way. */
function forgetTensorflowKernels(): void {
  if (findBackendFactory('tensorflow')) return;
  for (const k of getKernelsForBackend('tensorflow')) unregisterKernel(k.kernelName, 'tensorflow');
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? message
  );
}

export function nativeTfjs(options: NativeTfjsOptions): NativeTfjs {
  const { name, packageName, setupHint } = options;
  let loaded: Promise<Loaded> | undefined;

  async function load(): Promise<Loaded> {
    let path: string;
    try {
      path = options.require.resolve(packageName);
    } catch {
      return { ok: false, reason: `${packageName} is not installed (npm install ${packageName}@4.22.0)` };
    }
    // tfjs-node and tfjs-node-gpu both register the kernel backend 'tensorflow' on the shared
    // tfjs engine; the second one loaded would silently run on the first one's library.
    if (!options.require.cache[path] && findBackendFactory('tensorflow')) {
      return {
        ok: false,
        reason: `another native tfjs package already registered the "tensorflow" kernel backend in this process; ${packageName} cannot share it`,
      };
    }
    const packageDir = dirname(options.require.resolve(`${packageName}/package.json`));
    if (!options.require.cache[path] && !hasAddon(packageDir)) {
      return {
        ok: false,
        reason: `${packageName} has no native addon (no lib/napi-v*/tfjs_binding.node in ${packageDir}) ${setupHint}`,
      };
    }
    // TensorFlow logs its CPU-feature banner to stderr unless told otherwise; respect a user's choice.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    let tf: TfModule & { version?: Record<string, string> };
    try {
      tf = options.require(packageName) as TfModule & { version?: Record<string, string> };
    } catch (err) {
      forgetTensorflowKernels();
      return {
        ok: false,
        reason: `${packageName} does not load: ${firstLine((err as Error).message)} ${setupHint}`,
      };
    }
    try {
      if (!(await tf.setBackend('tensorflow'))) {
        return {
          ok: false,
          reason: `${packageName} loaded but its "tensorflow" kernel backend did not initialise. ${setupHint}`,
        };
      }
    } catch (err) {
      return { ok: false, reason: `${packageName}: ${firstLine((err as Error).message)} ${setupHint}` };
    }
    const kernels = tf.findBackend('tensorflow') as NativeKernels | null;
    if (options.requireGpu && !kernels?.isUsingGpuDevice) {
      return {
        ok: false,
        reason: `TensorFlow in ${packageName} sees no CUDA GPU (needs a CUDA 11.2 / cuDNN 8.1 libtensorflow and a visible GPU); use tfjs-node on the CPU`,
      };
    }
    return { ok: true, tf, version: kernels?.binding?.TF_Version ?? 'unknown' };
  }

  const get = () => (loaded ??= load());

  return {
    async probe() {
      const r = await get();
      return r.ok ? { available: true } : { available: false, reason: r.reason };
    },
    async create() {
      const r = await get();
      if (!r.ok) throw new Error(r.reason);
      const kernels = () => r.tf.findBackend('tensorflow') as NativeKernels | null;
      return createTfjsBackend(r.tf, {
        name,
        kernel: 'tensorflow',
        capabilities: options.capabilities,
        describe: () => ({
          package: packageName,
          tensorflow: r.version,
          gpu: Boolean(kernels()?.isUsingGpuDevice),
        }),
      });
    },
  };
}
