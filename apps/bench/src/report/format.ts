/** Number formatting shared by the markdown, text and SVG renderers. */

/** Milliseconds with precision that matches their size: 0.042, 3.21, 16.4, 2,612. */
export function fmtMs(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return fmtInt(ms);
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Rates (samples/s, GFLOP/s): three significant digits below 1000, grouped integers above. */
export function fmtRate(x: number): string {
  if (x >= 1000) return fmtInt(x);
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A ratio like 2.0× or 163×. */
export function fmtRatio(x: number): string {
  return x >= 10 ? `${Math.round(x)}×` : `${x.toFixed(1)}×`;
}

/** Seconds for wall times of whole runs: 0.8 s, 12.3 s, 95 s. */
export function fmtSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 100 ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}

/** A small difference such as 2.4e-7 (0 stays 0). */
export function fmtSci(x: number): string {
  return x === 0 ? '0' : x.toExponential(1);
}

/** Escapes text for a markdown table cell. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
