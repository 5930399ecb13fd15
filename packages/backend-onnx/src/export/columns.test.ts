import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Graph, InvalidArgumentError, ops, TensorData } from '@a3/core';
import { decodeModel } from '../proto/decode';
import { DataType } from '../proto/types';
import type { ExportColumns } from './columns';
import { exportOnnx } from './export';

/** features [N, 5] → "echo" (the features themselves) and "score" = features · [1, 2, 3, 4, 5]. */
function model(): Graph {
  const g = new Graph('cols');
  const x = g.input('features', [-1, 5]);
  const w = g.variable('w', TensorData.float32([5, 1], [1, 2, 3, 4, 5]));
  g.output('echo', ops.add(x, 0));
  g.output('score', ops.reshape(ops.matMul(x, w), [-1]));
  return g;
}

const COLUMNS: ExportColumns = {
  input: 'features',
  columns: [
    { name: 'a', kind: 'numeric' },
    { name: 'site', kind: 'categorical', categories: ['north', 'south', 'east'] },
    { name: 'b', kind: 'numeric' },
  ],
};

describe('exportOnnx with columns', () => {
  it('takes one [N, 1] input per raw column and one-hot encodes strings inside the graph (unseen → zeros)', async () => {
    const bytes = exportOnnx(model(), {}, { outputs: ['echo', 'score'], columns: COLUMNS });
    const m = decodeModel(bytes);
    expect(m.opsetImports).toEqual([
      { domain: '', version: 18 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(m.graph.inputs.map((i) => [i.name, i.type?.elemType, i.type?.shape])).toEqual([
      ['a', DataType.FLOAT, ['N', 1]],
      ['site', DataType.STRING, ['N', 1]],
      ['b', DataType.FLOAT, ['N', 1]],
    ]);
    expect(m.graph.nodes.find((n) => n.opType === 'LabelEncoder')?.domain).toBe('ai.onnx.ml');

    const session = await ort.InferenceSession.create(bytes);
    const site = ['south', 'west', 'north', 'east', ''];
    const a = Float32Array.of(1.5, -2, 0, 3, 4);
    const b = Float32Array.of(7, 8, 9, 10, 11);
    const r = await session.run({
      a: new ort.Tensor('float32', a, [5, 1]),
      site: new ort.Tensor('string', site, [5, 1]),
      b: new ort.Tensor('float32', b, [5, 1]),
    });
    // The float64 reference: a, one-hot over [north, south, east] (none for unseen), b.
    const cats = ['north', 'south', 'east'];
    const want = site.map((s, i) => [a[i], ...cats.map((c) => (c === s ? 1 : 0)), b[i]]);
    expect(Array.from(r.echo.data as Float32Array)).toEqual(want.flat());
    expect(Array.from(r.score.data as Float32Array)).toEqual(
      want.map((row) => row.reduce((s, v, j) => s + v * (j + 1), 0)),
    );
    await session.release();
  });

  it('refuses columns that do not fit the input or clash with other names', () => {
    const g = model();
    const narrow: ExportColumns = { input: 'features', columns: COLUMNS.columns.slice(0, 2) };
    expect(() => exportOnnx(g, {}, { columns: narrow })).toThrow(/the columns give \[N, 4\]/);
    const clash: ExportColumns = {
      input: 'features',
      columns: [...COLUMNS.columns.slice(0, 2), { name: 'score', kind: 'numeric' }],
    };
    expect(() => exportOnnx(g, {}, { columns: clash })).toThrow(InvalidArgumentError);
    const twice: ExportColumns = {
      input: 'features',
      columns: [
        { name: 'a', kind: 'numeric' },
        { name: 'site', kind: 'categorical', categories: ['x', 'x', 'y'] },
        { name: 'b', kind: 'numeric' },
      ],
    };
    expect(() => exportOnnx(g, {}, { columns: twice })).toThrow(/lists a category twice/);
    expect(() => exportOnnx(g, {}, { columns: { ...COLUMNS, input: 'nope' } })).toThrow(/does not have/);
  });
});
