import type { TfTensor } from '../tf-module';

/** One node's computation, bound to its attributes once per plan: inputs in, output out. */
export type Kernel = (inputs: readonly TfTensor[]) => TfTensor;

/** Per-kernel-backend lowering choices; the defaults suit cpu and TensorFlow (tfjs-node). */
export interface LoweringOptions {
  /**
   * Transpose MatMul operands with an explicit Transpose instead of BatchMatMul's transpose
   * flags. On wasm the flagged BatchMatMul is ~10× slower than transposing first.
   */
  transposeMatMulOperands: boolean;
  /**
   * Compute Conv2DBackpropFilter as a dilated conv2d of transposed tensors, for kernel
   * backends that lack that kernel (wasm).
   */
  conv2dBackpropFilterViaConv2d: boolean;
  /**
   * Compute MaxPoolGrad from comparisons so ties go to the first max of a window (as in TF);
   * wasm's MaxPoolGrad kernel routes them to the last.
   */
  maxPoolGradFirstMax: boolean;
}

/** Run-time state a kernel may read: the number of earlier draws of a random node. */
export interface KernelContext {
  /** Returns how many times `nodeId` drew before and counts this draw. */
  nextDraw(nodeId: number): number;
}
