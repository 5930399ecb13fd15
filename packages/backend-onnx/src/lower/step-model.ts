import type { Graph, RunPlan, TensorData } from '@a3/core';
import { boolTensor } from '../proto/tensor';
import { DataType, type ModelProto, type ValueInfoProto } from '../proto/types';
import { attr, GraphBuilder } from './builder';
import { binder, lowerNodes, wrapModel } from './lower';
import { bindOutputs, graphOf, valueInfo } from './values';

/** ONNX value names of the models the executable runs (never seen by users). */
export const RUN_NAMES = {
  input: (n: string) => `in/${n}`,
  variable: (n: string) => `var/${n}`,
  output: (n: string) => `out/${n}`,
  update: (n: string) => `upd/${n}`,
  steps: 'steps',
};

/** A model for one run plan plus what to feed and fetch. */
export interface StepModel {
  model: ModelProto;
  /** Variables fed as graph inputs (read by the plan, or carried through a Loop). */
  variables: readonly string[];
  /** True for a `Loop` model: inputs are stacked along a leading steps axis. */
  looped: boolean;
}

function variableInfo(graph: Graph, name: string, onnxName: string): ValueInfoProto {
  const v = graph.variables.get(name)!;
  return valueInfo(onnxName, v.tensor.dtype, v.tensor.shape);
}

/**
 * One training/inference step as an ONNX model: feeds and variables are graph inputs (never
 * initializers, which ORT would not feed), requested outputs and updated variable values are
 * graph outputs; the executable keeps the variables between runs.
 * With `frozen` values (an inference plan: no updates), variables become initializers
 * instead, so ORT can constant-fold weight transposes and pre-pack Gemm weights.
 */
export function buildStepModel(
  graph: Graph,
  plan: RunPlan,
  frozen?: ReadonlyMap<string, TensorData>,
): StepModel {
  const b = new GraphBuilder('#');
  const bindVariable = frozen
    ? (n: string) => b.initializer(RUN_NAMES.variable(n), frozen.get(n)!)
    : RUN_NAMES.variable;
  const values = lowerNodes(b, plan.nodes, binder(b, RUN_NAMES.input, bindVariable));
  const outs = plan.outputs.map((o) => ({
    name: RUN_NAMES.output(o),
    value: values.get(graph.outputs.get(o)!.id)!.name,
  }));
  const ups = plan.updates.map((u) => ({
    name: RUN_NAMES.update(u.variable),
    value: values.get(u.value.id)!.name,
  }));
  bindOutputs(b, [...outs, ...ups]);
  const inputs = [
    ...plan.inputs.map((n) => {
      const t = graph.inputs.get(n)!;
      return valueInfo(RUN_NAMES.input(n), t.dtype, t.shape);
    }),
    // Frozen variables are initializers only: ORT treats an initializer that is also a graph
    // input as overridable, never as a constant (no constant folding, no pre-packed weights).
    ...(frozen ? [] : plan.variables.map((n) => variableInfo(graph, n, RUN_NAMES.variable(n)))),
  ];
  const outputs = [
    ...plan.outputs.map((o) => {
      const t = graph.outputs.get(o)!;
      return valueInfo(RUN_NAMES.output(o), t.dtype, t.shape);
    }),
    ...plan.updates.map((u) => variableInfo(graph, u.variable, RUN_NAMES.update(u.variable))),
  ];
  return {
    model: wrapModel(graphOf(b, graph.name, inputs, outputs)),
    variables: frozen ? [] : plan.variables,
    looped: false,
  };
}

/**
 * K steps in one `Loop`: each input is fed stacked as [K, ...] and the body Gathers step i's
 * slice; updated variables are loop-carried, so state stays inside ORT for all K steps;
 * requested outputs come back stacked as scan outputs. Variables the plan reads but never
 * updates are read from the outer scope.
 */
export function buildLoopModel(graph: Graph, plan: RunPlan): StepModel {
  const body = new GraphBuilder('#b');
  const carried = plan.updates.map((u) => u.variable);
  const isCarried = new Set(carried);
  const iter = 'b/iter';
  const condIn = 'b/cond';
  const bodyVar = (n: string) => `b/var/${n}`;
  const values = lowerNodes(
    body,
    plan.nodes,
    binder(
      body,
      (n) => body.op('Gather', [RUN_NAMES.input(n), iter], [attr.int('axis', 0)]),
      (n) => (isCarried.has(n) ? bodyVar(n) : RUN_NAMES.variable(n)),
    ),
  );
  const outs = plan.outputs.map((o) => ({
    name: `b/out/${o}`,
    value: values.get(graph.outputs.get(o)!.id)!.name,
  }));
  const ups = plan.updates.map((u) => ({ name: `b/upd/${u.variable}`, value: values.get(u.value.id)!.name }));
  bindOutputs(body, [{ name: 'b/cond_out', value: condIn }, ...ups, ...outs]);
  const bodyGraph = graphOf(
    body,
    `${graph.name}_step`,
    [
      { name: iter, type: { elemType: DataType.INT64, shape: [] } },
      { name: condIn, type: { elemType: DataType.BOOL, shape: [] } },
      ...carried.map((n) => variableInfo(graph, n, bodyVar(n))),
    ],
    [
      { name: 'b/cond_out', type: { elemType: DataType.BOOL, shape: [] } },
      ...carried.map((n) => variableInfo(graph, n, `b/upd/${n}`)),
      ...plan.outputs.map((o) => {
        const t = graph.outputs.get(o)!;
        return valueInfo(`b/out/${o}`, t.dtype, t.shape);
      }),
    ],
  );

  const main = new GraphBuilder('#');
  main.initializers.push(boolTensor('cond_true', [], [true]));
  main.nodeN(
    'Loop',
    [RUN_NAMES.steps, 'cond_true', ...carried.map(RUN_NAMES.variable)],
    [...carried.map(RUN_NAMES.update), ...plan.outputs.map(RUN_NAMES.output)],
    [attr.graph('body', bodyGraph)],
  );
  const fed = [...new Set([...plan.variables, ...carried])];
  const inputs = [
    { name: RUN_NAMES.steps, type: { elemType: DataType.INT64, shape: [] } },
    ...plan.inputs.map((n) => {
      const t = graph.inputs.get(n)!;
      return valueInfo(RUN_NAMES.input(n), t.dtype, t.shape, ['K']);
    }),
    ...fed.map((n) => variableInfo(graph, n, RUN_NAMES.variable(n))),
  ];
  const outputs = [
    ...carried.map((n) => variableInfo(graph, n, RUN_NAMES.update(n))),
    ...plan.outputs.map((o) => {
      const t = graph.outputs.get(o)!;
      return valueInfo(RUN_NAMES.output(o), t.dtype, t.shape, ['K']);
    }),
  ];
  return {
    model: wrapModel(graphOf(main, `${graph.name}_loop`, inputs, outputs)),
    variables: fed,
    looped: true,
  };
}
