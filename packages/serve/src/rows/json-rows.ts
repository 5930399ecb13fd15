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
 * field at fault.
 */
export function jsonRowsToTable(rows: readonly unknown[], schema: RowSchema): Table {
  const builder = new ColumnBuilder(schema, rows.length);
  const width = schema.columns.length;
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
        builder.set(j, i, row[j], () => ({ field: `rows[${i}][${j}] (${schema.columns[j].name})` }));
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
    let seen = 0;
    for (const key in obj) {
      if (schema.index.has(key)) seen++;
      else if (!schema.ignored.has(key)) {
        throw new RequestError(
          'unknown_feature',
          `rows[${i}] has unknown feature ${quoteInput(key)}; the model reads ${describeColumns(schema)}.`,
          `rows[${i}].${key.slice(0, 40)}`,
        );
      }
    }
    if (seen < width) {
      const missing = schema.columns.find((c) => !Object.hasOwn(obj, c.name)) as { name: string };
      throw new RequestError(
        'missing_feature',
        `rows[${i}] lacks feature "${missing.name}"${width - seen > 1 ? ` and ${width - seen - 1} more` : ''}; the model reads ${describeColumns(schema)}.`,
        `rows[${i}].${missing.name}`,
      );
    }
    for (let j = 0; j < width; j++) {
      const name = schema.columns[j].name;
      builder.set(j, i, obj[name], () => ({ field: `rows[${i}].${name}` }));
    }
  }
  return builder.build();
}
