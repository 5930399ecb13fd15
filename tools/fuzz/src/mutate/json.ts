import type { Rng } from '@a3/core';
import type { Mutator } from './bytes';

/**
 * Structural mutations of JSON files (a3.json, a safetensors header, a preprocessor): the result
 * still parses, so the reader's own checks — not JSON.parse — are what gets tested. These are
 * the edits a person (or an attacker) makes by hand: sizes of 1e9, negative counts, wrong types,
 * missing keys, huge strings and arrays.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REPLACEMENTS: readonly (() => Json)[] = [
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e9,
  () => 2 ** 31,
  () => 2 ** 53 + 2,
  () => 1e308,
  () => -1e9,
  () => '',
  () => 'x'.repeat(100_000),
  () => '1e9',
  () => null,
  () => true,
  () => [],
  () => ({}),
  () => [1e9, 1e9],
  () => Array.from({ length: 50_000 }, (_, i) => i),
];

interface Slot {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string | number;
}

/** Every (container, key) pair in the document, depth-first. */
function slots(doc: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(doc)) {
    doc.forEach((v, i) => {
      out.push({ parent: doc, key: i });
      slots(v, out);
    });
  } else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      out.push({ parent: doc, key: k });
      slots(v, out);
    }
  }
  return out;
}

function get(s: Slot): Json {
  return Array.isArray(s.parent) ? s.parent[s.key as number] : s.parent[s.key as string];
}

function set(s: Slot, v: Json): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
  else s.parent[s.key as string] = v;
}

/** One structural edit of a parsed document (in place). */
function editDocument(doc: Json, rng: Rng): void {
  const all = slots(doc);
  if (!all.length) return;
  // Numbers are where amplification hides (hidden sizes, shapes, offsets): favour them.
  const numeric = all.filter((s) => typeof get(s) === 'number');
  const s = numeric.length && rng.next() < 0.5 ? numeric[rng.int(numeric.length)] : all[rng.int(all.length)];
  const op = rng.int(6);
  const value = get(s);
  if (op === 0 && !Array.isArray(s.parent)) delete s.parent[s.key as string];
  else if (op === 1 && typeof value === 'number') set(s, value * (rng.next() < 0.5 ? -1 : 1000));
  else if (op === 2 && Array.isArray(value) && value.length) {
    value.push(...Array.from({ length: 1 + rng.int(1000) }, () => value[rng.int(value.length)]));
  } else if (op === 3) set(s, [value]);
  else set(s, REPLACEMENTS[rng.int(REPLACEMENTS.length)]());
}

/** A mutator for UTF-8 JSON text: 1–3 structural edits; text that does not parse is left as is. */
export const jsonEdit: Mutator = (bytes, rng) => {
  let doc: Json;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as Json;
  } catch {
    return bytes.slice();
  }
  const edits = 1 + rng.int(3);
  for (let k = 0; k < edits; k++) editDocument(doc, rng);
  return new Uint8Array(Buffer.from(JSON.stringify(doc), 'utf8'));
};

/** For an object already parsed (a preprocessor JSON): 1–3 edits of a deep copy. */
export function editJson(value: unknown, rng: Rng): unknown {
  const doc = JSON.parse(JSON.stringify(value)) as Json;
  const edits = 1 + rng.int(3);
  for (let k = 0; k < edits; k++) editDocument(doc, rng);
  return doc;
}
