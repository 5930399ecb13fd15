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
   * Compute Conv2DBackpropFilter as a dilated conv2d of transposed tensors: wasm lacks that
   * kernel, and on cpu it is ~7× faster than the cpu kernel (a conv AE step at batch 16).
   */
  conv2dBackpropFilterViaConv2d: boolean;
  /**
   * Compute stride-1 Conv2DBackpropInput as a conv2d with the rotated filter (wasm's kernel is
   * 7–20× slower than its Conv2D).
   */
  conv2dBackpropInputViaConv2d: boolean;
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
