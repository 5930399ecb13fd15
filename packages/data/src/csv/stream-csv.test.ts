import { afterAll, describe, expect, it } from 'vitest';
import { concatRows } from '@a3/core';
import { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { TempDir } from '../testing/temp-files';
import { readCsv } from './read-csv';
import { streamCsv } from './stream-csv';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('streamCsv with a fitted preprocessor', () => {
  it('yields preprocessed float32 chunks equal to transforming the whole file', async () => {
    const train = tmp.write(
      'train.csv',
      'proto,flag,bytes,label\ntcp,0,10,normal\nudp,1,30,normal\ntcp,1,20,attack\n',
    );
    const pre = TabularPreprocessor.fit(await readCsv(train), { drop: ['label'], categorical: ['flag'] });
    // The scoring file has columns in another order, an extra id column, an unseen category,
    // and a flag column that looks numeric but must be read as categories like in training.
    const lines = ['id,bytes,flag,proto'];
    for (let i = 0; i < 25; i++) lines.push(`${i},${i},${i % 2},${i % 3 === 0 ? 'icmp' : 'tcp'}`);
    const score = tmp.write('score.csv', lines.join('\n'));
    const chunks = [];
    for await (const c of streamCsv(score, { preprocessor: pre, chunkSize: 10 })) chunks.push(c);
    expect(chunks.map((c) => [c.startRow, c.rows.shape[0], c.rows.shape[1]])).toEqual([
      [0, 10, 5],
      [10, 10, 5],
      [20, 5, 5],
    ]);
    const whole = pre.transform(await readCsv(score, { categorical: ['flag'] }));
    expect(concatRows(chunks.map((c) => c.rows)).toArray()).toEqual(whole.toArray());
    expect(chunks[0].table.numeric('id')[3]).toBe(3);
  });

  it('imputes invalid cells with the training means under impute-mean', async () => {
    const train = tmp.write('t2.csv', 'a,b\n0,0\n10,100\n');
    const pre = TabularPreprocessor.fit(await readCsv(train));
    const score = tmp.write('s2.csv', 'a,b\nNA,50\n5,Infinity\n');
    const out = [];
    for await (const c of streamCsv(score, { preprocessor: pre, onInvalid: 'impute-mean' }))
      out.push(...c.rows.toArray());
    expect(out).toEqual([0.5, 0.5, 0.5, 0.5]);
    await expect(async () => {
      for await (const c of streamCsv(score, { preprocessor: pre })) expect(c).toBeDefined();
    }).rejects.toThrow(/s2\.csv: line 2, column "a"/);
  });
});
