import { convOutSize, type Padding } from '@a3/core';
import { f64, type F64Tensor } from './f64';

/** Output size and leading pad of one spatial dimension, exactly as TensorFlow pads. */
export function spatialPadding(
  size: number,
  kernel: number,
  stride: number,
  padding: Padding,
): { out: number; before: number } {
  const out = convOutSize(size, kernel, stride, padding);
  if (padding === 'valid') return { out, before: 0 };
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return { out, before: Math.floor(total / 2) };
}

interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  o: number;
  oh: number;
  ow: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

function geometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: readonly [number, number],
  padding: Padding,
): ConvGeometry {
  const [n, h, w, c] = xShape;
  const [kh, kw, , o] = filterShape;
  const ph = spatialPadding(h, kh, strides[0], padding);
  const pw = spatialPadding(w, kw, strides[1], padding);
  return {
    n,
    h,
    w,
    c,
    kh,
    kw,
    o,
    oh: ph.out,
    ow: pw.out,
    sh: strides[0],
    sw: strides[1],
    top: ph.before,
    left: pw.before,
  };
}

/**
 * Visits every (batch, output pixel, tap) that reads an in-bounds input pixel. The forward
 * conv and both backprops are the same sum over this set, so they share this loop.
 */
function forEachTap(g: ConvGeometry, f: (xBase: number, yBase: number, wBase: number) => void): void {
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const yBase = ((b * g.oh + oy) * g.ow + ox) * g.o;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sh - g.top + ky;
          if (iy < 0 || iy >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.sw - g.left + kx;
            if (ix < 0 || ix >= g.w) continue;
            f(((b * g.h + iy) * g.w + ix) * g.c, yBase, (ky * g.kw + kx) * g.c * g.o);
          }
        }
      }
    }
  }
}

export function conv2d(
  x: F64Tensor,
  filter: F64Tensor,
  strides: [number, number],
  padding: Padding,
): F64Tensor {
  const g = geometry(x.shape, filter.shape, strides, padding);
  const y = f64([g.n, g.oh, g.ow, g.o]);
  forEachTap(g, (xb, yb, wb) => {
    for (let ci = 0; ci < g.c; ci++) {
      const xv = x.data[xb + ci];
      for (let co = 0; co < g.o; co++) y.data[yb + co] += xv * filter.data[wb + ci * g.o + co];
    }
  });
  return y;
}

export function conv2dBackpropInput(
  dy: F64Tensor,
  filter: F64Tensor,
  inputShape: readonly [number, number, number],
  strides: [number, number],
  padding: Padding,
): F64Tensor {
  const xShape = [dy.shape[0], ...inputShape];
  const g = geometry(xShape, filter.shape, strides, padding);
  const dx = f64(xShape);
  forEachTap(g, (xb, yb, wb) => {
    for (let ci = 0; ci < g.c; ci++) {
      let s = 0;
      for (let co = 0; co < g.o; co++) s += dy.data[yb + co] * filter.data[wb + ci * g.o + co];
      dx.data[xb + ci] += s;
    }
  });
  return dx;
}

export function conv2dBackpropFilter(
  x: F64Tensor,
  dy: F64Tensor,
  filterShape: readonly [number, number, number, number],
  strides: [number, number],
  padding: Padding,
): F64Tensor {
  const g = geometry(x.shape, filterShape, strides, padding);
  const dw = f64(filterShape);
  forEachTap(g, (xb, yb, wb) => {
    for (let ci = 0; ci < g.c; ci++) {
      const xv = x.data[xb + ci];
      for (let co = 0; co < g.o; co++) dw.data[wb + ci * g.o + co] += xv * dy.data[yb + co];
    }
  });
  return dw;
}

/** Flat input index of the first maximum of each pooling window, per output element. */
function poolArgmax(
  x: F64Tensor,
  poolSize: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
): { shape: number[]; argmax: Int32Array } {
  const [n, h, w, c] = x.shape;
  const ph = spatialPadding(h, poolSize[0], strides[0], padding);
  const pw = spatialPadding(w, poolSize[1], strides[1], padding);
  const shape = [n, ph.out, pw.out, c];
  const argmax = new Int32Array(n * ph.out * pw.out * c).fill(-1);
  let k = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ph.out; oy++) {
      for (let ox = 0; ox < pw.out; ox++) {
        for (let ch = 0; ch < c; ch++, k++) {
          let best = -Infinity;
          for (let ky = 0; ky < poolSize[0]; ky++) {
            const iy = oy * strides[0] - ph.before + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < poolSize[1]; kx++) {
              const ix = ox * strides[1] - pw.before + kx;
              if (ix < 0 || ix >= w) continue;
              const at = ((b * h + iy) * w + ix) * c + ch;
              if (x.data[at] > best || argmax[k] < 0) {
                best = x.data[at];
                argmax[k] = at;
              }
            }
          }
        }
      }
    }
  }
  return { shape, argmax };
}

export function maxPool2d(
  x: F64Tensor,
  poolSize: [number, number],
  strides: [number, number],
  padding: Padding,
): F64Tensor {
  const { shape, argmax } = poolArgmax(x, poolSize, strides, padding);
  const y = f64(shape);
  argmax.forEach((at, k) => (y.data[k] = at < 0 ? -Infinity : x.data[at]));
  return y;
}

/** Routes each window's gradient to its first maximum, as TensorFlow's MaxPoolGrad does. */
export function maxPoolGrad(
  x: F64Tensor,
  dy: F64Tensor,
  poolSize: [number, number],
  strides: [number, number],
  padding: Padding,
): F64Tensor {
  const { argmax } = poolArgmax(x, poolSize, strides, padding);
  const dx = f64(x.shape);
  argmax.forEach((at, k) => {
    if (at >= 0) dx.data[at] += dy.data[k];
  });
  return dx;
}

export function upSampling2d(x: F64Tensor, scale: [number, number]): F64Tensor {
  const [n, h, w, c] = x.shape;
  const [sh, sw] = scale;
  const y = f64([n, h * sh, w * sw, c], x.dtype);
  let k = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < h * sh; oy++) {
      for (let ox = 0; ox < w * sw; ox++) {
        const src = ((b * h + Math.floor(oy / sh)) * w + Math.floor(ox / sw)) * c;
        for (let ch = 0; ch < c; ch++) y.data[k++] = x.data[src + ch];
      }
    }
  }
  return y;
}
