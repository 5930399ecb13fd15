import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MODEL_LIMITS } from './limits';
import { HEADS_DIR, MANIFEST_FILE, MODEL_FILES, WEIGHTS_FILE } from './manifest';

/**
 * Crash recovery for model directories. A save stages the new files in a hidden sibling
 * folder `.NAME.tmp-PID-HEX` (weights, then the heads folder of a model with heads, a3.json
 * last, itself via a rename), then moves them into NAME in the same order (an old heads folder is
 * removed first). Earlier versions of a3 swapped whole
 * directories and parked the previous model in `.NAME.old-PID-HEX`. A crash can leave either
 * folder behind, and NAME missing or holding new weights beside the old a3.json. Every load
 * and save first settles such leftovers:
 *
 * - a complete new copy (its a3.json exists, so its weights were written) that is newer than
 *   NAME's a3.json is moved into place;
 * - otherwise, when NAME has no model, the newest complete old copy is restored;
 * - then the leftovers are removed: only the files a3 writes are deleted; anything else in an
 *   old copy (a user's notes, parked there by the old directory swap) is moved back into NAME,
 *   and a folder that still holds something is left in place rather than deleted.
 *
 * Folders of saves still running (this process, or a live process id on this machine that
 * touched the folder in the last ten minutes) are left alone.
 */

/** The manifest is staged under this name and renamed to a3.json, so a3.json is never partial. */
export const MANIFEST_PART = `.${MANIFEST_FILE}.part`;

const A3_FILES = new Set([...MODEL_FILES, MANIFEST_PART]);
const ABANDONED_AFTER_MS = 10 * 60 * 1000;
const inFlight = new Set<string>();

export type StagingKind = 'tmp' | 'old';

interface Staging {
  path: string;
  kind: StagingKind;
  pid: number;
}

/** A fresh staging folder path next to `target`, registered as in flight until `settled`. */
export function stagingFolder(target: string): string {
  const path = join(
    dirname(target),
    `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  inFlight.add(path);
  return path;
}

export function settled(staging: string): void {
  inFlight.delete(staging);
}

/** Finishes or rolls back an interrupted save of `dir` and removes stale staging folders. */
export async function recoverModelDir(dir: string): Promise<void> {
  const target = resolve(dir);
  const stale: Staging[] = [];
  for (const s of await stagingFolders(target)) if (await isStale(s)) stale.push(s);
  if (stale.length === 0) return;
  const current = await stat(join(target, MANIFEST_FILE)).catch(() => null);
  const newest = async (kind: StagingKind) => {
    let best: { path: string; mtimeMs: number; weights: string; heads: boolean } | null = null;
    for (const s of stale.filter((f) => f.kind === kind)) {
      const ready = await completeCopy(s.path, kind === 'tmp' ? target : s.path);
      if (ready && (!best || ready.mtimeMs > best.mtimeMs)) best = { path: s.path, ...ready };
    }
    return best;
  };
  const fresh = await newest('tmp');
  if (fresh && (!current || fresh.mtimeMs >= current.mtimeMs)) {
    await moveIntoPlace(fresh.path, target, fresh.weights, fresh.heads);
  } else if (!current) {
    const old = await newest('old');
    if (old) await moveIntoPlace(old.path, target, old.weights, old.heads);
  }
  for (const s of stale) {
    if (!existsSync(s.path)) continue;
    if (s.kind === 'old') await returnUserFiles(s.path, target);
    await removeStaging(s.path);
  }
}

/** Deletes the files a3 writes from a staging folder, then the folder if nothing else is in it. */
export async function removeStaging(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (A3_FILES.has(name))
      await rm(join(folder, name), { recursive: true, force: true }).catch(() => undefined);
  }
  await rmdir(folder).catch(() => undefined);
}

/**
 * Puts a staged copy's heads folder in place of the target's (heads written by a3 only). With
 * no staged folder: a model without heads (`hasHeads` false) removes an old one; a model with
 * heads has already moved its folder (an interrupted save), which stays.
 */
export async function replaceHeads(folder: string, target: string, hasHeads: boolean): Promise<void> {
  const staged = join(folder, HEADS_DIR);
  const placed = join(target, HEADS_DIR);
  if (existsSync(staged)) {
    await rm(placed, { recursive: true, force: true });
    await rename(staged, placed);
  } else if (!hasHeads) {
    await rm(placed, { recursive: true, force: true });
  }
}

async function stagingFolders(target: string): Promise<Staging[]> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const out: Staging[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(tmp|old)-(\d{1,10})-[0-9a-f]+$/.exec(name.slice(prefix.length));
    if (m) out.push({ path: join(parent, name), kind: m[1] as StagingKind, pid: Number(m[2]) });
  }
  return out;
}

async function isStale(s: Staging): Promise<boolean> {
  if (inFlight.has(s.path)) return false;
  // Not in flight here: a save of this process failed without cleaning up (or a reused pid).
  if (s.pid === process.pid || !processAlive(s.pid)) return true;
  // A live pid: another process may be saving right now, unless the folder has sat untouched
  // for long (the pid was reused, or belongs to another machine or container).
  const st = await stat(s.path).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs > ABANDONED_AFTER_MS;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * A staged copy whose a3.json is whole (it parses) and whose weights exist — in the folder, or
 * already moved to `weightsDir` by the interrupted save.
 */
async function completeCopy(
  folder: string,
  weightsDir: string,
): Promise<{ mtimeMs: number; weights: string; heads: boolean } | null> {
  const path = join(folder, MANIFEST_FILE);
  const st = await stat(path).catch(() => null);
  if (!st || !st.isFile() || st.size > MODEL_LIMITS.maxManifestBytes) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object') return null;
  const named = (json as { weights?: { file?: unknown } }).weights?.file;
  const weights = typeof named === 'string' && /^[^./\\][^/\\]*$/.test(named) ? named : WEIGHTS_FILE;
  if (!existsSync(join(folder, weights)) && !existsSync(join(weightsDir, weights))) return null;
  const ensemble = (json as { ensemble?: unknown }).ensemble;
  const heads = ensemble !== null && typeof ensemble === 'object';
  if (heads && !existsSync(join(folder, HEADS_DIR)) && !existsSync(join(weightsDir, HEADS_DIR))) return null;
  return { mtimeMs: st.mtimeMs, weights, heads };
}

/** Makes the staged copy the model at `target`: one rename, or a3's files one by one (a3.json last). */
async function moveIntoPlace(folder: string, target: string, weights: string, heads: boolean): Promise<void> {
  const st = await stat(target).catch(() => null);
  if (!st) {
    await rename(folder, target).catch(() => undefined);
    return;
  }
  if (!st.isDirectory()) return;
  if (existsSync(join(folder, weights)))
    await rename(join(folder, weights), join(target, weights)).catch(() => undefined);
  await replaceHeads(folder, target, heads).catch(() => undefined);
  if (existsSync(join(folder, MANIFEST_FILE)))
    await rename(join(folder, MANIFEST_FILE), join(target, MANIFEST_FILE)).catch(() => undefined);
}

/** The old directory swap parked the user's own files in the old copy: put them back. */
async function returnUserFiles(folder: string, target: string): Promise<void> {
  const st = await stat(target).catch(() => null);
  if (!st?.isDirectory()) return;
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (A3_FILES.has(name) || existsSync(join(target, name))) continue;
    await rename(join(folder, name), join(target, name)).catch(() => undefined);
  }
}
