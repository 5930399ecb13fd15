import {
  checkDataRequest,
  DEFAULT_VIEW,
  FitProgress,
  prepareSeed,
  registeredDetectors,
  a3VariantSpecs,
  detectorOptions,
  runDetector,
  summarize,
  type DataRequest,
  type DetectorSpec,
  type DetectorSummary,
  type Output,
  type PreparedSeed,
} from '@a3/cli';
import { A3FitCache, resolveConfig, type A3DetectorConfig } from '@a3/model';
import { CELL_VERSION, readCell, writeCell, type Cell, type CellKey } from './cells';
import { resolveFlags, type Selection, type SuiteDataset } from './suite';

export interface SuiteRunOptions {
  readonly selection: Selection;
  /** Absolute folder the data sets' relative paths start from. */
  readonly dataRoot: string;
  /** Cell cache folder (git-ignored): finished cells are read from it instead of re-run. */
  readonly cacheDir: string;
  readonly backend?: string;
  /** Re-run every cell even when cached (the new results replace the cached ones). */
  readonly fresh?: boolean;
  /** Progress lines go to its stderr. */
  readonly io: Output;
  /** Stored with each computed cell. */
  readonly commit: string;
  readonly machine?: string;
}

/** One data set's results: a summary per detector over the seeds, and the cells behind it. */
export interface DatasetResult {
  readonly dataset: SuiteDataset;
  /** The loaded data set's name (e.g. adbench:6_cardio); null when it could not be loaded. */
  readonly datasetName: string | null;
  readonly viewNames: readonly string[];
  readonly cells: readonly Cell[];
  readonly summaries: readonly DetectorSummary[];
  /** Known anomalies per seed, as the split drew them. */
  readonly nKnown: readonly number[];
  /** Why the data set (or a seed of it) produced nothing, e.g. a missing file. */
  readonly errors: readonly string[];
}

export interface SuiteResult {
  readonly detectors: readonly DetectorSpec[];
  /** Detectors the selection names that no imported package registers. */
  readonly unregistered: readonly string[];
  readonly datasets: readonly DatasetResult[];
  readonly counts: { computed: number; cached: number; failed: number; total: number };
}

/** The selection's detectors that are registered, and the names of those that are not. */
export function resolveDetectors(selection: Selection): {
  detectors: DetectorSpec[];
  unregistered: string[];
} {
  const registered = registeredDetectors();
  // "all": every registered detector and A³'s other presets and ablations (rows of their own).
  if (selection.detectors === 'all')
    return {
      detectors: [...registered.map((n) => ({ name: n, kind: n })), ...a3VariantSpecs()],
      unregistered: [],
    };
  const detectors = selection.detectors.filter((d) => registered.includes(d.kind));
  const unregistered = selection.detectors.filter((d) => !registered.includes(d.kind)).map((d) => d.name);
  return { detectors, unregistered };
}

/** The cache keys of one data set and seed, a key per detector. */
export function cellKeys(
  d: SuiteDataset,
  flags: Record<string, string>,
  seed: number,
  detectors: readonly DetectorSpec[],
  backend: string | undefined,
): CellKey[] {
  return detectors.map((detector) => ({
    dataset: d.name,
    flags,
    views: d.views ?? null,
    detector,
    seed,
    backend: backend ?? null,
    ...(detector.kind === 'a3' ? { resolved: resolvedA3Config(detector, flags.dataset) } : {}),
  }));
}

/** An A³ spec's full config on a recipe (null when it does not resolve: the run reports why). */
function resolvedA3Config(spec: DetectorSpec, recipe: string | undefined): unknown {
  try {
    return resolveConfig(detectorOptions(spec, recipe ?? '') as A3DetectorConfig);
  } catch {
    return null;
  }
}

/** A data set and seed of the selection: the unit `--jobs` hands to a worker process. */
export interface SuiteUnit {
  readonly dataset: string;
  readonly seed: number;
}

/**
 * The data sets and seeds with at least one cell still to compute (every one with `fresh`),
 * in the order runSuite visits them. Data sets whose flags are malformed are left to runSuite,
 * which reports them.
 */
export function pendingUnits(
  o: Pick<SuiteRunOptions, 'selection' | 'dataRoot' | 'cacheDir' | 'backend' | 'fresh'>,
): SuiteUnit[] {
  const { detectors } = resolveDetectors(o.selection);
  const units: SuiteUnit[] = [];
  for (const d of o.selection.datasets) {
    const flags = resolveFlags(d, o.dataRoot);
    for (const seed of o.selection.seeds) {
      const keys = cellKeys(d, flags, seed, detectors, o.backend);
      if (o.fresh || keys.some((k) => readCell(o.cacheDir, k) === null))
        units.push({ dataset: d.name, seed });
    }
  }
  return units;
}

