import { CsvTokenizer, type Table } from '@a3/data';
import { A3Error } from '@a3/core';
import { quoteInput, RequestError } from '../http/request-error';
import { ColumnBuilder } from './column-builder';
import { describeColumns, type RowSchema } from './row-schema';

const SOURCE = 'request body';

/**
 * A CSV request body (header row first) as a table of the model's input columns, read as
 * `a3 score` reads a file: RFC 4180 quoting, numbers parsed the same way, categorical values
 * trimmed, rows identical to the header skipped. Columns are matched by header name (columns
 * dropped in training are ignored, others are an error); image models take the first N columns
 * by position, as `a3 score` does. At most `maxRows` data rows.
 */
export function csvToTable(text: string, schema: RowSchema, maxRows: number): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { fields: string[]; line: number }[] = [];
  // Set by the sink (a closure), so held in an object TypeScript does not narrow to null.
  const read: { header: string[] | null } = { header: null };
  const tokenizer = new CsvTokenizer(',', SOURCE);
  const sink = (fields: string[], line: number): void => {
    const header = read.header;
    if (header === null) {
      read.header = fields.map((f) => f.trim());
      return;
    }
    if (fields.length === header.length && fields.every((f, j) => f.trim() === header[j])) return;
    if (records.length >= maxRows) {
      throw new RequestError(
        'too_many_rows',
        `the CSV body has more than ${maxRows} rows, the limit per request; split it into several requests.`,
        'body',
      );
    }
    records.push({ fields: [...fields], line });
  };
  try {
    tokenizer.push(body, sink);
    tokenizer.end(sink);
  } catch (err) {
    if (err instanceof RequestError) throw err;
    if (err instanceof A3Error) throw new RequestError('bad_csv', err.message, 'body');
    throw err;
  }
  const header = read.header;
  if (header === null) {
    throw new RequestError(
      'bad_csv',
      'the CSV body is empty; send a header row, then the rows to score.',
      'body',
    );
  }
  const positions = columnPositions(header, schema);
  const builder = new ColumnBuilder(schema, records.length);
  const width = header.length;
  records.forEach(({ fields, line }, i) => {
    if (fields.length !== width) {
      throw new RequestError(
        'wrong_width',
        `line ${line} has ${fields.length} fields but the header has ${width}; quote values that contain commas.`,
        `line ${line}`,
        line,
      );
    }
    for (let j = 0; j < positions.length; j++) {
      const value = fields[positions[j]];
      if (!builder.set(j, i, value)) throw builder.fail(j, value, { field: schema.columns[j].name, line });
    }
  });
  return builder.build();
}

/** For each model input column, its position in the CSV header. */
function columnPositions(header: readonly string[], schema: RowSchema): number[] {
  const width = schema.columns.length;
  if (schema.positionalCsv) {
    if (header.length < width) {
      throw new RequestError(
        'wrong_width',
        `the CSV has ${header.length} columns but the model reads ${width} pixel columns (the first ${width}, by position).`,
        'header',
        1,
      );
    }
    return schema.columns.map((_, j) => j);
  }
  const positions = new Array<number>(width).fill(-1);
  header.forEach((name, at) => {
    const j = schema.index.get(name);
    if (j === undefined) {
      if (schema.ignored.has(name)) return;
      throw new RequestError(
        'unknown_feature',
        `the CSV header names unknown feature ${quoteInput(name)}; the model reads ${describeColumns(schema)}.`,
        name.slice(0, 40),
        1,
      );
    }
    if (positions[j] !== -1) {
      throw new RequestError('duplicate_feature', `the CSV header names "${name}" twice.`, name, 1);
    }
    positions[j] = at;
  });
  const missing = schema.columns.filter((_, j) => positions[j] === -1).map((c) => c.name);
  if (missing.length) {
    throw new RequestError(
      'missing_feature',
      `the CSV lacks feature column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}; the model reads ${describeColumns(schema)}.`,
      missing[0],
      1,
    );
  }
  return positions;
}
