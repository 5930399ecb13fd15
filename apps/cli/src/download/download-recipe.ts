import { relative, resolve } from 'node:path';
import { InvalidArgumentError } from '@a3/core';
import { getRecipe } from '@a3/data';
import { clip } from '@a3/args';
import type { Output } from '../terminal/output';
import { downloadFiles, type FileStatus } from './download-files';
import { DOWNLOADS, NOT_DOWNLOADED, onMirror } from './sources';

/** Environment variable naming a mirror of the download hosts (`<mirror>/<recipe>/<file>`). */
export const MIRROR_ENV = 'A3_DATASETS_MIRROR';

/** The folder `a3 datasets download NAME` fills when --to is not given. */
export function defaultDataDir(recipe: string): string {
  return `./data/${recipe}`;
}

function checkMirror(mirror: string): string {
  let url: URL;
  try {
    url = new URL(mirror);
  } catch {
    throw new InvalidArgumentError(
      `the mirror "${clip(mirror)}" is not a URL; give one such as http://mirror.example/a3/.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`the mirror "${clip(mirror)}" must be an http:// or https:// URL.`);
  }
  return mirror;
}

export interface DownloadRequest {
  io: Output;
  recipe: string;
  /** Target folder (default ./data/<recipe>). */
  to?: string;
  /** Base URL replacing the hosts (--mirror, else $A3_DATASETS_MIRROR). */
  mirror?: string;
}

/** `a3 datasets download NAME`: fetches a recipe's pinned files; returns each file's status. */
export async function downloadDataset(req: DownloadRequest): Promise<{ dir: string; files: FileStatus[] }> {
  const entry = DOWNLOADS[req.recipe];
  if (!entry) {
    getRecipe(req.recipe); // an unknown name fails here, listing the recipes
    const why = NOT_DOWNLOADED[req.recipe] ?? getRecipe(req.recipe).source;
    throw new InvalidArgumentError(
      `dataset "${req.recipe}" is not downloaded by a3: ${why}. a3 downloads ${Object.keys(DOWNLOADS).join(', ')}.`,
    );
  }
  const mirror = req.mirror ?? process.env[MIRROR_ENV];
  const files = mirror ? onMirror(req.recipe, entry.files, checkMirror(mirror)) : entry.files;
  const dir = resolve(req.to ?? defaultDataDir(req.recipe));
  return { dir, files: await downloadFiles(files, dir, { io: req.io }) };
}

/** "6 files in ./data/adbench (2 downloaded, 4 already there)". */
export function describeDownload(recipe: string, dir: string, files: readonly FileStatus[]): string {
  const n = (s: FileStatus['status']) => files.filter((f) => f.status === s).length;
  const parts = [
    n('downloaded') ? `${n('downloaded')} downloaded` : '',
    n('present') ? `${n('present')} already there` : '',
  ].filter(Boolean);
  const rel = relative(process.cwd(), dir);
  const shown = rel && !rel.startsWith('..') ? `./${rel}` : dir;
  return `${recipe}: ${files.length} files in ${shown} (${parts.join(', ')})`;
}
