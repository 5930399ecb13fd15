/** Levenshtein distance: single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Names a typo probably meant: the closest ones within a third of the typo's length (at least 2
 * edits), else those it is the start of (`--epochs` → `--epochs-target`, `--epochs-alarm`). At
 * most `max`, closest first, ties in the order given.
 */
export function nearestNames(typo: string, names: readonly string[], max = 2): string[] {
  const limit = Math.max(2, Math.floor(typo.length / 3));
  const scored = names
    .map((name, order) => ({ name, order, d: editDistance(typo, name) }))
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d || x.order - y.order);
  if (scored.length > 0) return scored.slice(0, max).map((s) => s.name);
  return typo.length >= 2 ? names.filter((n) => n.startsWith(typo)).slice(0, max) : [];
}
