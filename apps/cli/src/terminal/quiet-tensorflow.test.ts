import { describe, expect, it } from 'vitest';
import { quietTensorflow, requestedBackend } from './quiet-tensorflow';

function quieted(argv: string[], env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const copy = { ...env };
  quietTensorflow(argv, copy);
  return copy;
}

describe('quietTensorflow', () => {
  it('silences TensorFlow’s logs and oneDNN notice when no TensorFlow backend is asked for', () => {
    for (const argv of [
      ['backends'],
      ['train', '--backend', 'onnx'],
      ['score', 'm', 'x.csv', '--backend=tfjs-wasm'],
    ]) {
      expect(quieted(argv)).toEqual({ TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: '0' });
    }
  });

  it('leaves the oneDNN choice to TensorFlow when tfjs-node(-gpu) is asked for', () => {
    expect(quieted(['train', '--backend', 'tfjs-node'])).toEqual({ TF_CPP_MIN_LOG_LEVEL: '2' });
    expect(quieted(['quickstart', '--backend=tfjs-node-gpu'])).toEqual({ TF_CPP_MIN_LOG_LEVEL: '2' });
    expect(quieted(['quickstart'], { A3_BACKEND: 'tfjs-node' })).toEqual({
      A3_BACKEND: 'tfjs-node',
      TF_CPP_MIN_LOG_LEVEL: '2',
    });
  });

  it('never overrides what the user set', () => {
    const env = { TF_CPP_MIN_LOG_LEVEL: '0', TF_ENABLE_ONEDNN_OPTS: '1' };
    expect(quieted(['backends'], env)).toEqual(env);
  });
});

describe('requestedBackend', () => {
  it('reads --backend, then A3_BACKEND; arguments after -- are not options', () => {
    expect(requestedBackend(['train', '--backend', 'onnx'], { A3_BACKEND: 'tfjs-node' })).toBe('onnx');
    expect(requestedBackend(['train'], { A3_BACKEND: 'tfjs-node' })).toBe('tfjs-node');
    expect(requestedBackend(['score', '--', '--backend', 'tfjs-node'], {})).toBeUndefined();
    expect(requestedBackend(['train'], { A3_BACKEND: '' })).toBeUndefined();
  });
});
