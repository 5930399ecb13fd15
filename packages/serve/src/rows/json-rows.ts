import type { Table } from '@a3/data';
import { quoteInput, RequestError } from '../http/request-error';
import { ColumnBuilder } from './column-builder';
import { describeColumns, type RowSchema } from './row-schema';

/**
 * The `rows` of a JSON request as a table of the model's input columns. Each row is an object
 * by column name (raw values as in the training CSV: numbers, categories as strings; columns
 * dropped in training such as ids and the label are accepted and ignored) or an array of the
 * input columns in training order. The body's shape (an array of arrays / objects) is checked
 * by the route's JSON schema first; everything about the values is checked here, naming the
 * field at fault. This runs for every cell of every request, so the checks that name a field
 * run only once something is wrong.
 */
export function jsonRowsToTable(rows: readonly unknown[], schema: RowSchema): Table {
  const builder = new ColumnBuilder(schema, rows.length);
  const names = schema.columns.map((c) => c.name);
  const width = names.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (Array.isArray(row)) {
      if (row.length !== width) {
        throw new RequestError(
          'wrong_width',
          `rows[${i}] has ${row.length} values; the model reads ${width} columns in this order: ${describeColumns(schema)}.`,
          `rows[${i}]`,
        );
      }
      for (let j = 0; j < width; j++) {
        if (!builder.set(j, i, row[j])) {
          throw builder.fail(j, row[j], { field: `rows[${i}][${j}] (${names[j]})` });
        }
      }
      continue;
    }
    if (row === null || typeof row !== 'object') {
      throw new RequestError(
        'invalid_body',
        `rows[${i}] is ${quoteInput(row)}; send an object or an array.`,
        `rows[${i}]`,
      );
    }
    const obj = row as Record<string, unknown>;
    for (let j = 0; j < width; j++) {
      const name = names[j];
      const value = obj[name];
      if (value === undefined || !builder.set(j, i, value)) {
        if (!Object.hasOwn(obj, name)) throw missing(schema, obj, i);
        throw builder.fail(j, value, { field: `rows[${i}].${name}` });
      }
    }
    // Every input is there; more keys than inputs means ignored columns or unknown ones.
    if (Object.keys(obj).length !== width) checkKeys(schema, obj, i);
  }
  return builder.build();
}

function missing(schema: RowSchema, obj: Record<string, unknown>, i: number): RequestError {
  checkKeys(schema, obj, i); // an unknown key is likely the misspelt missing one: name it first
  const absent = schema.columns.filter((c) => !Object.hasOwn(obj, c.name));
  return new RequestError(
    'missing_feature',
    `rows[${i}] lacks feature "${absent[0].name}"${absent.length > 1 ? ` and ${absent.length - 1} more` : ''}; the model reads ${describeColumns(schema)}.`,
    `rows[${i}].${absent[0].name}`,
  );
}

function checkKeys(schema: RowSchema, obj: Record<string, unknown>, i: number): void {
  for (const key of Object.keys(obj)) {
    if (!schema.index.has(key) && !schema.ignored.has(key)) {
      throw new RequestError(
        'unknown_feature',
        `rows[${i}] has unknown feature ${quoteInput(key)}; the model reads ${describeColumns(schema)}.`,
        `rows[${i}].${key.slice(0, 40)}`,
      );
    }
  }
}
