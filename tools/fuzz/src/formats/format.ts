import type { Rng } from '@a3/core';
import type { Mutator } from '../mutate/bytes';

/** One valid input: file name → content (a model directory has two files, a recipe directory four). */
export interface FuzzInput {
  readonly files: Readonly<Record<string, Uint8Array>>;
}

/** A file format (or directory layout) and the a3 readers that take it. */
export interface FuzzFormat {
  readonly name: string;
  /** Mutated cases per run. */
  readonly cases: number;
  /** Valid inputs the mutations start from; `scratch` is a directory for preparing them. */
  prepare(scratch: string): Promise<FuzzInput[]>;
  /** The mutators for one file of an input. */
  mutators(file: string): Readonly<Record<string, Mutator>>;
  /** Reads the case directory with a3; `rng` picks among reader variants (per seed, so reproducible). */
  read(dir: string, rng: Rng): Promise<unknown>;
}

export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
