import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DetectorRun, DetectorSpec, PartSummary, TestView } from '@a3/cli';

/** Everything that decides a cell's numbers; its hash names the cache file. */
export interface CellKey {
  dataset: string;
  /** The compare flags with absolute data paths. */
  flags: Record<string, string>;
  views: readonly TestView[] | null;
  detector: DetectorSpec;
  seed: number;
  /** The requested backend (null: the fastest installed). */
  backend: string | null;
  /**
   * For A³ detectors, the config they fit with, every default filled in (the recipe's settings
   * and the preset's), so a change of a preset or a default is a new cell, not a stale hit.
   */
  resolved?: unknown;
}

/** One data set × detector × seed result, as cached and as the page is built from. */
export interface Cell {
  /** Bumped when the cell layout changes, so old caches are not misread. */
  version: typeof CELL_VERSION;
  key: CellKey;
  /** The loaded data set's name and this seed's split (rows and class counts). */
  datasetName: string;
  split: { nKnown: number; train: PartSummary; test: PartSummary; scaling: string };
  run: Omit<DetectorRun, 'scores'>;
  /** `git rev-parse --short HEAD` (+ " (dirty)") when the cell was computed. */
  commit: string;
  /** CPUs and load average when its run started (fit times are wall clock on it). */
  machine?: string;
  finishedAt: string;
}

export const CELL_VERSION = 1;

export function cellHash(key: CellKey): string {
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

/** Where a cell lives under the cache folder: readable names, the hash for uniqueness. */
export function cellPath(cacheDir: string, key: CellKey): string {
  const safe = (s: string) => s.replace(/[^\w.+-]+/g, '_');
  return join(
    cacheDir,
    'cells',
    safe(key.dataset),
    `${safe(key.detector.name)}-seed${key.seed}-${cellHash(key)}.json`,
  );
}

/** The cached cell for a key, or null (missing, unreadable or from another cell version). */
export function readCell(cacheDir: string, key: CellKey): Cell | null {
  let cell: Cell;
  try {
    cell = JSON.parse(readFileSync(cellPath(cacheDir, key), 'utf8')) as Cell;
  } catch {
    return null;
  }
  if (cell.version !== CELL_VERSION || JSON.stringify(cell.key) !== JSON.stringify(key)) return null;
  return cell;
}

/** Writes a cell atomically (temp file + rename), so an interrupted run never leaves half a cell. */
export function writeCell(cacheDir: string, cell: Cell): string {
  const path = cellPath(cacheDir, cell.key);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(cell, null, 1) + '\n');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}
