import { DataError, FormatError, InvalidArgumentError, TensorData } from '@a3/core';
import { nanMean } from '../table/impute';
import { listSome, quoteInput, quoteValue } from '../messages/quote';
import type { ColumnKind, Table } from '../table/table';
import { DropColumns, type DropColumnsJSON } from './drop-columns';
import {
  expectArray,
  expectNumbers,
  expectObject,
  expectOneOf,
  expectString,
  expectStrings,
  expectType,
} from './json-checks';
import { MinMax, type MinMaxJSON } from './min-max';
import { OneHot, type OneHotJSON, type UnknownCategoryPolicy } from './one-hot';
import { Standard, type StandardJSON } from './standard';

export type ScalerKind = 'minmax' | 'standard' | 'none';

export interface TabularPreprocessorOptions {
  /** Columns removed before anything else (ids, timestamps, the label). */
  drop?: readonly string[];
  /** Numeric-looking columns to one-hot as categories too (codes such as a protocol number). */
  categorical?: readonly string[];
  /** Fixed vocabularies by column instead of the categories seen in training. */
  categories?: Readonly<Record<string, readonly string[]>>;
  /** Categories unseen in training: all-zero block (default) or error. */
  unknownCategory?: UnknownCategoryPolicy;
  /** Scaling fitted on the training features (after one-hot). Default 'minmax', as in the A³ paper. */
  scaler?: ScalerKind;
  /** With 'minmax': clip transformed values into [0, 1]. Default false. */
  clip?: boolean;
}

export interface InputColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface TabularPreprocessorJSON {
  readonly type: 'tabular';
  readonly version: 1;
  readonly drop: DropColumnsJSON;
  readonly inputs: { name: string; kind: ColumnKind }[];
  /** Training means of the numeric inputs, used to impute when scoring with onInvalid 'impute-mean'. */
  readonly means: Record<string, number>;
  readonly oneHot: OneHotJSON;
  readonly scaler: MinMaxJSON | StandardJSON | null;
  readonly featureNames: string[];
}

/**
 * Table (mixed numeric/categorical columns) → float32 features [rows, numFeatures]:
 * drop columns → numeric columns as they are, categorical columns one-hot, in table order →
 * scaler fitted on the training features. Fitted once on training data, saved as JSON next to
 * the model, and applied unchanged to validation, test and scoring data.
 */
export class TabularPreprocessor {
  private constructor(
    readonly drop: DropColumns,
    readonly inputs: readonly InputColumn[],
    readonly means: ReadonlyMap<string, number>,
    readonly oneHot: OneHot,
    readonly scaler: MinMax | Standard | null,
    readonly featureNames: readonly string[],
  ) {}

  get numFeatures(): number {
    return this.featureNames.length;
  }

  /** Columns to read as categorical when streaming raw data for this preprocessor. */
  get categoricalColumns(): string[] {
    return this.inputs.filter((c) => c.kind === 'categorical').map((c) => c.name);
  }

  static fit(table: Table, options: TabularPreprocessorOptions = {}): TabularPreprocessor {
    if (table.rowCount === 0)
      throw new InvalidArgumentError('Cannot fit a preprocessor on a table with no rows.');
    const drop = new DropColumns(options.drop ?? []);
    const missingDrop = drop.columns.filter((n) => !table.has(n));
    if (missingDrop.length) {
      throw new InvalidArgumentError(
        `drop names ${listSome(missingDrop)}, which the table does not have. Columns: ${listSome(table.columnNames)}.`,
      );
    }
    const kept = drop.apply(table);
    const asCategorical = new Set(options.categorical ?? []);
    for (const n of asCategorical) kept.column(n);
    const inputs: InputColumn[] = kept.columns.map((c) => ({
      name: c.name,
      kind: c.kind === 'categorical' || asCategorical.has(c.name) ? 'categorical' : 'numeric',
    }));
    const categorical = inputs.filter((c) => c.kind === 'categorical').map((c) => c.name);
    const oneHot = OneHot.fit(kept, categorical, {
      unknown: options.unknownCategory,
      categories: options.categories,
    });
    const means = new Map<string, number>();
    for (const c of inputs) if (c.kind === 'numeric') means.set(c.name, nanMean(kept.numeric(c.name)));
    const featureNames = layoutNames(inputs, oneHot);
    const unscaled = new TabularPreprocessor(drop, inputs, means, oneHot, null, featureNames);
    const scalerKind = options.scaler ?? 'minmax';
    if (scalerKind === 'none') return unscaled;
    const x = unscaled.transform(table);
    const scaler =
      scalerKind === 'minmax'
        ? MinMax.fit(x, { clip: options.clip ?? false }, featureNames)
        : scalerKind === 'standard'
          ? Standard.fit(x, featureNames)
          : failScaler(scalerKind);
    return new TabularPreprocessor(drop, inputs, means, oneHot, scaler, featureNames);
  }

