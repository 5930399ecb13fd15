import { DataError, InvalidArgumentError, TensorData } from '@a3/core';
import { listSome, quoteInput, quoteValue } from '../messages/quote';
import type { Table } from '../table/table';
import {
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  expectStrings,
  expectType,
} from './json-checks';

/** What a category never seen in training becomes: an all-zero block, or an error. */
export type UnknownCategoryPolicy = 'zeros' | 'error';
const UNKNOWN_POLICIES: readonly UnknownCategoryPolicy[] = ['zeros', 'error'];

export interface OneHotColumn {
  readonly name: string;
  readonly categories: readonly string[];
}

export interface OneHotOptions {
  unknown?: UnknownCategoryPolicy;
  /** Fixed vocabularies by column (e.g. the full NSL-KDD service list), instead of those seen in training. */
  categories?: Readonly<Record<string, readonly string[]>>;
}

export interface OneHotJSON {
  readonly type: 'one-hot';
  readonly unknown: UnknownCategoryPolicy;
  readonly columns: OneHotColumn[];
}

/**
 * One-hot encoding with vocabularies fixed at fit time, so train and test get identical feature
 * layouts. Vocabulary order: a given list, else the column's declared categories (ARFF), else the
 * sorted distinct training values — sorted, so the layout does not depend on row order.
 */
export class OneHot {
  private readonly index: Map<string, number>[];

  private constructor(
    readonly columns: readonly OneHotColumn[],
    readonly unknown: UnknownCategoryPolicy,
  ) {
    this.index = columns.map((c) => {
      const m = new Map<string, number>();
      c.categories.forEach((cat, i) => {
        if (m.has(cat))
          throw new InvalidArgumentError(
            `One-hot column ${quoteInput(c.name)} lists category ${quoteInput(cat)} twice.`,
          );
        m.set(cat, i);
      });
      return m;
    });
  }

  static fit(table: Table, columns: readonly string[], options: OneHotOptions = {}): OneHot {
    const unknown = options.unknown ?? 'zeros';
    if (!UNKNOWN_POLICIES.includes(unknown)) {
      throw new InvalidArgumentError(`unknown must be "zeros" or "error", got ${quoteValue(unknown)}.`);
    }
    const fitted = columns.map((name): OneHotColumn => {
      const given = options.categories?.[name];
      if (given) return { name, categories: [...given] };
      const col = table.column(name);
      if (col.kind === 'categorical' && col.categories) return { name, categories: [...col.categories] };
      return { name, categories: [...new Set(table.categorical(name))].sort() };
    });
    return new OneHot(fitted, unknown);
  }

  get featureNames(): string[] {
    return this.columns.flatMap((c) => c.categories.map((cat) => `${c.name}=${cat}`));
  }

  get numFeatures(): number {
    return this.columns.reduce((s, c) => s + c.categories.length, 0);
  }

  /**
   * Writes column `k`'s indicators into a row-major buffer of `stride` features per row, starting
   * at feature `offset`; the buffer must be zeroed.
   */
  encodeColumn(
    k: number,
    values: readonly string[],
    out: Float32Array,
    stride: number,
    offset: number,
  ): void {
    const index = this.index[k];
    for (let i = 0; i < values.length; i++) {
      const at = index.get(values[i]);
      if (at !== undefined) out[i * stride + offset + at] = 1;
      else if (this.unknown === 'error') this.failUnknown(k, i, values[i]);
    }
  }

  /** Only the one-hot features of the fitted columns, in fitted order. */
  transform(table: Table): TensorData<'float32'> {
    const stride = this.numFeatures;
    const out = new Float32Array(table.rowCount * stride);
    let offset = 0;
    this.columns.forEach((c, k) => {
      this.encodeColumn(k, table.categorical(c.name), out, stride, offset);
      offset += c.categories.length;
    });
    return new TensorData([table.rowCount, stride], 'float32', out);
  }

  toJSON(): OneHotJSON {
    return {
      type: 'one-hot',
      unknown: this.unknown,
      columns: this.columns.map((c) => ({ name: c.name, categories: [...c.categories] })),
    };
  }

  static fromJSON(json: unknown, path = 'oneHot'): OneHot {
    const o = expectObject(json, path);
    expectType(o, 'one-hot', path);
    const columns = expectArray(o.columns, `${path}.columns`).map((c, i) => {
      const co = expectObject(c, `${path}.columns[${i}]`);
      return {
        name: expectString(co.name, `${path}.columns[${i}].name`),
        categories: expectStrings(co.categories, `${path}.columns[${i}].categories`),
      };
    });
    return new OneHot(columns, expectOneOf(o.unknown, UNKNOWN_POLICIES, `${path}.unknown`));
  }

  private failUnknown(k: number, row: number, value: string): never {
    const c = this.columns[k];
    throw new DataError(
      `Row ${row}, column ${quoteInput(c.name)}: category ${quoteInput(value)} was not seen in training ` +
        `(known: ${listSome(c.categories)}). Use unknown: "zeros" to encode it as all zeros, or refit on data that has it.`,
    );
  }
}
