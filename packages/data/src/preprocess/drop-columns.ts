import type { Table } from '../table/table';
import { expectObject, expectStrings, expectType } from './json-checks';

export interface DropColumnsJSON {
  readonly type: 'drop-columns';
  readonly columns: string[];
}

/** Removes columns (ids, timestamps, leaked labels). Absent columns are fine: there is nothing to drop. */
export class DropColumns {
  readonly columns: readonly string[];

  constructor(columns: readonly string[]) {
    this.columns = [...columns];
  }

  apply(table: Table): Table {
    return this.columns.length ? table.drop(this.columns, { ignoreMissing: true }) : table;
  }

  toJSON(): DropColumnsJSON {
    return { type: 'drop-columns', columns: [...this.columns] };
  }

  static fromJSON(json: unknown, path = 'drop'): DropColumns {
    const o = expectObject(json, path);
    expectType(o, 'drop-columns', path);
    return new DropColumns(expectStrings(o.columns, `${path}.columns`));
  }
}
