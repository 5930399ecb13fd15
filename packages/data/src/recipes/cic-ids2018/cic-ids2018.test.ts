import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCicIds2018 } from './cic-ids2018';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

describe('cic-ids2018 recipe (fixtures in the CICFlowMeter layout)', () => {
  it('reads a directory of day files: drops id columns and repeated headers, NaN/Infinity rows, one-hots Protocol', async () => {
    const d = await loadCicIds2018({ path: fixtures, seed: 1, testFraction: 0.3 });
    expect(d.classCounts).toEqual({ Benign: 11, BruteForce: 5, DDoS: 3, Infiltration: 2 });
    const names = d.featureNames ?? [];
    for (const gone of ['Timestamp', 'Flow ID', 'Src IP', 'Src Port', 'Dst IP', 'Label'])
      expect(names).not.toContain(gone);
    expect(names).toContain('Protocol=6');
    expect(names).toContain('Protocol=0');
    // 80 columns − Timestamp, Label, Protocol = 77 numeric; Protocol 17 only occurred in dropped rows.
    expect(names).toHaveLength(77 + 2);
    expect(d.notes.join('\n')).toMatch(/02-14-2018\.csv: 11 rows, 2 dropped/);
    expect(d.train.x.shape[0] + d.test.x.shape[0]).toBe(21);
  });

  it('keeps raw labels with labels: "attack", and can impute instead of dropping', async () => {
    const d = await loadCicIds2018({
      path: join(fixtures, '02-14-2018.csv'),
      labels: 'attack',
      onInvalid: 'impute-mean',
    });
    expect(d.classCounts).toEqual({ Benign: 8, 'FTP-BruteForce': 3, 'SSH-Bruteforce': 2 });
  });
});
