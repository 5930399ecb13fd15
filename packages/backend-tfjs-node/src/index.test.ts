import { getBackend, listBackends } from '@a3/core';
import { runConformanceSuite } from '@a3/backend-testkit';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index';

const enabled = process.env.A3_TFJS_NODE === '1';
const skipReason =
  process.env.A3_TFJS_NODE_SKIP_REASON ||
  'A3_TFJS_NODE is not set (`npm test` sets it after `npm run setup:tfjs-node` built the native addon)';

describe('tfjs-node registration', () => {
  it('imports without loading the addon and registers tfjs-node at priority 300', async () => {
    const info = (await listBackends()).find((b) => b.name === 'tfjs-node')!;
    expect(info).toMatchObject({ package: PACKAGE_NAME, priority: 300 });
    expect(info.capabilities).toMatchObject({ training: true, conv: true, gpu: false, fusedSteps: false });
    if (enabled) expect(info).toMatchObject({ available: true });
    else if (!info.available) expect(info.reason).toMatch(/tfjs-node/);
  });

  it.runIf(enabled)('describes TensorFlow and the tensorflow kernel backend', async () => {
    const d = (await getBackend('tfjs-node')).describe();
    expect(d).toMatchObject({ backend: 'tfjs-node', kernel: 'tensorflow', tfjs: '4.22.0', gpu: false });
    expect(String(d.tensorflow)).toMatch(/^\d+\.\d+/);
  });
});

runConformanceSuite({
  name: 'tfjs-node',
  createBackend: () => getBackend('tfjs-node'),
  skip: enabled ? false : skipReason,
});
