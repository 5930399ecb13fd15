import { describe, expect, it } from 'vitest';
import { cpus } from 'node:os';
import { InvalidArgumentError } from '@a3/core';
import { createOnnxBackend } from './backend';
import { resolveOptions } from './options';

describe('onnx compile options', () => {
  it('defaults: all cores, optimisation "all", sequential, cpu EP, no spinning, 16 steps per Loop', () => {
    const o = resolveOptions({});
    expect(o.threads).toBe(cpus().length);
    expect(o.stepsPerRun).toBe(16);
    expect(o.session).toMatchObject({
      intraOpNumThreads: cpus().length,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      executionProviders: ['cpu'],
      extra: { 'session.intra_op.allow_spinning': '0' },
    });
  });

  it('per-compile options override backend defaults; executionProviders and raw config pass through', () => {
    const o = resolveOptions(
      { threads: 3, executionProviders: ['cuda', 'cpu'] },
      { threads: 1, allowSpinning: true, sessionConfig: { 'session.set_denormal_as_zero': '1' } },
    );
    expect(o.session.intraOpNumThreads).toBe(1);
    expect(o.session.executionProviders).toEqual(['cuda', 'cpu']);
    expect(o.session.extra).toEqual({
      'session.intra_op.allow_spinning': '1',
      'session.set_denormal_as_zero': '1',
    });
  });

  it('rejects bad values with a typed error naming the option', async () => {
    expect(() => resolveOptions({}, { threads: 0 })).toThrow(InvalidArgumentError);
    expect(() => resolveOptions({}, { stepsPerRun: 1.5 })).toThrow(/stepsPerRun/);
    await expect(createOnnxBackend({ threads: -1 })).rejects.toThrow(/threads/);
  });

  it('describe() reports what a run will use', async () => {
    const d = (await createOnnxBackend({ threads: 1 })).describe();
    expect(d).toMatchObject({
      backend: 'onnx',
      threads: 1,
      executionProviders: 'cpu',
      allowSpinning: false,
      opset: 18,
    });
    expect(String(d.supportedProviders)).toContain('cpu');
  });
});