/**
 * Runs a selection cell by cell (data set × seed × detector): a cached cell is read, a missing one
 * is computed through the `a3 compare` pipeline and written to the cache at once, so an
 * interrupted run resumes where it stopped. A seed's data are loaded and split only when one of
 * its cells is missing, once for all of its detectors.
 */
export async function runSuite(o: SuiteRunOptions): Promise<SuiteResult> {
  const { detectors, unregistered } = resolveDetectors(o.selection);
  const { io } = o;
  if (unregistered.length) io.err(`not registered (skipped): ${unregistered.join(', ')}`);
  const total = o.selection.datasets.length * o.selection.seeds.length * detectors.length;
  const counts = { computed: 0, cached: 0, failed: 0, total };
  let done = 0;
  const results: DatasetResult[] = [];
  for (const d of o.selection.datasets) {
    const flags = resolveFlags(d, o.dataRoot);
    const request: DataRequest = { values: flags, ...(d.views ? { views: d.views } : {}) };
    const cells: Cell[] = [];
    const errors: string[] = [];
    let datasetName: string | null = null;
    try {
      checkDataRequest(request);
    } catch (err) {
      errors.push((err as Error).message);
      done += o.selection.seeds.length * detectors.length;
      io.err(`${d.name}: cannot run — ${(err as Error).message}`);
    }
    for (const seed of errors.length ? [] : o.selection.seeds) {
      const keys = cellKeys(d, flags, seed, detectors, o.backend);
      const cached = keys.map((k) => (o.fresh ? null : readCell(o.cacheDir, k)));
      let prepared: PreparedSeed | undefined;
      // A³ ablations that differ only in their heads reuse the networks robust trained.
      const fitCache = new A3FitCache();
      for (const [i, key] of keys.entries()) {
        done++;
        const tag = `[${done}/${total}] ${d.name} seed ${seed} · ${key.detector.name}`;
        const hit = cached[i];
        if (hit) {
          counts.cached++;
          cells.push(hit);
          datasetName = hit.datasetName;
          io.err(`${tag}: cached`);
          continue;
        }
        try {
          prepared ??= await prepareSeed(request, seed);
        } catch (err) {
          errors.push(`seed ${seed}: ${(err as Error).message}`);
          io.err(`${d.name} seed ${seed}: cannot load or split — ${(err as Error).message}`);
          done += keys.length - i - 1;
          break;
        }
        const { split } = prepared;
        datasetName = prepared.datasetName;
        const progress = new FitProgress(io, tag);
        let run;
        try {
          run = await runDetector(split, key.detector, prepared.recipe, {
            ...(o.backend ? { backend: o.backend } : {}),
            onProgress: progress.onProgress,
            fitCache,
          });
        } finally {
          progress.finish();
        }
        const cell: Cell = {
          version: CELL_VERSION,
          key,
          datasetName: prepared.datasetName,
          split: {
            nKnown: split.splitSpec.nKnown,
            train: { rows: split.train.y.length, counts: { ...split.train.counts } },
            test: { rows: split.test.y.length, counts: { ...split.test.counts } },
            scaling: split.scaling,
          },
          run,
          commit: o.commit,
          ...(o.machine ? { machine: o.machine } : {}),
          finishedAt: new Date().toISOString(),
        };
        cells.push(cell);
        // A failure may be passing (memory, a bug being fixed): it is reported, not cached.
        if (run.status === 'failed') counts.failed++;
        else writeCell(o.cacheDir, cell);
        counts.computed++;
        io.err(`${tag}: ${describeRun(cell)}`);
      }
    }
    const nKnown = o.selection.seeds.flatMap((s) => {
      const c = cells.find((cell) => cell.key.seed === s);
      return c ? [c.split.nKnown] : [];
    });
    const viewNames = d.views?.map((v) => v.name) ?? [DEFAULT_VIEW];
    results.push({
      dataset: d,
      datasetName,
      viewNames,
      cells,
      summaries: summarize(
        detectors,
        viewNames,
        cells.map((c) => c.run),
      ),
      nKnown,
      errors,
    });
  }
  return { detectors, unregistered, datasets: results, counts };
}

function describeRun(c: Cell): string {
  const r = c.run;
  if (r.status !== 'ok') return `${r.status} — ${r.reason ?? ''}`;
  const parts = Object.entries(r.views).map(
    ([v, m]) => `${v}: AUC-ROC ${m.aucRoc.toFixed(4)} AUC-PR ${m.aucPr.toFixed(4)}`,
  );
  return `${parts.join('; ')}; fit ${(r.fitSeconds ?? 0).toFixed(2)} s`;
}
