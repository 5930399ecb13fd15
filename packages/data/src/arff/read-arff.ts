import { FormatError } from '@a3/core';
import { readBytes } from '../io/read-bytes';
import { quoteInput } from '../messages/quote';
import { DEFAULT_MISSING_TOKENS, type InvalidPolicy } from '../table/cells';
import { imputeMeans } from '../table/impute';
import type { ColumnSpec } from '../table/table-builder';
import { TableBuilder } from '../table/table-builder';
import type { Table } from '../table/table';
import { type ArffAttribute, parseArffName, parseAttribute, splitArffValues } from './arff-header';

export interface ArffReadOptions {
  /** Policy for missing ("?") or invalid values; as for CSV. Default 'error'. */
  onInvalid?: InvalidPolicy;
}

export interface ArffData {
  readonly relation: string;
  readonly attributes: readonly ArffAttribute[];
  /** numeric/real/integer → numeric columns; nominal → categorical with its declared categories;
   *  string/date → categorical without a fixed list. */
  readonly table: Table;
}

/**
 * Reads a (dense) ARFF file: @relation, @attribute, @data, % comments, quoted names and values.
 * Sparse ARFF ({index value, ...} rows) is rejected with a FormatError.
 */
export function readArff(file: string, options: ArffReadOptions = {}): ArffData {
  const text = Buffer.from(readBytes(file)).toString('utf8');
  const onInvalid = options.onInvalid ?? 'error';
  let relation = '';
  const attributes: ArffAttribute[] = [];
  let builder: TableBuilder | null = null;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const raw = text.slice(pos, end);
    pos = end + 1;
    line++;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed[0] === '%') continue;
    const where = `${file}: line ${line}`;
    if (builder) {
      if (trimmed[0] === '{') {
        throw new FormatError(
          `${where}: sparse ARFF rows are not supported; save the data as dense ARFF or CSV.`,
        );
      }
      // Rows without quotes (the usual case) split natively; quoted rows need the ARFF rules.
      const fields =
        trimmed.includes("'") || trimmed.includes('"') ? splitArffValues(trimmed, where) : trimmed.split(',');
      builder.add(fields, line);
      continue;
    }
    if (trimmed[0] !== '@')
      throw new FormatError(`${where}: expected @relation, @attribute or @data before data rows.`);
    const keyword = /^@(\w+)/.exec(trimmed)?.[1]?.toLowerCase();
    const rest = trimmed.slice((keyword?.length ?? 0) + 1);
    if (keyword === 'relation') relation = parseArffName(rest, where)[0];
    else if (keyword === 'attribute') attributes.push(parseAttribute(rest, where));
    else if (keyword === 'data') {
      if (!attributes.length) throw new FormatError(`${where}: @data comes before any @attribute.`);
      builder = new TableBuilder(attributes.map(toSpec), {
        file,
        onInvalid,
        missing: new Set(DEFAULT_MISSING_TOKENS),
        trim: true,
      });
    } else throw new FormatError(`${where}: unknown header keyword ${quoteInput(`@${keyword ?? ''}`)}.`);
  }
  if (!builder) throw new FormatError(`${file}: no @data section; is this an ARFF file?`);
  const table = builder.build().table;
  return { relation, attributes, table: onInvalid === 'impute-mean' ? imputeMeans(table, file) : table };
}

function toSpec(a: ArffAttribute): ColumnSpec {
  if (a.type.kind === 'numeric') return { name: a.name, kind: 'numeric', origin: 'declared' };
  if (a.type.kind === 'nominal') {
    return { name: a.name, kind: 'categorical', categories: a.type.categories, origin: 'declared' };
  }
  return { name: a.name, kind: 'categorical', origin: 'declared' };
}