  transform(table: Table): TensorData<'float32'> {
    const missing = this.inputs.filter((c) => !table.has(c.name)).map((c) => c.name);
    if (missing.length) {
      throw new DataError(
        `The data lacks column(s) ${listSome(missing)} that the preprocessor was fitted on. ` +
          `It has: ${listSome(table.columnNames)}.`,
      );
    }
    const rows = table.rowCount;
    const stride = this.numFeatures;
    const out = new Float32Array(rows * stride);
    let offset = 0;
    let k = 0;
    for (const input of this.inputs) {
      if (input.kind === 'categorical') {
        this.oneHot.encodeColumn(k, table.categorical(input.name), out, stride, offset);
        offset += this.oneHot.columns[k++].categories.length;
        continue;
      }
      const values = table.numeric(input.name);
      for (let i = 0; i < rows; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) {
          throw new DataError(
            `Row ${i}, column ${quoteInput(input.name)} is ${v}; read the data with onInvalid "drop-row" or "impute-mean".`,
          );
        }
        out[i * stride + offset] = v;
      }
      offset++;
    }
    this.scaler?.transformInPlace(out, stride);
    return new TensorData([rows, stride], 'float32', out);
  }

  toJSON(): TabularPreprocessorJSON {
    return {
      type: 'tabular',
      version: 1,
      drop: this.drop.toJSON(),
      inputs: this.inputs.map((c) => ({ name: c.name, kind: c.kind })),
      means: Object.fromEntries(this.means),
      oneHot: this.oneHot.toJSON(),
      scaler: this.scaler ? this.scaler.toJSON() : null,
      featureNames: [...this.featureNames],
    };
  }

  static fromJSON(json: unknown): TabularPreprocessor {
    const o = expectObject(json, 'preprocessor');
    expectType(o, 'tabular', 'preprocessor');
    if (o.version !== 1) {
      throw new FormatError(
        `Preprocessor JSON version ${quoteValue(o.version)} is not supported by this @a3/data (reads version 1); upgrade @a3/data.`,
      );
    }
    const drop = DropColumns.fromJSON(o.drop, 'preprocessor.drop');
    const inputs = expectArray(o.inputs, 'preprocessor.inputs').map((c, i): InputColumn => {
      const co = expectObject(c, `preprocessor.inputs[${i}]`);
      return {
        name: expectString(co.name, `preprocessor.inputs[${i}].name`),
        kind: expectOneOf(co.kind, ['numeric', 'categorical'] as const, `preprocessor.inputs[${i}].kind`),
      };
    });
    const meansObj = expectObject(o.means, 'preprocessor.means');
    const names = Object.keys(meansObj);
    const meanValues = expectNumbers(
      names.map((n) => meansObj[n]),
      'preprocessor.means',
    );
    const means = new Map(names.map((n, i) => [n, meanValues[i]]));
    const oneHot = OneHot.fromJSON(o.oneHot, 'preprocessor.oneHot');
    const scalerObj = o.scaler === null ? null : expectObject(o.scaler, 'preprocessor.scaler');
    const scaler =
      scalerObj === null
        ? null
        : scalerObj.type === 'standard'
          ? Standard.fromJSON(scalerObj, 'preprocessor.scaler')
          : MinMax.fromJSON(scalerObj, 'preprocessor.scaler');
    const featureNames = expectStrings(o.featureNames, 'preprocessor.featureNames');
    const expected = layoutNames(inputs, oneHot);
    if (expected.length !== featureNames.length || (scaler && scaler.numFeatures !== featureNames.length)) {
      throw new FormatError(
        `Preprocessor JSON is inconsistent: inputs and one-hot give ${expected.length} features, ` +
          `featureNames lists ${featureNames.length}${scaler ? `, the scaler has ${scaler.numFeatures}` : ''}.`,
      );
    }
    return new TabularPreprocessor(drop, inputs, means, oneHot, scaler, featureNames);
  }
}

function layoutNames(inputs: readonly InputColumn[], oneHot: OneHot): string[] {
  const names: string[] = [];
  let k = 0;
  for (const c of inputs) {
    if (c.kind === 'numeric') names.push(c.name);
    else {
      const col = oneHot.columns[k++];
      if (!col || col.name !== c.name) {
        throw new FormatError(
          `One-hot columns do not match the categorical inputs at ${quoteInput(c.name)}.`,
        );
      }
      for (const cat of col.categories) names.push(`${c.name}=${cat}`);
    }
  }
  return names;
}

function failScaler(kind: string): never {
  throw new InvalidArgumentError(`scaler must be "minmax", "standard" or "none", got ${quoteValue(kind)}.`);
}
