import {
  GraphError,
  SOURCE_OPS,
  type DType,
  type Feeds,
  type Graph,
  type Node,
  type RunPlan,
} from '@a3/core';
import { lowerNode } from '../lowering/lower';
import type { Kernel, KernelContext, LoweringOptions } from '../lowering/types';
import type { TfModule, TfTensor, TfVariable } from '../tf-module';

/** What a program reads from its executable: backend-resident state and constants. */
export interface ProgramState {
  readonly context: KernelContext;
  variable(name: string): TfVariable;
  constant(nodeId: number): TfTensor;
}

interface Step {
  readonly node: Node;
  readonly slot: number;
  readonly inputs: readonly number[];
  readonly kernel: Kernel;
  /** Slots whose last reader is this step: disposed right after it, to keep peak memory low. */
  readonly free: readonly number[];
}

/** The tensors one evaluation leaves alive: the caller reads, assigns and then disposes them. */
// A type alias, not an interface: tf.tidy accepts it as a TensorContainer and keeps its tensors.
export type Evaluation = {
  outputs: TfTensor[];
  updates: TfTensor[];
};

/**
 * One run plan lowered once: nodes in evaluation order over compact slots, each bound to its
 * kernel, with precomputed lifetimes. Built per distinct (outputs, updates) request and cached
 * by the executable, so a training step pays no planning or lowering cost.
 */
export class Program {
  readonly outputs: readonly { readonly name: string; readonly slot: number; readonly dtype: DType }[];
  readonly updates: readonly { readonly variable: TfVariable; readonly slot: number }[];
  private readonly slotCount: number;
  private readonly feeds: readonly { readonly slot: number; readonly name: string }[];
  private readonly sources: readonly { readonly slot: number; readonly tensor: TfTensor }[];
  private readonly isSource: Uint8Array;
  private readonly steps: readonly Step[];

  constructor(
    private readonly tf: TfModule,
    readonly plan: RunPlan,
    graph: Graph,
    state: ProgramState,
    lowering: LoweringOptions,
    compiledNodes: number,
  ) {
    const slotOf = new Map<number, number>();
    plan.nodes.forEach((n, i) => slotOf.set(n.id, i));
    this.slotCount = plan.nodes.length;
    this.isSource = new Uint8Array(this.slotCount);
    const feeds: { slot: number; name: string }[] = [];
    const sources: { slot: number; tensor: TfTensor }[] = [];
    const steps: { node: Node; slot: number; inputs: number[]; kernel: Kernel; free: number[] }[] = [];
    for (const [slot, node] of plan.nodes.entries()) {
      if (node.id >= compiledNodes) {
        throw new GraphError(
          `Graph "${graph.name}" gained node #${node.id} (${node.op}) after it was compiled; compile it again.`,
        );
      }
      if (node.op === 'Input') feeds.push({ slot, name: node.attrs.name });
      else if (node.op === 'Variable') sources.push({ slot, tensor: state.variable(node.attrs.name) });
      else if (node.op === 'Const') sources.push({ slot, tensor: state.constant(node.id) });
      if (SOURCE_OPS.has(node.op)) {
        if (node.op !== 'Input') this.isSource[slot] = 1;
        continue;
      }
      const inputs = node.inputs.map((id) => slotOf.get(id)!);
      steps.push({ node, slot, inputs, kernel: lowerNode(tf, node, lowering, state.context), free: [] });
    }
    this.outputs = plan.outputs.map((name) => {
      const t = graph.outputs.get(name)!;
      return { name, slot: slotOf.get(t.id)!, dtype: t.dtype };
    });
    this.updates = plan.updates.map((u) => ({
      variable: state.variable(u.variable),
      slot: slotOf.get(u.value.id)!,
    }));
    // Lifetimes: a computed or fed value dies after its last reader unless it is a result.
    const keep = new Uint8Array(this.slotCount);
    for (const r of [...this.outputs, ...this.updates]) keep[r.slot] = 1;
    const lastReader = new Int32Array(this.slotCount).fill(-1);
    steps.forEach((s, i) => s.inputs.forEach((slot) => (lastReader[slot] = i)));
    lastReader.forEach((stepIndex, slot) => {
      if (stepIndex >= 0 && !keep[slot] && !this.isSource[slot]) steps[stepIndex].free.push(slot);
    });
    this.feeds = feeds;
    this.sources = sources;
    this.steps = steps;
  }

  /**
   * Evaluates the plan. Must run inside `tf.tidy` (which also catches the temporaries that
   * multi-op lowerings make); the returned tensors are new handles the caller disposes.
   */
  evaluate(feeds: Feeds): Evaluation {
    const tf = this.tf;
    const v: TfTensor[] = new Array<TfTensor>(this.slotCount);
    for (const s of this.sources) v[s.slot] = s.tensor;
    let current: Step | undefined;
    try {
      for (const f of this.feeds) {
        const d = feeds[f.name];
        v[f.slot] = tf.tensor(d.data, d.shape as number[], d.dtype);
      }
      for (const step of this.steps) {
        current = step;
        const xs = step.inputs.map((slot) => v[slot]);
        let y = step.kernel(xs);
        // A kernel may hand back an input unchanged (e.g. a reduction over no axes); a new
        // handle keeps lifetimes independent.
        if (xs.includes(y)) y = tf.clone(y);
        v[step.slot] = y;
        for (const slot of step.free) v[slot].dispose();
      }
    } catch (err) {
      const n = current?.node;
      const where = n ? `${n.op} (node #${n.id})` : 'feeding inputs';
      throw new Error(`tfjs kernel failed at ${where}: ${(err as Error).message}`, { cause: err });
    }
    // Results that are variables or constants are returned as new handles, so the caller can
    // dispose every result without touching backend state.
    const result = (slot: number) => (this.isSource[slot] ? tf.clone(v[slot]) : v[slot]);
    return {
      outputs: this.outputs.map((o) => result(o.slot)),
      updates: this.updates.map((u) => result(u.slot)),
    };
  }
}

/** The cache key of a run request: which outputs, which update groups, against which graph state. */
export function programKey(
  graph: Graph,
  outputs?: readonly string[],
  updates?: boolean | readonly string[],
): string {
  const o = outputs ? `o:${outputs.join('\u0000')}` : `all:${graph.outputs.size}`;
  const u =
    updates === undefined || updates === true ? 'T' : updates === false ? 'F' : `g:${updates.join('\u0000')}`;
  return `${o}|${u}|${graph.updates.length}`;
}
