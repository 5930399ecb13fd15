import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { A3Error, Rng } from '@a3/core';
import { mutateBytes } from '../mutate/bytes';
import type { FuzzFormat, FuzzInput } from '../formats/format';

/** An A3Error message longer than this (input quoted at length) counts as a failure. */
export const MAX_MESSAGE_CHARS = 1500;

export type Outcome = 'accepted' | 'rejected' | 'failure';

export interface CaseResult {
  readonly format: string;
  readonly seed: number;
  /** The mutations applied, in order, and the file they were applied to. */
  readonly steps: readonly string[];
  readonly outcome: Outcome;
  /** The A3Error code of a rejection. */
  readonly code?: string;
  /** The start of a rejection's message, or what went wrong in a failure. */
  readonly detail?: string;
  readonly ms: number;
}

export interface RunOptions {
  /** Work directory; each case writes its files into a fresh subdirectory. */
  readonly scratch: string;
  /** Called before each case (the watchdog's heartbeat). */
  readonly onCase?: (format: string, seed: number, steps: readonly string[]) => void;
  /** A case whose promise has not settled after this long is a failure (a hang). */
  readonly timeoutMs: number;
}

/**
 * The seed of case `i` of a format: a fixed list (format index × 100,000 + i + 1), so every run
 * feeds the same inputs and a failure names a seed that reproduces it (A3_FUZZ_CASE=format:seed).
 */
export function seedOf(formatIndex: number, i: number): number {
  return formatIndex * 100_000 + i + 1;
}

/** Mutates one file of one of the valid inputs, as the seed dictates. */
export function mutateInput(
  format: FuzzFormat,
  inputs: readonly FuzzInput[],
  rng: Rng,
): { files: Record<string, Uint8Array>; steps: string[] } {
  const base = inputs[rng.int(inputs.length)];
  const names = Object.keys(base.files);
  const target = names[rng.int(names.length)];
  const { bytes, steps } = mutateBytes(base.files[target], rng, format.mutators(target));
  return { files: { ...base.files, [target]: bytes }, steps: steps.map((s) => `${target}:${s}`) };
}

/** Runs one case: mutate, write, read with a3, classify. */
export async function runCase(
  format: FuzzFormat,
  inputs: readonly FuzzInput[],
  seed: number,
  options: RunOptions,
): Promise<CaseResult> {
  const rng = new Rng(seed);
  const { files, steps } = mutateInput(format, inputs, rng);
  const dir = join(options.scratch, `${format.name}-${seed}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  options.onCase?.(format.name, seed, steps);
  const started = performance.now();
  const base = { format: format.name, seed, steps };
  try {
    await withTimeout(format.read(dir, rng), options.timeoutMs);
    return { ...base, outcome: 'accepted', ms: performance.now() - started };
  } catch (err) {
    const ms = performance.now() - started;
    if (err instanceof A3Error) {
      const message = err.message.split(dir).join('<dir>');
      if (message.length <= MAX_MESSAGE_CHARS) {
        return { ...base, outcome: 'rejected', code: err.code, detail: message.slice(0, 200), ms };
      }
      return {
        ...base,
        outcome: 'failure',
        code: err.code,
        detail: `message of ${message.length} characters: ${message.slice(0, 300)}…`,
        ms,
      };
    }
    return { ...base, outcome: 'failure', detail: describeError(err), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return `threw a non-Error: ${String(err).slice(0, 200)}`;
  const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at ')) ?? '';
  return `${err.constructor.name}: ${err.message.slice(0, 300)} ${frame.trim()}`;
}

class Timeout extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout(`did not settle within ${ms} ms (hang)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
