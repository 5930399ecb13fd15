import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Backend, Rng, TensorData } from '@a3/core';
import { readCsv, TabularPreprocessor } from '@a3/data';
import { A3Detector, MANIFEST_FILE, WEIGHTS_FILE } from '@a3/model';
import { BYTE_MUTATORS, type Mutator } from '../mutate/bytes';
import { editJson, jsonEdit } from '../mutate/json';
import type { FuzzFormat } from './format';
import { utf8 } from './format';

/** safetensors: 8-byte little-endian header length, a JSON header, then the data. */
const SAFETENSORS_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  header(bytes, rng) {
    if (bytes.length < 8) return bytes.slice();
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(view.readBigUInt64LE(0));
    if (8 + n > bytes.length) return bytes.slice();
    const header = jsonEdit(bytes.subarray(8, 8 + n), rng);
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    return new Uint8Array(Buffer.concat([length, header, bytes.subarray(8 + n)]));
  },
  headerLength(bytes, rng) {
    const out = bytes.slice();
    if (out.length >= 8) {
      const values = [0n, 1n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n, BigInt(out.length)];
      Buffer.from(out.buffer).writeBigUInt64LE(values[rng.int(values.length)], 0);
    }
    return out;
  },
};

const HUGE = [0, -1, 1e6, 1e9, 2 ** 31, 2 ** 32 + 1, 1e15, 1e300];

/**
 * The edit of issue 13: a size in a3.json's architecture (layer widths, input shape, tap widths)
 * set to something huge, which must fail on a shape check before anything is allocated.
 */
const amplify: Mutator = (bytes, rng) => {
  let doc: { config?: unknown; inputShape?: unknown; taps?: unknown };
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof doc;
  } catch {
    return bytes.slice();
  }
  const sizes: { holder: Record<string | number, unknown>; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const holder = v as Record<string | number, unknown>;
    for (const [k, x] of Object.entries(holder)) {
      if (typeof x === 'number') sizes.push({ holder, key: Array.isArray(v) ? Number(k) : k });
      else walk(x);
    }
  };
  walk([doc.config, doc.inputShape, doc.taps]);
  if (sizes.length) {
    const { holder, key } = sizes[rng.int(sizes.length)];
    holder[key] = HUGE[rng.int(HUGE.length)];
  }
  return utf8(JSON.stringify(doc));
};

/** a3.json: mostly structural edits (sizes of 1e9, wrong types), some byte-level damage. */
const MANIFEST_MUTATORS: Readonly<Record<string, Mutator>> = {
  // Most byte edits make a3.json unparsable, which is one check; keep a few, favour the structure.
  bitFlips: BYTE_MUTATORS.bitFlips,
  truncate: BYTE_MUTATORS.truncate,
  insertNul: BYTE_MUTATORS.insertNul,
  byteOrderMark: BYTE_MUTATORS.byteOrderMark,
  json1: jsonEdit,
  json2: jsonEdit,
  json3: jsonEdit,
  amplify1: amplify,
  amplify2: amplify,
  amplify3: amplify,
};

const TINY = {
  targetOptions: { encoder: [6, 3] },
  alarm: { hidden: [8] },
  targetTraining: { epochs: 1, batchSize: 32 },
  alarmTraining: { epochs: 1, batchSize: 32 },
};

function samples(rows: number, seed: number): TensorData<'float32'> {
  const rng = new Rng(seed);
  return new TensorData(
    [rows, 5],
    'float32',
    Float32Array.from({ length: rows * 5 }, () => rng.next()),
  );
}

/**
 * Model directories (a3.json + weights.safetensors of a small fitted detector) through
 * A3Detector.load, and a score of a few rows when the load succeeds.
 */
export function modelFormat(cases: number): FuzzFormat {
  let backend: Backend | undefined;
  const x = samples(4, 7);
  return {
    name: 'model',
    cases,
    async prepare(scratch) {
      const detector = await new A3Detector({ ...TINY, seed: 3 }).fit({ x: samples(64, 1) });
      backend = detector.backend;
      const dir = join(scratch, 'model');
      await detector.save(dir);
      detector.dispose();
      return [
        {
          files: {
            [MANIFEST_FILE]: new Uint8Array(readFileSync(join(dir, MANIFEST_FILE))),
            [WEIGHTS_FILE]: new Uint8Array(readFileSync(join(dir, WEIGHTS_FILE))),
          },
        },
      ];
    },
    mutators: (file) => (file === WEIGHTS_FILE ? SAFETENSORS_MUTATORS : MANIFEST_MUTATORS),
    async read(dir, rng) {
      const d = await A3Detector.load(dir, { backend });
      try {
        if (rng.next() < 0.2) return await d.score(x);
        return d;
      } finally {
        d.dispose();
      }
    },
  };
}

const PRE = 'preprocessor.json';

/** A fitted TabularPreprocessor's JSON (what a3.json stores) through fromJSON and transform. */
export function preprocessorFormat(cases: number): FuzzFormat {
  let table: Awaited<ReturnType<typeof readCsv>> | undefined;
  return {
    name: 'preprocessor',
    cases,
    async prepare(scratch) {
      const rows = ['proto,bytes,flag,rate'];
      for (let i = 0; i < 40; i++)
        rows.push(`${['tcp', 'udp', 'icmp'][i % 3]},${i * 13},${i % 2 ? 'SF' : 'S0'},${i / 40}`);
      const file = join(scratch, 'pre.csv');
      writeFileSync(file, rows.join('\n'));
      table = await readCsv(file);
      return (['minmax', 'standard', 'none'] as const).map((scaler) => ({
        files: {
          [PRE]: utf8(JSON.stringify(TabularPreprocessor.fit(table!, { scaler, drop: ['rate'] }).toJSON())),
        },
      }));
    },
    mutators: () => ({
      edit: (b, rng) => utf8(JSON.stringify(editJson(JSON.parse(Buffer.from(b).toString('utf8')), rng))),
    }),
    async read(dir) {
      const pre = TabularPreprocessor.fromJSON(JSON.parse(readFileSync(join(dir, PRE), 'utf8')));
      return pre.transform(table!);
    },
  };
}
