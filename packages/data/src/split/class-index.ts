import { InvalidArgumentError } from '@a3/core';
import { listSome, quoteInput } from '../messages/quote';

/** Row indices per class name, ascending, and the class names in sorted order. */
export class ClassIndex {
  readonly rows = new Map<string, number[]>();

  constructor(labels: readonly string[], subset?: ArrayLike<number>) {
    const n = subset ? subset.length : labels.length;
    for (let k = 0; k < n; k++) {
      const i = subset ? subset[k] : k;
      const c = labels[i];
      const list = this.rows.get(c);
      if (list) list.push(i);
      else this.rows.set(c, [i]);
    }
  }

  /** Sorted so every seeded operation visits classes in the same order regardless of row order. */
  get classes(): string[] {
    return [...this.rows.keys()].sort();
  }

  count(c: string): number {
    return this.rows.get(c)?.length ?? 0;
  }

  /** Rows of any of the classes, ascending. */
  rowsOf(classes: Iterable<string>): number[] {
    const out: number[] = [];
    for (const c of classes) for (const i of this.rows.get(c) ?? []) out.push(i);
    return out.sort((a, b) => a - b);
  }

  /** The classes with their row counts, at most a few of them (a numeric label column has thousands). */
  describe(): string {
    return listSome(this.classes, undefined, (c) => `${quoteInput(c)} (${this.count(c)})`);
  }

  /** Fails with the available classes listed when a requested class name does not occur. */
  requireClasses(names: readonly string[], role: string, where: string): void {
    const missing = names.filter((n) => !this.rows.has(n));
    if (missing.length) {
      throw new InvalidArgumentError(
        `Unknown ${role} class(es) ${listSome(missing)} in the ${where} data. ` +
          `Available classes (rows): ${this.describe()}.`,
      );
    }
  }
}
