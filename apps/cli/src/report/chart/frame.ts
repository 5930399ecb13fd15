import { escapeHtml } from '../html/escape';

/** A line, area or marker inside a plot, already in SVG markup. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** Dashed lines (chance levels, thresholds) get a dashed swatch. */
  readonly dashed?: boolean;
  /** Filled series (histogram bars) get a square swatch. */
  readonly filled?: boolean;
}

/** An axis tick at `value` (data units) printed as `label`. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface FrameSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly legend: readonly LegendEntry[];
  /** Ticks of a non-linear axis (a log scale); default: about five round values of the domain. */
  readonly yTicks?: readonly Tick[];
}

const WIDTH = 460;
const PLOT_HEIGHT = 256;
const MARGIN = { top: 10, right: 18, bottom: 46, left: 56 };
const INNER_W = WIDTH - MARGIN.left - MARGIN.right;
const HEIGHT = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
const CLIP_PAD = 2;

/** Maps data coordinates to SVG pixels, clamped to the plot area. */
export interface Scale {
  x(v: number): number;
  y(v: number): number;
}

export function scaleOf(spec: FrameSpec): Scale {
  const [x0, x1] = spec.xDomain;
  const [y0, y1] = spec.yDomain;
  return {
    x: (v) => MARGIN.left + clamp01((v - x0) / (x1 - x0)) * INNER_W,
    y: (v) => MARGIN.top + PLOT_HEIGHT - clamp01((v - y0) / (y1 - y0)) * PLOT_HEIGHT,
  };
}

/** Pixel coordinates with one decimal: sharp enough on screen, a third of the bytes. */
export function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * A chart as a <figure>: its title and legend in HTML, where the browser wraps them to the panel's
 * width (text inside an SVG never wraps, and a long detector name ran out of the panel), then an
 * inline <svg> with grid, axes and tick labels around `body` (the series, drawn with
 * `scaleOf(spec)`). The plot area clips the series so a curve never paints over the tick labels.
 */
export function renderFrame(spec: FrameSpec, body: string, id: string): string {
  const scale = scaleOf(spec);
  const xTicks = niceTicks(spec.xDomain[0], spec.xDomain[1], 5).map((v) => ({
    value: v,
    label: formatTick(v),
  }));
  const yTicks =
    spec.yTicks ??
    niceTicks(spec.yDomain[0], spec.yDomain[1], 5).map((v) => ({ value: v, label: formatTick(v) }));
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = top + PLOT_HEIGHT;
  const grid = [
    ...xTicks.map(
      (t) =>
        `<line class="grid" x1="${px(scale.x(t.value))}" y1="${top}" x2="${px(scale.x(t.value))}" y2="${bottom}"/>` +
        `<text class="tick" x="${px(scale.x(t.value))}" y="${bottom + 16}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    ),
    ...yTicks.map(
      (t) =>
        `<line class="grid" x1="${left}" y1="${px(scale.y(t.value))}" x2="${right}" y2="${px(scale.y(t.value))}"/>` +
        `<text class="tick" x="${left - 7}" y="${px(scale.y(t.value) + 4)}" text-anchor="end">${escapeHtml(t.label)}</text>`,
    ),
  ].join('');
  const svgId = escapeHtml(id);
  const clipId = `clip-${svgId}`;
  return [
    '<figure class="card chart-card">',
    `<figcaption class="chart-title" id="${svgId}-title">${escapeHtml(spec.title)}</figcaption>`,
    `<ul class="legend">${spec.legend.map(renderLegendEntry).join('')}</ul>`,
    `<svg class="chart" id="${svgId}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${svgId}-title">`,
    `<title>${escapeHtml(spec.title)}</title>`,
    // The clip reaches a stroke's half-width past the axes, so a perfect ROC curve (up the
    // left edge, along the top) is drawn over them instead of being cut in half under them.
    `<defs><clipPath id="${clipId}"><rect x="${left - CLIP_PAD}" y="${top - CLIP_PAD}" width="${INNER_W + 2 * CLIP_PAD}" height="${PLOT_HEIGHT + 2 * CLIP_PAD}"/></clipPath></defs>`,
    grid,
    `<rect class="axis" x="${left}" y="${top}" width="${INNER_W}" height="${PLOT_HEIGHT}" fill="none"/>`,
    `<g clip-path="url(#${clipId})">${body}</g>`,
    `<text class="axis-label" x="${px(left + INNER_W / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(14 ${px(top + PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`,
    '</svg>',
    '</figure>',
  ].join('');
}

function renderLegendEntry(entry: LegendEntry): string {
  const kind = entry.filled ? 'filled' : entry.dashed ? 'dashed' : 'line';
  return `<li><span class="swatch ${kind}" style="--c:${escapeHtml(entry.color)}"></span>${escapeHtml(entry.label)}</li>`;
}

/**
 * About `count` round tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, choosing the
 * factor nearest on a log scale to span / count (the rule d3's ticks use).
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  const step = factor * power;
  const ticks: number[] = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    // Multiply, never accumulate: 0.1 + 0.1 + 0.1 would print as 0.30000000000000004.
    ticks.push(i * step);
  }
  return ticks;
}

function formatTick(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
