import { inputColumns, type InputPreprocessing } from '@a3/data';

/**
 * What raw rows a model accepts: its input columns in training order (categorical ones as text),
 * the columns it was told to drop in training (ids, the label: accepted and ignored, so rows
 * can be sent as they appear in the training CSV), and, where unseen categories are an error
 * in its one-hot encoder, the known categories.
 */
export interface RowSchema {
  readonly columns: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical' }[];
  readonly index: ReadonlyMap<string, number>;
  readonly ignored: ReadonlySet<string>;
  /** Per column: the allowed categories, or null (numeric, or unseen categories encode as zeros). */
  readonly allowed: readonly (ReadonlySet<string> | null)[];
  /** Image models: CSV columns are taken by position (the first N), as `a3 score` reads them. */
  readonly positionalCsv: boolean;
}

export function rowSchemaFor(pre: InputPreprocessing, inputShape: readonly number[]): RowSchema {
  const columns = inputColumns(pre, inputShape);
  const allowed = columns.map((): ReadonlySet<string> | null => null);
  let ignored: ReadonlySet<string> = new Set();
  if (pre.kind === 'tabular') {
    const p = pre.preprocessor;
    ignored = new Set(p.drop.columns);
    if (p.oneHot.unknown === 'error') {
      for (const c of p.oneHot.columns)
        allowed[columns.findIndex((x) => x.name === c.name)] = new Set(c.categories);
    }
  }
  return {
    columns,
    index: new Map(columns.map((c, j) => [c.name, j])),
    ignored,
    allowed,
    positionalCsv: pre.kind === 'pixels',
  };
}

/** The model's input column names for messages, shortened for wide (image) models. */
export function describeColumns(schema: RowSchema, max = 12): string {
  const names = schema.columns.map((c) => c.name);
  return names.length > max
    ? `${names.slice(0, max).join(', ')}, … (${names.length} columns)`
    : names.join(', ');
}
