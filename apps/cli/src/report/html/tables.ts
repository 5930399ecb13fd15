import { escapeHtml } from './escape';
import { formatMetric as formatFixed } from '../../evaluation/metrics';
import { isCount, metricName } from './metric-names';

/**
 * Metric values as `a3 evaluate` prints them (four decimals, so 1 is 1.0000); counts, and other
 * whole numbers above 1, as integers; values under 0.001 to three significant digits, so a
 * threshold of 2e-5 does not print as 0.0000.
 */
export function formatMetric(value: number | string, count = false): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (count || (Number.isInteger(value) && Math.abs(value) > 1)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) return Number(value.toPrecision(3)).toString();
  return formatFixed(value);
}

export function renderMetricsTable(metrics: Record<string, number | string>): string {
  const rows = Object.entries(metrics).map(
    ([name, value]) =>
      `<tr><th scope="row">${escapeHtml(metricName(name))}</th><td class="num">${escapeHtml(formatMetric(value, isCount(name)))}</td></tr>`,
  );
  return table(['Metric', 'Value'], rows, 'No metrics were given.');
}

/**
 * Nested configuration as one row per leaf, keyed by its dotted path (`train.optimizer.lr`), so
 * a reader can grep the page for the setting a command-line flag or a3.json names.
 */
export function renderConfigTable(config: Record<string, unknown>): string {
  const rows = flattenConfig(config).map(
    ([key, value]) =>
      `<tr><th scope="row"><code>${escapeHtml(key)}</code></th><td><code>${escapeHtml(value)}</code></td></tr>`,
  );
  return table(['Setting', 'Value'], rows, 'No configuration was given.');
}

const MAX_DEPTH = 8;

export function flattenConfig(config: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<unknown>();
  const visit = (path: string, value: unknown, depth: number): void => {
    if (isPlainObject(value) && depth < MAX_DEPTH && !seen.has(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) {
        if (path) out.push([path, '{}']);
        return;
      }
      seen.add(value);
      for (const [key, child] of entries) visit(path ? `${path}.${key}` : key, child, depth + 1);
      seen.delete(value);
      return;
    }
    out.push([path, seen.has(value) ? '[circular]' : formatLeaf(value)]);
  };
  visit('', config, 0);
  return out;
}

function formatLeaf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  try {
    // Arrays, dates, typed arrays: JSON is the most recognisable compact form.
    return (
      JSON.stringify(value, (_, v: unknown) =>
        ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v,
      ) ?? String(value)
    );
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A table with a header row, or `empty` as a note when there are no rows. */
export function table(headers: readonly string[], rows: readonly string[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
