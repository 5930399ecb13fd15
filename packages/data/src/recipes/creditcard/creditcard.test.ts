import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDir } from '../../testing/temp-files';
import { loadCreditcard } from './creditcard';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('creditcard recipe (fixture in the Kaggle schema)', () => {
  it('drops Time, labels Class 0/1 as normal/fraud and holds out a stratified, seeded test set', async () => {
    const d = await loadCreditcard({ path: fixtures, seed: 2409 });
    expect(d.featureNames).toHaveLength(29);
    expect(d.featureNames?.[0]).toBe('V1');
    expect(d.classCounts).toEqual({ fraud: 5, normal: 10 });
    expect(d.train.x.shape).toEqual([12, 29]);
    expect(d.test.labels.slice().sort()).toEqual(['fraud', 'normal', 'normal']);
    const again = await loadCreditcard({ path: join(fixtures, 'creditcard.csv'), seed: 2409 });
    expect(again.test.x.toArray()).toEqual(d.test.x.toArray());
    expect(d.preprocessor?.toJSON().scaler?.type).toBe('minmax');
  });

  it('rejects a CSV that is not in the Kaggle schema', async () => {
    const f = tmp.write('other.csv', 'a,b,Class\n1,2,0\n');
    await expect(loadCreditcard({ path: f })).rejects.toThrow(
      /lacks column\(s\) Time, V1, .*Kaggle creditcard\.csv schema/,
    );
  });
});
