import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InvalidArgumentError, FormatError, IOError } from '@a3/core';
import { specForName, type DetectorSpec, type OptionValues, type TestView } from '@a3/cli';

/** One data set of a suite: the flags `a3 compare` would get, and optional test views. */
export interface SuiteDataset {
  /** Unique name, used in the page's headings and the cache paths. */
  readonly name: string;
  /** `a3 compare` flags without the leading dashes; `file` / `data-dir` relative to the data root. */
  readonly flags: Readonly<Record<string, string>>;
  /** Several test-anomaly subsets scored from one fit (default: one view, "test"). */
  readonly views?: readonly TestView[];
}

/** The subset a `--quick` run takes. */
export interface QuickVariant {
  readonly seeds: readonly number[];
  readonly datasets: readonly string[];
  readonly detectors: readonly string[];
}

/**
 * A suite file (JSON): data sets × detectors × seeds, plus the `--quick` subset. Detectors are
 * registry names or `{ name, kind, options }` (e.g. an A³ variant); "all" = every registered one.
 */
export interface Suite {
  readonly name: string;
  readonly description: string;
  /** Where the data sets' relative paths start (relative paths: from the current directory). */
  readonly dataRoot: string;
  readonly seeds: readonly number[];
  readonly detectors: 'all' | readonly DetectorSpec[];
  readonly datasets: readonly SuiteDataset[];
  readonly quick?: QuickVariant;
}

/** Flags of a data set that name a path under the data root. */
const PATH_FLAGS = ['file', 'data-dir'] as const;

type Json = unknown;

function fail(source: string, why: string): never {
  throw new FormatError(`${source}: ${why}`);
}

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(v: Json, what: string, source: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0)) {
    fail(source, `${what} must be a list of non-empty strings.`);
  }
  return v as string[];
}

function seedList(v: Json, what: string, source: string): number[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    fail(source, `${what} must be a non-empty list of whole numbers ≥ 0.`);
  }
  return v as number[];
}

function detectorList(v: Json, source: string): Suite['detectors'] {
  if (v === undefined || v === 'all') return 'all';
  if (!Array.isArray(v) || v.length === 0) fail(source, '"detectors" must be "all" or a non-empty list.');
  return v.map((d, i): DetectorSpec => {
    if (typeof d === 'string' && d) return specForName(d);
    if (
      isObject(d) &&
      typeof d.name === 'string' &&
      d.name &&
      (d.kind === undefined || typeof d.kind === 'string')
    ) {
      if (d.options !== undefined && !isObject(d.options))
        fail(source, `detectors[${i}].options must be an object.`);
      return {
        name: d.name,
        kind: (d.kind as string | undefined) ?? d.name,
        ...(d.options ? { options: d.options as DetectorSpec['options'] & object } : {}),
      };
    }
    return fail(source, `detectors[${i}] must be a name or { "name", "kind", "options" }.`);
  });
}

function dataset(v: Json, i: number, source: string): SuiteDataset {
  if (!isObject(v) || typeof v.name !== 'string' || !/^[\w.+-]+$/.test(v.name)) {
    fail(source, `datasets[${i}] needs a "name" of letters, digits, _ . + -.`);
  }
  const flags = v.flags;
  if (!isObject(flags) || typeof flags.dataset !== 'string') {
    fail(source, `datasets[${i}] (${v.name}) needs "flags" with at least "dataset".`);
  }
  for (const [k, f] of Object.entries(flags)) {
    if (typeof f !== 'string')
      fail(source, `datasets[${i}].flags.${k} must be a string (as on the command line).`);
  }
  let views: TestView[] | undefined;
  if (v.views !== undefined) {
    if (!Array.isArray(v.views) || v.views.length === 0)
      fail(source, `datasets[${i}].views must be a non-empty list.`);
    views = v.views.map((w, j) => {
      if (!isObject(w) || typeof w.name !== 'string' || !w.name)
        fail(source, `datasets[${i}].views[${j}] needs a "name".`);
      return {
        name: w.name,
        testAnomalies: strings(w.testAnomalies, `datasets[${i}].views[${j}].testAnomalies`, source),
      };
    });
  }
  return { name: v.name, flags: flags as Record<string, string>, ...(views ? { views } : {}) };
}

