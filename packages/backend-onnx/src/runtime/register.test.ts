import { describe, expect, it } from 'vitest';
import { getBackend, listBackends } from '@a3/core';
import '../index';
import { ONNX_CAPABILITIES } from './backend';
import { probeOnnx } from './register';

describe('onnx backend registration', () => {
  it('registers "onnx" at priority 400 with its capabilities on import', async () => {
    const info = (await listBackends()).find((b) => b.name === 'onnx');
    expect(info).toMatchObject({
      available: true,
      priority: 400,
      package: '@a3/backend-onnx',
      capabilities: ONNX_CAPABILITIES,
    });
    expect(ONNX_CAPABILITIES).toEqual({
      training: true,
      conv: true,
      gpu: false,
      fusedSteps: true,
      onnxExport: true,
    });
  });

  it('getBackend("onnx") describes ORT version and threads', async () => {
    const b = await getBackend('onnx');
    expect(b.name).toBe('onnx');
    const d = b.describe();
    expect(d.onnxruntime).toBe('1.30.0');
    expect(d.threads).toBeGreaterThanOrEqual(1);
    expect(d.opset).toBe(18);
    expect(await probeOnnx()).toEqual({ available: true });
  });
});
