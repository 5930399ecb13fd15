import { runConformanceSuite } from '@a3/backend-testkit';
import { createOnnxBackend, probeOnnx } from './index';

const probe = await probeOnnx();
runConformanceSuite({
  name: 'onnx',
  createBackend: () => createOnnxBackend({ threads: 1 }),
  skip: probe.available ? false : probe.reason,
});
