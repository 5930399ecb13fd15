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

export interface FrameSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly legend: readonly LegendEntry[];
}

const WIDTH = 460;
const PLOT_HEIGHT = 256;
const MARGIN = { right: 18, bottom: 46, left: 56 };
const INNER_W = WIDTH - MARGIN.left - MARGIN.right;
const LEGEND_TOP = 40;
const LEGEND_ROW = 17;
// System fonts at 11.5px average under 6.3px a character; overestimating only wraps earlier.
const LEGEND_CHAR = 6.3;

/** Maps data coordinates to SVG pixels, clamped to the plot area. */
export interface Scale {
  x(v: number): number;
  y(v: number): number;
}

interface Layout {
  readonly top: number;
  readonly height: number;
  readonly legend: ReadonlyArray<{ entry: LegendEntry; x: number; y: number }>;
}

/** Legend entries flow left to right and wrap; the plot starts below the last legend row. */
function layoutOf(spec: FrameSpec): Layout {
  const legend: Array<{ entry: LegendEntry; x: number; y: number }> = [];
  let x = MARGIN.left;
  let y = LEGEND_TOP;
  for (const entry of spec.legend) {
    const width = 21 + entry.label.length * LEGEND_CHAR;
    if (x > MARGIN.left && x + width > WIDTH - MARGIN.right) {
      x = MARGIN.left;
      y += LEGEND_ROW;
    }
    legend.push({ entry, x, y });
    x += width + 16;
  }
  const top = y + 18;
  return { top, height: top + PLOT_HEIGHT + MARGIN.bottom, legend };
}

export function scaleOf(spec: FrameSpec): Scale {
  const { top } = layoutOf(spec);
  const [x0, x1] = spec.xDomain;
  const [y0, y1] = spec.yDomain;
  return {
    x: (v) => MARGIN.left + clamp01((v - x0) / (x1 - x0)) * INNER_W,
    y: (v) => top + PLOT_HEIGHT - clamp01((v - y0) / (y1 - y0)) * PLOT_HEIGHT,
  };
}

/** Pixel coordinates with one decimal: sharp enough on screen, a third of the bytes. */
export function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * An inline <svg> with title, legend, grid, axes and tick labels around `body` (the series),
 * which must be drawn with `scaleOf(spec)`. The plot area clips the series so a curve never
 * paints over the axes.
 */
export function renderFrame(spec: FrameSpec, body: string, id: string): string {
  const layout = layoutOf(spec);
  const scale = scaleOf(spec);
  const xTicks = niceTicks(spec.xDomain[0], spec.xDomain[1], 5);
  const yTicks = niceTicks(spec.yDomain[0], spec.yDomain[1], 5);
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = layout.top;
  const bottom = top + PLOT_HEIGHT;
  const height = layout.height;
  const grid = [
    ...xTicks.map(
      (t) =>
        `<line class="grid" x1="${px(scale.x(t))}" y1="${top}" x2="${px(scale.x(t))}" y2="${bottom}"/>` +
        `<text class="tick" x="${px(scale.x(t))}" y="${bottom + 16}" text-anchor="middle">${formatTick(t)}</text>`,
    ),
    ...yTicks.map(
      (t) =>
        `<line class="grid" x1="${left}" y1="${px(scale.y(t))}" x2="${right}" y2="${px(scale.y(t))}"/>` +
        `<text class="tick" x="${left - 7}" y="${px(scale.y(t) + 4)}" text-anchor="end">${formatTick(t)}</text>`,
    ),
  ].join('');
  const clipId = `clip-${escapeHtml(id)}`;
  return [
    `<svg class="chart" id="${escapeHtml(id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${escapeHtml(id)}-title">`,
    `<title id="${escapeHtml(id)}-title">${escapeHtml(spec.title)}</title>`,
    `<defs><clipPath id="${clipId}"><rect x="${left}" y="${top}" width="${INNER_W}" height="${PLOT_HEIGHT}"/></clipPath></defs>`,
    `<text class="chart-title" x="${left}" y="20">${escapeHtml(spec.title)}</text>`,
    layout.legend.map(({ entry, x, y }) => renderLegendEntry(entry, x, y)).join(''),
    grid,
    `<g clip-path="url(#${clipId})">${body}</g>`,
    `<rect class="axis" x="${left}" y="${top}" width="${INNER_W}" height="${PLOT_HEIGHT}" fill="none"/>`,
    `<text class="axis-label" x="${px(left + INNER_W / 2)}" y="${height - 8}" text-anchor="middle">${escapeHtml(spec.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(14 ${px(top + PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.yLabel)}</text>`,
    '</svg>',
  ].join('');
}

function renderLegendEntry(entry: LegendEntry, x: number, y: number): string {
  const swatch = entry.filled
    ? `<rect x="${px(x)}" y="${y - 9}" width="12" height="10" fill="${entry.color}" fill-opacity="0.6" stroke="${entry.color}"/>`
    : `<line x1="${px(x)}" y1="${y - 4}" x2="${px(x + 16)}" y2="${y - 4}" stroke="${entry.color}" stroke-width="2.5"${entry.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
  return `${swatch}<text class="legend" x="${px(x + 21)}" y="${y}">${escapeHtml(entry.label)}</text>`;
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
