import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rng } from '@a3/core';
import { loadCsvDataset, readArff, readCsv, streamCsv, TabularPreprocessor } from '@a3/data';
import { BYTE_MUTATORS, type Mutator } from '../mutate/bytes';
import { type FuzzFormat, type FuzzInput, utf8 } from './format';

/** Text-level edits a CSV meets in the wild: stray values, quotes, long lines, odd line ends. */
const CSV_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  strayToken(bytes, rng) {
    const tokens = [
      'abc',
      '0x1F',
      '0b11',
      '1_000',
      'NaN',
      'inf',
      '-',
      '',
      ' 12 ',
      '1e999',
      '١٢',
      '"',
      '""',
      ',,',
    ];
    return replaceField(bytes, rng, tokens[rng.int(tokens.length)]);
  },
  unbalancedQuote(bytes, rng) {
    return insertText(bytes, rng, '"');
  },
  longLine(bytes, rng) {
    const unit = ['x', 'y,', '"a""b",', '1,'][rng.int(4)];
    return insertText(bytes, rng, unit.repeat(1000 + rng.int(200_000)));
  },
  lineEnds(bytes, rng) {
    const text = Buffer.from(bytes).toString('latin1');
    const ends = ['\r\n', '\r', '\n\n', '\u2028'];
    return new Uint8Array(
      Buffer.from(
        text.replace(/\n/g, () => (rng.next() < 0.3 ? ends[rng.int(4)] : '\n')),
        'latin1',
      ),
    );
  },
  extraDelimiters(bytes, rng) {
    return insertText(bytes, rng, [',', ';', '\t', ',,,,'][rng.int(4)]);
  },
};

function insertText(bytes: Uint8Array, rng: Rng, text: string): Uint8Array {
  const at = rng.int(bytes.length + 1);
  return new Uint8Array(
    Buffer.concat([bytes.subarray(0, at), Buffer.from(text, 'utf8'), bytes.subarray(at)]),
  );
}

/** Replaces one comma-separated field of one line. */
function replaceField(bytes: Uint8Array, rng: Rng, value: string): Uint8Array {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  const i = rng.int(lines.length);
  const fields = lines[i].split(',');
  fields[rng.int(fields.length)] = value;
  lines[i] = fields.join(',');
  return utf8(lines.join('\n'));
}

function sensors(rows: number, seed: number): string {
  const out = ['id,proto,bytes,duration,"note, free text",label'];
  for (let i = 0; i < rows; i++) {
    const label = i % 9 === 0 ? 'scan' : i % 7 === 0 ? 'flood' : 'normal';
    const note = i % 5 === 0 ? '"said ""hi"", left"' : i % 11 === 0 ? '"two\nlines"' : 'ok';
    out.push(
      `${i + seed},${['tcp', 'udp', 'icmp'][i % 3]},${(i * 37) % 1009},${(i % 13) / 4},${note},${label}`,
    );
  }
  return out.join(seed % 2 ? '\r\n' : '\n') + '\n';
}

const FILE = 'data.csv';

/** CSV through readCsv, the csv recipe (preprocessing, split, notes) and streamCsv with a fitted preprocessor. */
export function csvFormat(cases: number): FuzzFormat {
  let preprocessor: TabularPreprocessor | null = null;
  return {
    name: 'csv',
    cases,
    async prepare(scratch) {
      const inputs: FuzzInput[] = [0, 1, 2].map((k) => ({
        files: { [FILE]: utf8(sensors(60 + 40 * k, k)) },
      }));
      const seedFile = join(scratch, 'seed.csv');
      writeFileSync(seedFile, inputs[0].files[FILE]);
      preprocessor = TabularPreprocessor.fit(await readCsv(seedFile), {
        drop: ['id', 'note, free text', 'label'],
      });
      return inputs;
    },
    mutators: () => CSV_MUTATORS,
    async read(dir, rng) {
      const file = join(dir, FILE);
      switch (rng.int(4)) {
        case 0:
          return readCsv(file);
        case 1:
          return readCsv(file, {
            onInvalid: rng.next() < 0.5 ? 'drop-row' : 'impute-mean',
            inferRows: 1 + rng.int(50),
          });
        case 2:
          return loadCsvDataset({ path: file, labelColumn: 'label', seed: 1, testFraction: 0.3 });
        default: {
          let rows = 0;
          for await (const chunk of streamCsv(file, {
            preprocessor: preprocessor as TabularPreprocessor,
            chunkSize: 16,
          })) {
            rows += chunk.rows.shape[0];
          }
          return rows;
        }
      }
    },
  };
}

const ARFF = `% a comment
@relation 'traffic sample'
@attribute duration numeric
@attribute proto {tcp,udp,'icmp v4'}
@attribute bytes real
@attribute note string
@attribute class {normal,anomaly}
@data
0,tcp,491,'quoted, with comma',normal
2,udp,146,"double \\"quoted\\"",anomaly
0,'icmp v4',7,plain,normal
5,tcp,1e3,x,anomaly
`;

/** ARFF (NSL-KDD's other format) through readArff. */
export function arffFormat(cases: number): FuzzFormat {
  return {
    name: 'arff',
    cases,
    async prepare() {
      return [{ files: { 'data.arff': utf8(ARFF) } }];
    },
    mutators: () => CSV_MUTATORS,
    async read(dir, rng) {
      return readArff(join(dir, 'data.arff'), { onInvalid: rng.next() < 0.5 ? 'error' : 'drop-row' });
    },
  };
}
