import { escapeHtml } from '../html/escape';
import { px, renderFrame, scaleOf, type FrameSpec } from './frame';

const NORMAL_COLOR = '#64748b';
const ANOMALY_COLOR = '#dc2626';
const THRESHOLD_COLOR = '#0f172a';
const BINS = 40;

/**
 * Score distributions of normals and anomalies as overlaid histograms. Bars show the share of
 * each class per bin, not counts: anomalies are rare, and counts would flatten them to nothing.
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
  for (let b = 0; b < BINS; b++) {
    normal[b] /= Math.max(1, nNormal);
    anomaly[b] /= Math.max(1, nAnomaly);
  }
  let top = 0;
  for (let b = 0; b < BINS; b++) top = Math.max(top, normal[b], anomaly[b]);

  const showThreshold = threshold !== undefined && threshold >= min && threshold <= max;
  const spec: FrameSpec = {
    title: `${detectorName} score distribution`,
    xLabel: 'Anomaly score',
    yLabel: 'Share of class per bin',
    xDomain: [min, max],
    yDomain: [0, top > 0 ? top * 1.08 : 1],
    legend: [
      { label: `normal (n=${nNormal})`, color: NORMAL_COLOR, filled: true },
      { label: `anomaly (n=${nAnomaly})`, color: ANOMALY_COLOR, filled: true },
      ...(showThreshold ? [{ label: 'threshold', color: THRESHOLD_COLOR, dashed: true }] : []),
    ],
  };
  const scale = scaleOf(spec);
  const bars = (shares: Float64Array, color: string, cls: string) =>
    Array.from(shares, (share, b) => {
      if (share === 0) return '';
      const x0 = scale.x(min + b * width);
      const x1 = scale.x(min + (b + 1) * width);
      const y = scale.y(share);
      return `<rect class="${cls}" x="${px(x0)}" y="${px(y)}" width="${px(x1 - x0)}" height="${px(scale.y(0) - y)}" fill="${color}" fill-opacity="0.55" stroke="${color}" stroke-width="0.6"/>`;
    }).join('');
  let body = bars(normal, NORMAL_COLOR, 'bar-normal') + bars(anomaly, ANOMALY_COLOR, 'bar-anomaly');
  if (showThreshold) {
    const x = px(scale.x(threshold));
    body +=
      `<line class="threshold" x1="${x}" y1="${px(scale.y(spec.yDomain[1]))}" x2="${x}" y2="${px(scale.y(0))}" stroke="${THRESHOLD_COLOR}" stroke-width="1.5" stroke-dasharray="5 3">` +
      `<title>${escapeHtml(`threshold ${threshold}`)}</title></line>`;
  }
  return renderFrame(spec, body, id);
}
