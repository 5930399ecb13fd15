import { Rng } from '@a3/core';

/** What the benchmark needs of a model's `GET /v1/models` entry. */
export interface ServedModelInfo {
  name: string;
  inputs: { name: string; kind: 'numeric' | 'categorical' }[];
  /** Encoded features; one-hot ones are `column=category`, which tells the categories. */
  featureNames: string[];
}

/**
 * Seeded synthetic request bodies of the model's real shape: `{"rows": [...]}` with `rows`
 * objects by column name, numbers in [0, 100) and categories drawn from those the model knows.
 * Timing does not depend on the values; the shape (columns, strings to one-hot) is what costs.
 */
export function requestBodies(
  model: ServedModelInfo,
  rowsPerRequest: number,
  count: number,
  seed: number,
): string[] {
  const rng = new Rng(seed);
  const categories = new Map<string, string[]>();
  for (const f of model.featureNames) {
    const at = f.indexOf('=');
    if (at < 0) continue;
    const col = f.slice(0, at);
    categories.set(col, [...(categories.get(col) ?? []), f.slice(at + 1)]);
  }
  const bodies: string[] = [];
  for (let b = 0; b < count; b++) {
    const rows = Array.from({ length: rowsPerRequest }, () => {
      const row: Record<string, string | number> = {};
      for (const c of model.inputs) {
        if (c.kind === 'numeric') row[c.name] = Math.round(rng.next() * 1e5) / 1e3;
        else {
          const known = categories.get(c.name) ?? ['x'];
          row[c.name] = known[rng.int(known.length)];
        }
      }
      return row;
    });
    bodies.push(JSON.stringify({ rows }));
  }
  return bodies;
}
