import type { ColumnKind } from '@a3/data';
import type { SchemaElement, SchemaTree } from 'hyparquet';

/** A top-level Parquet column as a3 reads it. */
export interface ParquetColumn {
  readonly name: string;
  /** The Parquet type for messages, e.g. "INT64", "BYTE_ARRAY/STRING", "group (LIST)". */
  readonly type: string;
  /**
   * How a3 reads it unless told otherwise: numbers (integers, floats, decimals) are numeric,
   * everything else (strings, booleans, dates and timestamps, nested values) categorical — the
   * same split the CSV reader makes between number-like and other columns.
   */
  readonly kind: ColumnKind;
}

const NUMERIC_PHYSICAL = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);
/** Annotations that turn an integer column into a date or time: not a quantity. */
const TEMPORAL = new Set(['DATE', 'TIME', 'TIMESTAMP', 'INTERVAL']);

export function describeColumn(tree: SchemaTree): ParquetColumn {
  const e = tree.element;
  return { name: e.name, type: typeName(tree), kind: isNumeric(tree) ? 'numeric' : 'categorical' };
}

function isNumeric(tree: SchemaTree): boolean {
  const e = tree.element;
  if (tree.children.length || e.repetition_type === 'REPEATED') return false;
  const logical = e.logical_type?.type;
  if (logical === 'DECIMAL' || e.converted_type === 'DECIMAL' || logical === 'FLOAT16') return true;
  if (!e.type || !NUMERIC_PHYSICAL.has(e.type)) return false;
  return !temporal(e);
}

function temporal(e: SchemaElement): boolean {
  const logical = e.logical_type?.type;
  if (logical && TEMPORAL.has(logical)) return true;
  const c = e.converted_type;
  return c !== undefined && (c === 'DATE' || c === 'INTERVAL' || c.startsWith('TIME'));
}

function typeName(tree: SchemaTree): string {
  const e = tree.element;
  const note = e.logical_type?.type ?? e.converted_type;
  if (tree.children.length) return `group${note ? ` (${note})` : ''}`;
  const base = e.type ?? 'unknown';
  return note && note !== 'INTEGER' ? `${base}/${note}` : base;
}
