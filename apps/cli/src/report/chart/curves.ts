import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from '@a3/metrics';
import { downsampleCurve } from './downsample';
import { px, renderFrame, scaleOf, type FrameSpec, type Scale } from './frame';

/** One detector's scores against the shared labels. */
export interface Detector {
  readonly name: string;
  readonly scores: ArrayLike<number>;
  readonly color: string;
}

/** Enough to draw a smooth curve; LTTB keeps the corners. */
const MAX_CURVE_POINTS = 500;
const CHANCE_COLOR = '#94a3b8';

/** ROC curves of every detector, labelled with their AUC, over the chance diagonal. */
export function renderRocChart(labels: ArrayLike<number>, detectors: readonly Detector[]): string {
  const curves = detectors.map((d) => {
    // drop_intermediate removes collinear points first; LTTB only runs on what is left.
    const curve = rocCurve(labels, d.scores);
    return {
      detector: d,
      points: downsampleCurve(curve.fpr, curve.tpr, MAX_CURVE_POINTS),
      label: `${d.name} · AUC ${rocAuc(labels, d.scores).toFixed(3)}`,
    };
  });
  const spec: FrameSpec = {
    title: 'ROC curve',
    xLabel: 'False-positive rate',
    yLabel: 'True-positive rate (recall)',
    xDomain: [0, 1],
    yDomain: [0, 1],
    legend: [
      ...curves.map((c) => ({ label: c.label, color: c.detector.color })),
      { label: 'chance', color: CHANCE_COLOR, dashed: true },
    ],
  };
  const scale = scaleOf(spec);
  const body = [
    chanceLine(scale, 0, 1),
    // The first detector (A³ in a3 evaluate) is painted last: on top where curves coincide.
    ...curves.map((c) => polyline(c.points.xs, c.points.ys, scale, c.detector.color)).reverse(),
  ];
  return renderFrame(spec, body.join(''), 'roc-chart');
}

/**
 * Precision-recall curves drawn as steps, the shape average precision integrates (sklearn's
 * PrecisionRecallDisplay does the same), over the chance level: the share of anomalies.
 */
export function renderPrChart(labels: ArrayLike<number>, detectors: readonly Detector[]): string {
  const curves = detectors.map((d) => {
    const curve = precisionRecallCurve(labels, d.scores, { dropIntermediate: true });
    return {
      detector: d,
      points: downsampleCurve(curve.recall, curve.precision, MAX_CURVE_POINTS),
      label: `${d.name} · AP ${averagePrecision(labels, d.scores).toFixed(3)}`,
    };
  });
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const prevalence = labels.length === 0 ? 0 : positives / labels.length;
  const spec: FrameSpec = {
    title: 'Precision-recall curve',
    xLabel: 'Recall',
    yLabel: 'Precision',
    xDomain: [0, 1],
    yDomain: [0, 1.02],
    legend: [
      ...curves.map((c) => ({ label: c.label, color: c.detector.color })),
      { label: `chance ${prevalence.toFixed(3)}`, color: CHANCE_COLOR, dashed: true },
    ],
  };
  const scale = scaleOf(spec);
  const body = [
    chanceLine(scale, prevalence, prevalence),
    // The first detector (A³ in a3 evaluate) is painted last: on top where curves coincide.
    ...curves.map((c) => stepPath(c.points.xs, c.points.ys, scale, c.detector.color)).reverse(),
  ];
  return renderFrame(spec, body.join(''), 'pr-chart');
}

/** Dashed line from (0, y0) to (1, y1). */
function chanceLine(scale: Scale, y0: number, y1: number): string {
  return `<line x1="${px(scale.x(0))}" y1="${px(scale.y(y0))}" x2="${px(scale.x(1))}" y2="${px(scale.y(y1))}" stroke="${CHANCE_COLOR}" stroke-width="1.5" stroke-dasharray="4 3"/>`;
}

function polyline(xs: number[], ys: number[], scale: Scale, color: string): string {
  const points = xs.map((x, i) => `${px(scale.x(x))},${px(scale.y(ys[i]))}`).join(' ');
  return `<polyline class="curve roc" points="${points}" fill="none" stroke="${color}" stroke-width="2.2" stroke-linejoin="round"/>`;
}

/** matplotlib's steps-post along decreasing recall: across at precision[k], then down/up. */
function stepPath(xs: number[], ys: number[], scale: Scale, color: string): string {
  let d = `M${px(scale.x(xs[0]))},${px(scale.y(ys[0]))}`;
  for (let k = 1; k < xs.length; k++) {
    d += `H${px(scale.x(xs[k]))}V${px(scale.y(ys[k]))}`;
  }
  return `<path class="curve pr" d="${d}" fill="none" stroke="${color}" stroke-width="2.2" stroke-linejoin="round"/>`;
}