/** Checks a parsed suite file and returns it typed; every problem names the field. */
export function parseSuite(json: Json, source: string): Suite {
  if (!isObject(json)) fail(source, 'a suite file is a JSON object.');
  if (typeof json.name !== 'string' || !json.name) fail(source, '"name" is required.');
  if (!Array.isArray(json.datasets) || json.datasets.length === 0)
    fail(source, '"datasets" must be a non-empty list.');
  const datasets = json.datasets.map((d, i) => dataset(d, i, source));
  const names = datasets.map((d) => d.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) fail(source, `data set "${dup}" is listed twice.`);
  let quick: QuickVariant | undefined;
  if (json.quick !== undefined) {
    const q = json.quick;
    if (!isObject(q)) fail(source, '"quick" must be an object.');
    const qd = strings(q.datasets, 'quick.datasets', source);
    for (const n of qd)
      if (!names.includes(n))
        fail(source, `quick.datasets names "${n}", which is not a data set of the suite.`);
    quick = {
      seeds: seedList(q.seeds, 'quick.seeds', source),
      datasets: qd,
      detectors: strings(q.detectors, 'quick.detectors', source),
    };
  }
  return {
    name: json.name,
    description: typeof json.description === 'string' ? json.description : '',
    dataRoot: typeof json.dataRoot === 'string' ? json.dataRoot : '.',
    seeds: seedList(json.seeds, '"seeds"', source),
    detectors: detectorList(json.detectors, source),
    datasets,
    ...(quick ? { quick } : {}),
  };
}

export function readSuite(path: string): Suite {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new IOError(`cannot read the suite file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FormatError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseSuite(json, path);
}

/** What one run covers: the suite, or its quick variant, narrowed by --datasets / --detectors / --seeds. */
export interface Selection {
  readonly variant: 'full' | 'quick';
  readonly seeds: readonly number[];
  readonly datasets: readonly SuiteDataset[];
  /** Names from the suite; resolved against the registry by the runner. */
  readonly detectors: 'all' | readonly DetectorSpec[];
  /** The options that narrowed the suite (or its quick variant), e.g. "--datasets 6_cardio". */
  readonly narrowedBy: readonly string[];
}

export interface SelectOptions {
  quick?: boolean;
  datasets?: readonly string[];
  detectors?: readonly string[];
  seeds?: readonly number[];
}

export function selectFrom(suite: Suite, o: SelectOptions): Selection {
  if (o.quick && !suite.quick)
    throw new InvalidArgumentError(`suite "${suite.name}" defines no "quick" variant.`);
  let datasets = o.quick
    ? suite.datasets.filter((d) => suite.quick!.datasets.includes(d.name))
    : [...suite.datasets];
  let detectors: Selection['detectors'] = o.quick
    ? suite.quick!.detectors.map((name) => byName(suite, name))
    : suite.detectors;
  if (o.datasets) {
    for (const n of o.datasets) {
      if (!datasets.some((d) => d.name === n)) {
        throw new InvalidArgumentError(
          `--datasets: "${n.slice(0, 100)}" is not in this selection. Data sets: ${datasets.map((d) => d.name).join(', ')}.`,
        );
      }
    }
    datasets = datasets.filter((d) => o.datasets!.includes(d.name));
  }
  if (o.detectors) detectors = o.detectors.map((name) => byName(suite, name));
  const narrowedBy = [
    o.datasets ? `--datasets ${o.datasets.join(',')}` : '',
    o.detectors ? `--detectors ${o.detectors.join(',')}` : '',
    o.seeds ? `--seeds ${o.seeds.join(',')}` : '',
  ].filter(Boolean);
  return {
    variant: o.quick ? 'quick' : 'full',
    seeds: o.seeds ?? (o.quick ? suite.quick!.seeds : suite.seeds),
    datasets,
    detectors,
    narrowedBy,
  };
}

/** A detector by name: the suite's spec of that name, else an A³ variant (a3:paper, ...) or a registry name. */
function byName(suite: Suite, name: string): DetectorSpec {
  const listed = suite.detectors === 'all' ? undefined : suite.detectors.find((d) => d.name === name);
  return listed ?? specForName(name);
}

/** The flags with paths made absolute under the data root. */
export function resolveFlags(d: SuiteDataset, dataRoot: string): Record<string, string> {
  const flags: Record<string, string> = { ...d.flags };
  for (const k of PATH_FLAGS) {
    const p = flags[k];
    if (p !== undefined && !isAbsolute(p)) flags[k] = resolve(dataRoot, p);
  }
  return flags;
}

/** The flags as option values for the compare pipeline. */
export function flagValues(flags: Readonly<Record<string, string>>): OptionValues {
  return { ...flags };
}
