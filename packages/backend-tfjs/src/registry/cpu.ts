import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createTfjsBackend, type TfjsBackend } from '../backend/backend';

/**
 * tfjs-cpu: the pure-JavaScript kernels; slow, but always there. Its Conv2DBackpropFilter
 * kernel is the bottleneck of conv training; the same gradient as a conv2d of transposed
 * tensors makes a conv AE step ~7× faster.
 */
export async function createTfjsCpuBackend(): Promise<TfjsBackend> {
  const backend = createTfjsBackend(tf, {
    name: 'tfjs-cpu',
    kernel: 'cpu',
    lowering: { conv2dBackpropFilterViaConv2d: true },
  });
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not initialise its cpu kernel backend.');
  // The cpu kernels print a "install tfjs-node" banner on first use in Node; a3 picks its
  // backend on purpose (and lists the faster ones in `a3 backends`), so the banner is noise.
  const kernels = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (kernels && kernels.firstUse) kernels.firstUse = false;
  return backend;
}
