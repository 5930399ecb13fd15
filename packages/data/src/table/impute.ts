import { DataError } from '@a3/core';
import { quoteInput } from '../messages/quote';
import type { Column } from './table';
import { Table } from './table';

/** Mean of the non-NaN values; NaN when there are none. */
export function nanMean(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  return count ? sum / count : NaN;
}

/**
 * Replaces NaN cells (left by the 'impute-mean' policy) with a per-column value: the given one
 * (a preprocessor's training mean) or else the column's own mean. A column with no valid value
 * at all cannot be imputed and fails.
 */
export function imputeMeans(
  table: Table,
  file: string,
  given: ReadonlyMap<string, number> = new Map(),
): Table {
  let changed = false;
  const columns = table.columns.map((c): Column => {
    if (c.kind !== 'numeric' || !c.values.some((v) => Number.isNaN(v))) return c;
    const fill = given.get(c.name) ?? nanMean(c.values);
    if (Number.isNaN(fill)) {
      throw new DataError(
        `${file}: column ${quoteInput(c.name)} has no valid number to take a mean from; drop the column or fix the data.`,
      );
    }
    changed = true;
    const values = c.values.slice();
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = fill;
    return { kind: 'numeric', name: c.name, values };
  });
  return changed ? new Table(columns) : table;
}
