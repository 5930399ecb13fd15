import { escapeHtml } from '../html/escape';
import { px, renderFrame, scaleOf, type FrameSpec, type Tick } from './frame';

const NORMAL_COLOR = '#64748b';
const ANOMALY_COLOR = '#dc2626';
const THRESHOLD_COLOR = '#0f172a';
const BINS = 40;
/**
 * Where bars start on the log axis, in decades: a bin of one row still gets a bar a quarter
 * decade tall, and an empty bin none.
 */
const LOG_FLOOR = -0.25;

/**
 * Score distributions of normals and anomalies as overlaid histograms with a **log-count** axis.
 * A good detector puts most normals in the lowest bin: on a linear axis that one bar flattens
 * everything else (the rare anomalies, the tail of normals near the threshold) to nothing; on a
 * log axis a bin of 3 rows and a bin of 30,000 are both readable, and counts stay honest.
 */
export function renderHistogram(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  detectorName: string,
  id: string,
  threshold?: number,
): string {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  if (!(max > min)) {
    // All scores equal: give the single bar some width.
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / BINS;
  const normal = new Float64Array(BINS);
  const anomaly = new Float64Array(BINS);
  let nNormal = 0;
  let nAnomaly = 0;
  for (let i = 0; i < scores.length; i++) {
    const bin = Math.min(BINS - 1, Math.floor((scores[i] - min) / width));
    if (labels[i] === 1) {
      anomaly[bin]++;
      nAnomaly++;
    } else {
      normal[bin]++;
      nNormal++;
    }
  }
  let most = 1;
  for (let b = 0; b < BINS; b++) most = Math.max(most, normal[b], anomaly[b]);
  // At least one decade shown, and headroom above the tallest bar.
  const top = Math.max(1, Math.log10(most) + 0.15);

  const showThreshold = threshold !== undefined && threshold >= min && threshold <= max;
  const spec: FrameSpec = {
    title: `${detectorName} score histogram`,
    xLabel: 'Anomaly score',
    yLabel: 'Rows per bin (log scale)',
    xDomain: [min, max],
    yDomain: [LOG_FLOOR, top],
    yTicks: decadeTicks(top),
    legend: [
      { label: `normal (n=${nNormal})`, color: NORMAL_COLOR, filled: true },
      { label: `anomaly (n=${nAnomaly})`, color: ANOMALY_COLOR, filled: true },
      ...(showThreshold
        ? [{ label: `threshold ${formatScore(threshold)}`, color: THRESHOLD_COLOR, dashed: true }]
        : []),
    ],
  };
  const scale = scaleOf(spec);
  const bars = (counts: Float64Array, color: string, cls: string, what: string) =>
    Array.from(counts, (count, b) => {
      if (count === 0) return '';
      const lo = min + b * width;
      const x0 = scale.x(lo);
      const x1 = scale.x(lo + width);
      const y = scale.y(Math.log10(count));
      const tip = `${count} ${what}, score ${formatScore(lo)}–${formatScore(lo + width)}`;
      return (
        `<rect class="${cls}" x="${px(x0)}" y="${px(y)}" width="${px(x1 - x0)}" height="${px(scale.y(LOG_FLOOR) - y)}" fill="${color}" fill-opacity="0.55" stroke="${color}" stroke-width="0.6">` +
        `<title>${escapeHtml(tip)}</title></rect>`
      );
    }).join('');
  let body =
    bars(normal, NORMAL_COLOR, 'bar-normal', 'normal') +
    bars(anomaly, ANOMALY_COLOR, 'bar-anomaly', 'anomalous');
  if (showThreshold) {
    const x = px(scale.x(threshold));
    body +=
      `<line class="threshold" x1="${x}" y1="${px(scale.y(top))}" x2="${x}" y2="${px(scale.y(LOG_FLOOR))}" stroke="${THRESHOLD_COLOR}" stroke-width="1.5" stroke-dasharray="5 3">` +
      `<title>${escapeHtml(`threshold ${threshold}`)}</title></line>`;
  }
  return renderFrame(spec, body, id);
}

/** 1, 10, 100, … up to the top of the axis (`top` in decades). */
function decadeTicks(top: number): Tick[] {
  const ticks: Tick[] = [];
  for (let k = 0; k <= top; k++) ticks.push({ value: k, label: formatCount(10 ** k) });
  return ticks;
}

function formatCount(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

function formatScore(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
