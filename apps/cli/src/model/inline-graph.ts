import { ShapeError, type Graph, type OpName, type Tensor } from '@a3/core';

/**
 * Copies every node of `source` into `target`, with `source`'s inputs fed by tensors of
 * `target` and its variables re-created with their current values; returns `source`'s outputs
 * as tensors of `target`. Lets the CLI put preprocessing ops in front of the graph the model
 * builds (A3Detector.scoreGraph) without knowing how that graph is made.
 */
export function inlineGraph(
  target: Graph,
  source: Graph,
  feeds: Record<string, Tensor>,
): Record<string, Tensor> {
  const mapped: Tensor[] = [];
  for (const node of source.nodes) {
    if (node.op === 'Input') {
      const name = node.attrs.name;
      const feed = feeds[name];
      if (!feed)
        throw new ShapeError(`inlineGraph: no tensor feeds input "${name}" of graph "${source.name}".`);
      if (feed.shape.join(',') !== node.shape.join(',') || feed.dtype !== node.dtype) {
        throw new ShapeError(
          `inlineGraph: input "${name}" is [${node.shape.join(', ')}] ${node.dtype}; the feed is [${feed.shape.join(', ')}] ${feed.dtype}.`,
        );
      }
      mapped[node.id] = feed;
    } else if (node.op === 'Variable') {
      const v = source.variables.get(node.attrs.name)!;
      mapped[node.id] = target.variable(v.name, v.initialValue, { trainable: v.trainable });
    } else {
      mapped[node.id] = target.addNode(
        node.op as OpName,
        node.inputs.map((id) => mapped[id]),
        node.attrs as never,
      );
    }
  }
  return Object.fromEntries([...source.outputs].map(([name, t]) => [name, mapped[t.id]]));
}
