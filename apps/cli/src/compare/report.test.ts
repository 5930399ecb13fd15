import { describe, expect, it } from 'vitest';
import { renderReport } from '../report';

describe('renderReport with several named series (a3 compare)', () => {
  const labels = Uint8Array.from([0, 0, 1, 0, 1, 1, 0, 0]);
  const a = Float32Array.from([0.1, 0.2, 0.9, 0.3, 0.8, 0.7, 0.4, 0.2]);
  const b = Float32Array.from([0.5, 0.1, 0.6, 0.7, 0.9, 0.2, 0.3, 0.1]);
  const c = Float32Array.from([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]);

  it('names the main series and overlays the others on both curve charts', () => {
    const html = renderReport({
      title: 'compare',
      metrics: {},
      config: {},
      labels,
      scores: a,
      scoresName: 'iforest',
      series: [
        { name: 'lof', scores: b },
        { name: 'flat', scores: c },
      ],
    });
    expect(html.match(/class="curve roc"/g)).toHaveLength(3);
    expect(html.match(/class="curve pr"/g)).toHaveLength(3);
    // AUC of a: every anomaly (0.9, 0.8, 0.7) above every normal (≤ 0.4) → 1; c is constant → 0.5.
    expect(html).toContain('iforest · AUC 1.000');
    expect(html).toContain('flat · AUC 0.500');
    expect(html).toContain('lof · AP ');
    expect(html).not.toContain('A³ · AUC');
    const strokes = [...html.matchAll(/class="curve roc"[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(new Set(strokes).size).toBe(3);
  });

  it('refuses a series scored on other samples', () => {
    expect(() =>
      renderReport({
        title: 't',
        metrics: {},
        config: {},
        labels,
        scores: a,
        series: [{ name: 'short', scores: b.subarray(1) }],
      }),
    ).toThrow(/series "short" has 7 scores but labels has 8/);
  });
});
