import { convOutSize, ops, type Padding } from '@a3/core';
import type { PrimitiveCase } from './case';

/**
 * Geometries kept tiny (tfjs-cpu's conv kernels are slow). The 6x7 and 6x6 ones have an odd
 * total 'same' padding, where TF puts the extra row/column at the bottom/right.
 */
const GEOMETRIES: readonly {
  h: number;
  w: number;
  k: [number, number];
  s: [number, number];
  padding: Padding;
}[] = [
  { h: 5, w: 5, k: [3, 3], s: [1, 1], padding: 'same' },
  { h: 5, w: 5, k: [3, 3], s: [2, 2], padding: 'same' },
  { h: 5, w: 5, k: [3, 3], s: [1, 1], padding: 'valid' },
  { h: 5, w: 5, k: [3, 3], s: [2, 2], padding: 'valid' },
  { h: 6, w: 7, k: [2, 3], s: [1, 2], padding: 'same' },
  { h: 6, w: 6, k: [3, 3], s: [2, 2], padding: 'same' },
  { h: 4, w: 4, k: [1, 1], s: [2, 2], padding: 'same' },
];

const label = (g: (typeof GEOMETRIES)[number]) =>
  `${g.h}x${g.w} kernel ${g.k.join('x')} stride ${g.s.join(',')} ${g.padding}`;

const BATCHES = [1, 3] as const;

function convCases(): PrimitiveCase[] {
  const out: PrimitiveCase[] = [];
  const cin = 2;
  const cout = 3;
  for (const geo of GEOMETRIES) {
    const oh = convOutSize(geo.h, geo.k[0], geo.s[0], geo.padding);
    const ow = convOutSize(geo.w, geo.k[1], geo.s[1], geo.padding);
    const opts = { strides: geo.s, padding: geo.padding };
    out.push(
      {
        name: `Conv2D ${label(geo)}`,
        op: 'Conv2D',
        batches: BATCHES,
        inputs: { x: { shape: [-1, geo.h, geo.w, cin] }, w: { shape: [...geo.k, cin, cout] } },
        build: ({ x, w }) => ops.conv2d(x, w, opts),
      },
      {
        name: `Conv2DBackpropInput ${label(geo)}`,
        op: 'Conv2DBackpropInput',
        batches: BATCHES,
        inputs: { dy: { shape: [-1, oh, ow, cout] }, w: { shape: [...geo.k, cin, cout] } },
        build: ({ dy, w }) => ops.conv2dBackpropInput(dy, w, [geo.h, geo.w, cin], opts),
      },
      {
        name: `Conv2DBackpropFilter ${label(geo)}`,
        op: 'Conv2DBackpropFilter',
        batches: BATCHES,
        inputs: { x: { shape: [-1, geo.h, geo.w, cin] }, dy: { shape: [-1, oh, ow, cout] } },
        build: ({ x, dy }) => ops.conv2dBackpropFilter(x, dy, [geo.k[0], geo.k[1], cin, cout], opts),
      },
    );
  }
  return out;
}

const POOLS: readonly {
  h: number;
  w: number;
  pool: [number, number];
  s: [number, number];
  padding: Padding;
}[] = [
  { h: 4, w: 4, pool: [2, 2], s: [2, 2], padding: 'valid' },
  { h: 5, w: 5, pool: [2, 2], s: [2, 2], padding: 'valid' },
  { h: 5, w: 5, pool: [2, 2], s: [2, 2], padding: 'same' },
  { h: 5, w: 5, pool: [3, 3], s: [1, 1], padding: 'same' },
  { h: 5, w: 6, pool: [2, 3], s: [1, 2], padding: 'valid' },
  { h: 5, w: 5, pool: [3, 3], s: [2, 2], padding: 'same' },
];

function poolCases(): PrimitiveCase[] {
  const out: PrimitiveCase[] = [];
  for (const p of POOLS) {
    const name = `${p.h}x${p.w} pool ${p.pool.join('x')} stride ${p.s.join(',')} ${p.padding}`;
    const opts = { poolSize: p.pool, strides: p.s, padding: p.padding };
    const oh = convOutSize(p.h, p.pool[0], p.s[0], p.padding);
    const ow = convOutSize(p.w, p.pool[1], p.s[1], p.padding);
    // Distinct values: which element is "the" maximum must not depend on rounding.
    const x = { shape: [-1, p.h, p.w, 2], gen: { min: -2, distinct: 0.01 } };
    out.push(
      {
        name: `MaxPool2D ${name}`,
        op: 'MaxPool2D',
        batches: BATCHES,
        inputs: { x },
        build: ({ x: t }) => ops.maxPool2d(t, opts),
      },
      {
        name: `MaxPoolGrad ${name}`,
        op: 'MaxPoolGrad',
        batches: BATCHES,
        inputs: { x, dy: { shape: [-1, oh, ow, 2] } },
        build: ({ x: t, dy }) => ops.maxPoolGrad(t, ops.maxPool2d(t, opts), dy, opts),
      },
    );
  }
  out.push({
    name: 'MaxPool2D all-negative windows with same padding (pads are -inf, not 0)',
    op: 'MaxPool2D',
    batches: [2],
    inputs: { x: { shape: [-1, 3, 3, 1], gen: { min: -5, max: -1 } } },
    build: ({ x }) => ops.maxPool2d(x, { poolSize: 2, strides: 2, padding: 'same' }),
  });
  out.push({
    name: 'MaxPoolGrad routes ties to the first maximum',
    op: 'MaxPoolGrad',
    batches: [2],
    inputs: {
      x: { shape: [-1, 4, 4, 1], gen: { min: 0, max: 2, integers: true } },
      dy: { shape: [-1, 2, 2, 1] },
    },
    build: ({ x, dy }) => ops.maxPoolGrad(x, ops.maxPool2d(x), dy),
  });
  for (const scale of [2, [2, 3]] as const) {
    out.push({
      name: `UpSampling2D scale ${String(scale)} [N,2,3,2]`,
      op: 'UpSampling2D',
      batches: BATCHES,
      inputs: { x: { shape: [-1, 2, 3, 2] } },
      build: ({ x }) => ops.upSampling2d(x, scale),
    });
  }
  return out;
}

export function convPrimitiveCases(): PrimitiveCase[] {
  return [...convCases(), ...poolCases()];
}
