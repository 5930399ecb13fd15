import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelSources } from './model-source';

describe('parseModelSources', () => {
  it('names a model after its directory, or NAME=DIR', () => {
    expect(parseModelSources(['models/nsl-kdd/', 'flows=./x/y'])).toEqual([
      { name: 'nsl-kdd', dir: resolve('models/nsl-kdd') },
      { name: 'flows', dir: resolve('x/y') },
    ]);
  });

  it('refuses names that are not URL-safe, duplicates and an empty list', () => {
    // "./a=b" has no NAME= prefix (a name starts with a letter or digit): its basename "a=b" is the name.
    expect(() => parseModelSources(['./a=b'])).toThrow(
      /"a=b" .* is not URL-safe; name it explicitly as NAME=DIR/,
    );
    expect(() => parseModelSources(['a/m', 'b/m'])).toThrow(/two models are named "m"/);
    expect(() => parseModelSources([])).toThrow(/no model to serve/);
  });
});
