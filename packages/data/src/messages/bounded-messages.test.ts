import { afterAll, describe, expect, it } from 'vitest';
import { A3Error } from '@a3/core';
import { readArff } from '../arff/read-arff';
import { readCsvFirstRecord } from '../csv/read-header';
import { readCsv } from '../csv/read-csv';
import { readNpy } from '../npy/npy';
import { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { loadCsvDataset } from '../recipes/csv/csv-recipe';
import { TempDir } from '../testing/temp-files';
import { listSome, quoteInput } from './quote';

const tmp = new TempDir();
afterAll(() => tmp.remove());

/** 2 MB of text without delimiters or quotes: one "cell" that a message must not echo whole. */
const HUGE = 'x'.repeat(2_000_000);

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(A3Error);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

/** The file path appears in messages; what comes from the file's content is capped. */
function expectBounded(message: string, file = ''): void {
  expect(message.length - file.length).toBeLessThan(700);
  expect(message).toContain('…');
}

describe('quoteInput / listSome', () => {
  it('quotes at most 100 characters of input, escaping control characters', () => {
    expect(quoteInput('tcp')).toBe('"tcp"');
    expect(quoteInput('a\u0000b\nc')).toBe('"a\\u0000b\\nc"');
    const q = quoteInput('y'.repeat(5000));
    expect(q).toBe(`"${'y'.repeat(100)}…" (5,000 characters)`);
  });

  it('lists at most 10 items and counts the rest', () => {
    expect(listSome(['a', 'b'])).toBe('"a", "b"');
    const many = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    expect(listSome(many)).toBe(
      `${many
        .slice(0, 10)
        .map((c) => `"${c}"`)
        .join(', ')}, … and 4,990 more`,
    );
    expect(listSome([])).toBe('none');
  });
});

describe('no reader echoes a huge input into a message (regression: a 50 MB header line in one error)', () => {
  it('CSV: duplicate header names, unknown option columns, label columns, bad cells', async () => {
    const dup = tmp.write('dup.csv', `${HUGE},${HUGE}\n1,2\n`);
    expectBounded(await messageOf(() => readCsv(dup)), dup);
    const wide = tmp.write('wide.csv', `${HUGE},b\n1,2\n`);
    expectBounded(await messageOf(() => readCsv(wide, { drop: ['nope'] })), wide);
    expectBounded(await messageOf(() => loadCsvDataset({ path: wide })), wide);
    expectBounded(await messageOf(() => loadCsvDataset({ path: wide, labelColumn: 'nope' })), wide);
    const cell = tmp.write('cell.csv', `a,b\n1,2\n3,${HUGE}\n`);
    expectBounded(await messageOf(() => readCsv(cell, { numeric: ['b'] })), cell);
    expect(readCsvFirstRecord(wide)[0].length).toBe(HUGE.length);
  });

  it('NPY: an unreadable header, and one too long to read', async () => {
    const npy = (header: string): Buffer =>
      Buffer.concat([
        Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]),
        Buffer.from(new Uint32Array([header.length]).buffer),
        Buffer.from(header, 'latin1'),
      ]);
    const f = tmp.write('long-header.npy', npy(`{'descr': '<f8', 'shape': ${'x'.repeat(60_000)} }`));
    expectBounded(await messageOf(() => readNpy(f)), f);
    const g = tmp.write('huge-header.npy', npy(`{'descr': '<f8', 'shape': ${HUGE} }`));
    expect(await messageOf(() => readNpy(g))).toMatch(
      /header is 2,000,0\d\d bytes long; a3 reads headers up to 65,536/,
    );
  });

  it('ARFF: an unknown attribute type and a value outside a nominal list', async () => {
    const type = tmp.write('type.arff', `@relation r\n@attribute a ${HUGE}\n@data\n1\n`);
    expectBounded(await messageOf(() => readArff(type)), type);
    const nominal = tmp.write('nominal.arff', `@relation r\n@attribute a {x,y}\n@data\n${HUGE}\n`);
    expectBounded(await messageOf(() => readArff(nominal)), nominal);
  });

  it('preprocessor JSON and unknown categories', async () => {
    expectBounded(await messageOf(() => TabularPreprocessor.fromJSON({ type: HUGE })));
  });
});
