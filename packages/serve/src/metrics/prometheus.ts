import { InvalidArgumentError } from '@a3/core';

/**
 * A minimal Prometheus registry and text exposition (format 0.0.4): counters, gauges and
 * histograms with labels. Small enough to own instead of a dependency; the format rules it
 * follows are the ones scrapers check: `# HELP` / `# TYPE` once per family, label values
 * escaped (backslash, double quote, line feed), histogram buckets cumulative with `le` and a
 * final `+Inf` equal to `_count`, then `_sum` and `_count`.
 */

export type Labels = Readonly<Record<string, string>>;

/** The Content-Type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus writes it (`+Inf`, `-Inf`, `NaN`, else the shortest decimal). */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i])}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

abstract class Family<S> {
  protected readonly series = new Map<string, { values: string[]; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new InvalidArgumentError(`invalid metric name "${name}"`);
    for (const l of labelNames) {
      if (!LABEL.test(l) || l.startsWith('__') || l === 'le')
        throw new InvalidArgumentError(`invalid label name "${l}"`);
    }
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected abstract fresh(): S;
  protected abstract lines(labels: readonly string[], state: S): string[];

  protected state(labels: Labels = {}): S {
    const values = this.labelNames.map((n) => {
      const v = labels[n];
      if (v === undefined) throw new InvalidArgumentError(`metric ${this.name} needs label "${n}"`);
      return v;
    });
    const key = values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { values, state: this.fresh() };
      this.series.set(key, s);
    }
    return s.state;
  }

  render(): string {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { values, state } of this.series.values()) out.push(...this.lines(values, state));
    return out.join('\n');
  }
}

export class Counter extends Family<{ v: number }> {
  readonly type = 'counter';
  protected fresh() {
    return { v: 0 };
  }
  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0)) throw new InvalidArgumentError(`counter ${this.name} can only increase (by ${by})`);
    this.state(labels).v += by;
  }
  get(labels?: Labels): number {
    return this.state(labels).v;
  }
  /** The total over every label set. */
  sum(): number {
    let total = 0;
    for (const { state } of this.series.values()) total += state.v;
    return total;
  }
  protected lines(labels: readonly string[], s: { v: number }): string[] {
    return [`${this.name}${labelText(this.labelNames, labels)} ${formatValue(s.v)}`];
  }
}

export class Gauge extends Family<{ v: number }> {
  readonly type = 'gauge';
  protected fresh() {
    return { v: 0 };
  }
  set(value: number, labels?: Labels): void {
    this.state(labels).v = value;
  }
  inc(labels?: Labels, by = 1): void {
    this.state(labels).v += by;
  }
  dec(labels?: Labels, by = 1): void {
    this.state(labels).v -= by;
  }
  get(labels?: Labels): number {
    return this.state(labels).v;
  }
  protected lines(labels: readonly string[], s: { v: number }): string[] {
    return [`${this.name}${labelText(this.labelNames, labels)} ${formatValue(s.v)}`];
  }
}

interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Family<HistogramState> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b, i) => !Number.isFinite(b) || (i > 0 && b === sorted[i - 1]))) {
      throw new InvalidArgumentError(`histogram ${name} needs distinct finite bucket bounds`);
    }
    this.buckets = sorted;
  }

  protected fresh(): HistogramState {
    return { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
  }

  observe(value: number, labels?: Labels): void {
    const s = this.state(labels);
    // Per-bucket counts here; render() accumulates them (`le` buckets are cumulative).
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  /** Observations so far (all label sets with these labels). */
  count(labels?: Labels): number {
    return this.state(labels).count;
  }

  protected lines(labels: readonly string[], s: HistogramState): string[] {
    const out: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((b, i) => {
      cumulative += s.counts[i];
      out.push(
        `${this.name}_bucket${labelText(this.labelNames, labels, ['le', formatValue(b)])} ${cumulative}`,
      );
    });
    out.push(`${this.name}_bucket${labelText(this.labelNames, labels, ['le', '+Inf'])} ${s.count}`);
    out.push(`${this.name}_sum${labelText(this.labelNames, labels)} ${formatValue(s.sum)}`);
    out.push(`${this.name}_count${labelText(this.labelNames, labels)} ${s.count}`);
    return out;
  }
}

/** A set of metric families rendered together, in registration order. */
export class MetricsRegistry {
  private readonly families: { render(): string; name: string }[] = [];
  /** Computed just before rendering (e.g. the process's resident memory). */
  private readonly collectors: (() => void)[] = [];

  register<F extends { render(): string; name: string }>(family: F): F {
    if (this.families.some((f) => f.name === family.name)) {
      throw new InvalidArgumentError(`metric ${family.name} is registered twice`);
    }
    this.families.push(family);
    return family;
  }

  onCollect(fn: () => void): void {
    this.collectors.push(fn);
  }

  /** The text exposition, ending in a line feed. */
  render(): string {
    for (const c of this.collectors) c();
    return this.families.map((f) => f.render()).join('\n') + '\n';
  }
}
