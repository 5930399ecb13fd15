import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, MetricsRegistry, formatValue } from './prometheus';
import { ServeMetrics } from './serve-metrics';

/**
 * A reader of the Prometheus text format (0.0.4) written from its specification, independent of
 * the writer: each sample line is `name{label="value",...} number`, label values unescape
 * `\\`, `\"` and `\n`; `# HELP name text` and `# TYPE name type` precede a family's samples.
 */
function parseExposition(text: string) {
  expect(text.endsWith('\n')).toBe(true);
  const families = new Map<string, { help?: string; type?: string }>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const f = families.get(meta[2]) ?? {};
      if (meta[1] === 'HELP') f.help = meta[3];
      else f.type = meta[3];
      families.set(meta[2], f);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let at = 0;
    while (at < body.length) {
      re.lastIndex = at;
      const l = re.exec(body);
      if (!l) throw new Error(`bad labels: ${body}`);
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      at = re.lastIndex;
    }
    const raw = m[3];
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : Number(raw);
    expect(Number.isNaN(value) && raw !== 'NaN').toBe(false);
    samples.push({ name: m[1], labels, value });
  }
  return { families, samples };
}

describe('Prometheus text exposition', () => {
  it('writes HELP and TYPE once per family and escapes label values', () => {
    const reg = new MetricsRegistry();
    const c = reg.register(new Counter('x_total', 'Things.\nSecond line \\ here', ['model', 'status']));
    const g = reg.register(new Gauge('in_flight', 'Now.', []));
    c.inc({ model: 'a"b\\c\nd', status: '200' }, 3);
    c.inc({ model: 'plain', status: '400' });
    c.inc({ model: 'plain', status: '400' });
    g.set(2);
    g.dec();
    const text = reg.render();
    const { families, samples } = parseExposition(text);
    expect(families.get('x_total')).toEqual({ help: 'Things.\\nSecond line \\\\ here', type: 'counter' });
    expect(families.get('in_flight')).toEqual({ help: 'Now.', type: 'gauge' });
    expect(samples).toEqual([
      { name: 'x_total', labels: { model: 'a"b\\c\nd', status: '200' }, value: 3 },
      { name: 'x_total', labels: { model: 'plain', status: '400' }, value: 2 },
      { name: 'in_flight', labels: {}, value: 1 },
    ]);
    expect(text.split('\n').filter((l) => l.startsWith('# TYPE x_total'))).toHaveLength(1);
    expect(c.sum()).toBe(5);
  });

  it('writes histograms with cumulative le buckets, +Inf equal to _count, and _sum', () => {
    const reg = new MetricsRegistry();
    const h = reg.register(new Histogram('lat_seconds', 'Latency.', ['model'], [0.1, 0.01, 1]));
    const observed = [0.005, 0.01, 0.02, 0.5, 0.5, 3];
    for (const v of observed) h.observe(v, { model: 'm' });
    const { families, samples } = parseExposition(reg.render());
    expect(families.get('lat_seconds')?.type).toBe('histogram');
    const buckets = samples.filter((s) => s.name === 'lat_seconds_bucket');
    // Bounds sorted ascending; a value equal to a bound counts in that bucket (le = "≤").
    expect(buckets.map((b) => [b.labels.le, b.value])).toEqual([
      ['0.01', observed.filter((v) => v <= 0.01).length],
      ['0.1', observed.filter((v) => v <= 0.1).length],
      ['1', observed.filter((v) => v <= 1).length],
      ['+Inf', observed.length],
    ]);
    expect(buckets.every((b) => b.labels.model === 'm')).toBe(true);
    const sum = samples.find((s) => s.name === 'lat_seconds_sum')?.value ?? NaN;
    expect(sum).toBeCloseTo(
      observed.reduce((a, b) => a + b, 0),
      12,
    );
    expect(samples.find((s) => s.name === 'lat_seconds_count')?.value).toBe(observed.length);
  });

  it('formats special values as Prometheus does and rejects invalid names and decreasing counters', () => {
    expect([Infinity, -Infinity, NaN, 0.25, 3].map(formatValue)).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
      '0.25',
      '3',
    ]);
    expect(() => new Counter('bad-name', 'x', [])).toThrow(/invalid metric name/);
    expect(() => new Counter('ok', 'x', ['le'])).toThrow(/invalid label name/);
    const c = new Counter('ok_total', 'x', ['a']);
    expect(() => c.inc({ a: '1' }, -1)).toThrow(/only increase/);
    expect(() => c.inc({})).toThrow(/needs label "a"/);
  });

  it('the service metrics render as one valid exposition with every family typed', () => {
    const m = new ServeMetrics();
    m.requests.inc({ model: 'x', status: '200' });
    m.latency.observe(0.003, { model: 'x' });
    m.batchRows.observe(64, { model: 'x' });
    const { families, samples } = parseExposition(m.render());
    for (const name of [
      'a3_serve_requests_received_total',
      'a3_serve_requests_total',
      'a3_serve_rows_total',
      'a3_serve_request_duration_seconds',
      'a3_serve_batch_rows',
      'a3_serve_batch_requests',
      'a3_serve_in_flight_requests',
      'process_resident_memory_bytes',
    ]) {
      expect(families.get(name)?.type, name).toMatch(/^(counter|gauge|histogram)$/);
    }
    const rss = samples.find((s) => s.name === 'process_resident_memory_bytes')?.value ?? 0;
    expect(rss).toBeGreaterThan(1e6);
  });
});
