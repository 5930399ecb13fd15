import { InvalidArgumentError } from '@a3/core';
import { DEFAULT_N_KNOWN } from '../dataset/split';

/** How many labelled known anomalies training gets: a count, or a share of the training pool. */
export type NKnownRule =
  | { readonly kind: 'count'; readonly n: number }
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'default' };

/**
 * The floor of a percentage rule: the ADBench protocol of PEERS.md gives every set "5 % of the
 * training anomalies, at least 5", so tiny sets (thyroid: 65 training anomalies) still get a few.
 */
export const MIN_PERCENT_KNOWN = 5;

/** Reads --n-known: a whole number ≥ 0 ("100") or a percentage of the training pool ("5%"). */
export function parseNKnown(raw: string | undefined): NKnownRule {
  if (raw === undefined) return { kind: 'default' };
  const text = raw.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent) {
    const p = Number(percent[1]);
    if (!(p > 0 && p <= 100)) {
      throw new InvalidArgumentError(
        `--n-known ${JSON.stringify(raw.slice(0, 100))}: a percentage must be in (0, 100].`,
      );
    }
    return { kind: 'percent', percent: p };
  }
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { kind: 'count', n: Number(text) };
  throw new InvalidArgumentError(
    `--n-known must be a whole number ≥ 0 (e.g. 100) or a percentage of the training anomalies of ` +
      `the known classes (e.g. 5%); got ${JSON.stringify(raw.slice(0, 100))}.`,
  );
}

/**
 * The number of known anomalies for a training pool of `pool` known-class rows: a count as given
 * (the split rejects one larger than the pool), a percentage rounded to the nearest row but at
 * least MIN_PERCENT_KNOWN (or the whole pool when smaller), the default DEFAULT_N_KNOWN or all.
 */
export function resolveNKnown(rule: NKnownRule, pool: number): number {
  switch (rule.kind) {
    case 'count':
      return rule.n;
    case 'percent':
      return Math.max(Math.min(MIN_PERCENT_KNOWN, pool), Math.round((rule.percent / 100) * pool));
    case 'default':
      return Math.min(DEFAULT_N_KNOWN, pool);
    default: {
      const never: never = rule;
      return never;
    }
  }
}

/** The rule as the user would type it (for summaries and the quality page). */
export function describeNKnown(rule: NKnownRule): string {
  switch (rule.kind) {
    case 'count':
      return String(rule.n);
    case 'percent':
      return `${rule.percent}% (at least ${MIN_PERCENT_KNOWN})`;
    case 'default':
      return `default (${DEFAULT_N_KNOWN} or all there are)`;
    default: {
      const never: never = rule;
      return never;
    }
  }
}
