import type { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@a3/core';

/**
 * parseArgs keeps the last of a repeated flag; like the a3 CLI, a3-bench refuses it instead, so
 * `--reps 5 … --reps 50` cannot silently measure one of the two.
 */
export function refuseRepeats(tokens: ReturnType<typeof parseArgs>['tokens']): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (!seen.has(t.name)) {
      seen.set(t.name, t.value);
      continue;
    }
    const before = seen.get(t.name);
    throw new InvalidArgumentError(
      before !== undefined && t.value !== undefined
        ? `--${t.name} given twice ("${clip(before)}" and "${clip(t.value)}"); give it once.`
        : `--${t.name} given twice; give it once.`,
    );
  }
}

/** At most ~100 characters of what the user typed, in a message. */
function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
