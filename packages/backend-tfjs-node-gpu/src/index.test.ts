import { BackendUnavailableError, getBackend, listBackends } from '@a3/core';
import { runConformanceSuite } from '@a3/backend-testkit';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME, probeTfjsNodeGpu } from './index';

const enabled = process.env.A3_TFJS_NODE_GPU === '1';
const skipReason =
  process.env.A3_TFJS_NODE_GPU_SKIP_REASON ||
  'A3_TFJS_NODE_GPU is not set (needs a CUDA build of libtensorflow for @tensorflow/tfjs-node-gpu and an NVIDIA GPU)';

describe('tfjs-node-gpu registration', () => {
  it('imports without loading the addon and registers tfjs-node-gpu at priority 500 with gpu: true', async () => {
    const info = (await listBackends()).find((b) => b.name === 'tfjs-node-gpu')!;
    expect(info).toMatchObject({ package: PACKAGE_NAME, priority: 500 });
    expect(info.capabilities).toMatchObject({ training: true, conv: true, gpu: true });
  });

  it.skipIf(enabled)('reports why it cannot run here, and getBackend fails with that reason', async () => {
    const probe = await probeTfjsNodeGpu();
    expect(probe.available).toBe(false);
    const reason = probe.available ? '' : probe.reason;
    expect(reason).toMatch(/tfjs-node-gpu/);
    console.info(`tfjs-node-gpu is unavailable here: ${reason}`);
    await expect(getBackend('tfjs-node-gpu')).rejects.toThrow(BackendUnavailableError);
    await expect(getBackend('tfjs-node-gpu')).rejects.toThrow(reason);
  });
});

runConformanceSuite({
  name: 'tfjs-node-gpu',
  createBackend: () => getBackend('tfjs-node-gpu'),
  skip: enabled ? false : skipReason,
});
