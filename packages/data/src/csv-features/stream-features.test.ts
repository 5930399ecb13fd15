import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@a3/core';
import { resolveCsvOptions } from '../csv/options';
import { readCsv } from '../csv/read-csv';
import { streamCsv, type CsvTensorStreamOptions } from '../csv/stream-csv';
import { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { sharedData } from '../testing/shared-data';
import { parseNumericCell } from '../table/cells';
import { parseNumericBytes } from './byte-number';
import { CsvFeatureReader } from './feature-reader';
import { csvFeaturesUnsupported, streamCsvFeatures } from './stream-features';

const dir = mkdtempSync(join(tmpdir(), 'a3-csv-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(text: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

interface Flat {
  rows: number[];
  width: number;
  lines: number[];
  startRows: number[];
  dropped: number;
}

/** Everything a scorer reads from the chunks, flattened; or the error's class and message. */
async function collect(
  chunks: AsyncIterable<{
    rows: { data: Float32Array; shape: readonly number[] };
    lines: Int32Array;
    startRow: number;
    dropped: number;
  }>,
): Promise<Flat | string> {
  const f: Flat = { rows: [], width: -1, lines: [], startRows: [], dropped: 0 };
  try {
    for await (const c of chunks) {
      f.rows.push(...c.rows.data);
      f.width = c.rows.shape[1];
      f.lines.push(...c.lines);
      f.startRows.push(c.startRow);
      f.dropped += c.dropped;
    }
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  return f;
}

/** The table reader + transform (the reference) and the byte reader give the same result. */
async function same(path: string, options: CsvTensorStreamOptions): Promise<Flat | string> {
  expect(csvFeaturesUnsupported(options)).toBeNull();
  const expected = await collect(streamCsv(path, options));
  const actual = await collect(streamCsvFeatures(path, options));
  expect(actual).toEqual(expected);
  return expected;
}

const TRAIN = [
  'id,proto,bytes,rate,flag,label',
  '1,tcp,100,0.5,SF,normal',
  '2,udp,2000,0.25,REJ,attack',
  '3,icmp,0,1.0,SF,normal',
  '4,tcp,35,0.125,S0,normal',
].join('\n');

async function fitted(): Promise<TabularPreprocessor> {
  const table = await readCsv(file(TRAIN), { drop: ['id', 'label'] });
  return TabularPreprocessor.fit(table);
}

describe('parseNumericBytes', () => {
  it('gives parseNumericCell’s number for every kind of token', () => {
    const rng = new Rng(7);
    const tokens = [
      '0',
      '-0',
      '12',
      '0.06',
      '-12983',
      '1.',
      '.5',
      '+3',
      '1e3',
      ' 7 ',
      '0x1F',
      '',
      'NaN',
      'inf',
      'abc',
      '123456789012345',
      '1234567890123456',
      '0.000000000000001',
      '99999999999999.9',
      '1_000',
      'é1',
      '-',
      '.',
    ];
    for (let i = 0; i < 2000; i++) {
      const digits = 1 + rng.int(17);
      let t = rng.next() < 0.3 ? '-' : '';
      for (let d = 0; d < digits; d++) t += String(rng.int(10));
      const dot = rng.int(digits + 1);
      if (rng.next() < 0.7) t = t.slice(0, t.length - dot) + '.' + t.slice(t.length - dot);
      tokens.push(t);
    }
    for (const t of tokens) {
      const bytes = Buffer.from(`xx${t}yy`, 'utf8');
      expect(Object.is(parseNumericBytes(bytes, 2, bytes.length - 2), parseNumericCell(t)), t).toBe(true);
    }
  });
});

describe('streamCsvFeatures', () => {
  it('matches streamCsv + transform on NSL-KDD', async (ctx) => {
    const nsl = sharedData('nsl-kdd', 'KDDTest+.txt');
    if (!nsl.available) return ctx.skip(nsl.reason);
    const lines = readFileSync(nsl.path, 'utf8').split('\n').slice(0, 3000);
    const header = Array.from({ length: 43 }, (_, j) =>
      j === 1 ? 'proto' : j === 2 ? 'service' : j === 3 ? 'flag' : j === 41 ? 'label' : `c${j}`,
    );
    const path = file([header.join(','), ...lines].join('\n'));
    const table = await readCsv(path, { drop: ['label', 'c42'], categorical: ['proto', 'service', 'flag'] });
    const pre = TabularPreprocessor.fit(table);
    const r = await same(path, { preprocessor: pre, chunkSize: 700 });
    expect(typeof r === 'object' && r.lines.length).toBe(lines.filter((l) => l.trim()).length);
  });

  it('matches on quotes, CRLF, blank lines, a BOM, repeated headers, unknown categories and no final newline', async () => {
    const pre = await fitted();
    const text = [
      'id,proto,bytes,rate,flag,label',
      '1,tcp,100,0.5,SF,normal',
      '',
      '2,"udp",2000,0.25,"R,EJ","multi',
      'line label"',
      'id,proto,bytes,rate,flag,label',
      '3, icmp ,7e2,1.5,SF,x',
      '4,gre,35,-0.125,S0,normal\r',
      '5,tcp," 12 ",0.5,SF,"a ""quoted"" word"',
      '6,tcp,1,2,SF,end',
    ].join('\n');
    await same(file(text), { preprocessor: pre, chunkSize: 2 });
    await same(
      file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))])),
      {
        preprocessor: pre,
        chunkSize: 3,
      },
    );
  });

  it('matches every invalid-value policy, messages included', async () => {
    const pre = await fitted();
    const text = [
      'id,proto,bytes,rate,flag,label',
      '1,tcp,100,0.5,SF,ok',
      '2,udp,NA,0.25,REJ,ok',
      '3,tcp,7,abc,SF,ok',
      '4,tcp,1,2',
      '5,tcp,1,2,SF,ok',
    ].join('\n');
    const path = file(text);
    expect(await same(path, { preprocessor: pre })).toMatch(/DataError: .*line 3, column "bytes" \(#3\)/);
    expect(await same(path, { preprocessor: pre, onInvalid: 'drop-row' })).toMatchObject({ dropped: 3 });
    expect(
      await same(file(text.replace('4,tcp,1,2\n', '')), { preprocessor: pre, onInvalid: 'impute-mean' }),
    ).toMatchObject({ dropped: 0 });
    expect(await same(path, { preprocessor: pre, onInvalid: 'impute-mean' })).toMatch(/line 5 has 4 fields/);
    const wide = [
      'id,proto,bytes,rate,flag',
      '1,tcp,1,2,SF,',
      '2,tcp,1,2,SF',
      '3,tcp,1,2,',
      '4,tcp,1,2,SF,x,y',
    ].join('\n');
    // '3,tcp,1,2,' has five fields (the last empty: an unseen category, all zeros).
    expect(await same(file(wide), { preprocessor: pre, onInvalid: 'drop-row' })).toMatchObject({
      dropped: 2,
    });
    expect(await same(file(wide), { preprocessor: pre })).toMatch(/line 2 has 6 fields/);
    expect(await same(file(wide.replace('1,tcp,1,2,SF,\n', '')), { preprocessor: pre })).toMatch(
      /line 4 has 7 fields but/,
    );
    expect(await same(file('id,proto,bites,rate,flag\n1,tcp,1,2,SF\n'), { preprocessor: pre })).toMatch(
      /lacks column\(s\) "bytes"/,
    );
    // Columns the model does not read are not type-checked (the table reader checks them all).
    const extra = file('id,proto,bytes,rate,flag,label\n1,tcp,1,2,SF,3\n2,tcp,1,2,SF,oops\n');
    expect(await collect(streamCsv(extra, { preprocessor: pre }))).toMatch(/column "label"/);
    expect(await collect(streamCsvFeatures(extra, { preprocessor: pre }))).toMatchObject({ lines: [2, 3] });
    expect(await same(file('id,proto,bytes,rate,flag\n1,"tcp,2,3,SF\n'), { preprocessor: pre })).toMatch(
      /never closed/,
    );
    expect(await same(file(''), { preprocessor: pre })).toMatch(/is empty/);
    expect(await same(file('id,proto,bytes,rate,flag,label\n'), { preprocessor: pre })).toMatchObject({
      lines: [],
    });
  });

  it('gives the same chunks whatever the read pieces (records cut anywhere)', async () => {
    const pre = await fitted();
    const rng = new Rng(3);
    const rows = ['id,proto,bytes,rate,flag,label'];
    for (let i = 0; i < 300; i++) {
      const proto = ['tcp', 'udp', 'icmp', '"tcp"'][rng.int(4)];
      rows.push(
        `${i},${proto},${rng.int(5000)},${(rng.next() * 3).toFixed(3)},${['SF', 'REJ', 'S0'][rng.int(3)]},${i % 7 ? 'n' : '"a\nb"'}`,
      );
    }
    const text = Buffer.from(rows.join('\n') + '\n');
    const path = file(text);
    const options = { preprocessor: pre, chunkSize: 64 };
    const expected = await collect(streamCsv(path, options));
    const opts = resolveCsvOptions(options, new Map(pre.inputs.map((c) => [c.name, c.kind] as const)));
    for (const maxPiece of [1, 7, 50, 4096]) {
      const reader = new CsvFeatureReader(path, pre, opts, pre.means);
      async function* pieces() {
        for (let at = 0; at < text.length;) {
          const n = 1 + rng.int(maxPiece);
          yield* reader.push(text.subarray(at, at + n), false);
          at += n;
        }
        yield* reader.push(Buffer.alloc(0), true);
      }
      expect(await collect(pieces())).toEqual(expected);
    }
  });

  it('says which options need the table reader', async () => {
    const pre = await fitted();
    expect(csvFeaturesUnsupported({ preprocessor: pre, header: false })).toMatch(/header/);
    expect(csvFeaturesUnsupported({ preprocessor: pre, delimiter: '§' })).toMatch(/delimiter/);
    expect(csvFeaturesUnsupported({ preprocessor: pre, drop: ['id'] })).toMatch(/drops/);
    expect(csvFeaturesUnsupported({ preprocessor: pre, header: ['a'] })).toBeNull();
  });
});

describe('streamCsvFeatures in a worker thread', () => {
  it('yields what the same-thread reader yields, errors included', async () => {
    // The built package ships dist/feature-worker.js; from source, bundle it here.
    const workerScript = join(dir, 'feature-worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./feature-worker.ts', import.meta.url))],
      outfile: workerScript,
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['@a3/source'],
      logLevel: 'error',
    });
    const pre = await fitted();
    const rng = new Rng(5);
    const rows = ['id,proto,bytes,rate,flag,label'];
    for (let i = 0; i < 2000; i++)
      rows.push(
        `${i},${['tcp', 'udp', '"icmp"'][rng.int(3)]},${rng.int(9000)},${rng.next().toFixed(4)},SF,x`,
      );
    const path = file(rows.join('\n'));
    for (const chunkSize of [1, 300, 5000]) {
      const local = await collect(streamCsvFeatures(path, { preprocessor: pre, chunkSize }));
      const threaded = await collect(
        streamCsvFeatures(path, { preprocessor: pre, chunkSize, worker: { workerScript, ahead: 2 } }),
      );
      expect(threaded).toEqual(local);
    }
    const bad = file(rows.join('\n').replace('\n7,', '\n7,tcp,NA,'));
    const message = await collect(streamCsvFeatures(bad, { preprocessor: pre, worker: { workerScript } }));
    expect(message).toEqual(await collect(streamCsvFeatures(bad, { preprocessor: pre })));
    expect(message).toMatch(/^DataError: .*line 9/);
    // Stopping early ends the worker (the generator's return).
    for await (const c of streamCsvFeatures(path, {
      preprocessor: pre,
      chunkSize: 10,
      worker: { workerScript },
    })) {
      expect(c.rows.shape).toEqual([10, pre.numFeatures]);
      break;
    }
  }, 60_000);
});
