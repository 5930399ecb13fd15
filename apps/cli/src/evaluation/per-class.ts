import { averagePrecision, confusionAt, rocAuc } from '@a3/metrics';

/**
 * Known: the class lent labelled rows to training (it is in the split's `known` list and N > 0).
 * Unseen: training never saw a labelled row of it — the case A³ is meant to generalise to.
 */
export type ClassKind = 'known' | 'unseen';

/** One test-anomaly class (or a group of them) scored against every test normal. */
export interface ClassMetrics {
  /** The class name, or "all known" / "all unseen" for a group. */
  readonly name: string;
  readonly kind: ClassKind;
  /** True for the rows that pool every class of one kind. */
  readonly group: boolean;
  /** Test rows of the class (or group). */
  readonly n: number;
  readonly aucRoc: number;
  readonly aucPr: number;
  /** Share of the class flagged at the detector's threshold (score >= threshold). */
  readonly recall: number;
}

export interface PerClassMetrics {
  /** Known classes first, then unseen ones; each kind by name, its group row after it. */
  readonly rows: readonly ClassMetrics[];
  /** The normals every class is compared with. */
  readonly nNormal: number;
  readonly threshold: number;
}

/** What the split says about training labels. */
export interface KnownClasses {
  readonly known: readonly string[];
  readonly nKnown: number;
}

/**
 * AUC-ROC, AUC-PR and recall at `threshold` of every test-anomaly class against all test normals
 * (the other anomaly classes left out), so a reader sees which kinds of anomaly A³ catches —
 * and whether it catches those it never saw a label of. A group row pools the classes of one kind
 * when that kind has two or more. Null when the test rows hold no normal or no anomaly.
 */
export function perClassMetrics(
  part: { readonly y: ArrayLike<number>; readonly labels: readonly string[] },
  scores: ArrayLike<number>,
  threshold: number,
  split: KnownClasses,
): PerClassMetrics | null {
  const normals: number[] = [];
  const byClass = new Map<string, number[]>();
  for (let i = 0; i < part.y.length; i++) {
    if (part.y[i] === 1) {
      const rows = byClass.get(part.labels[i]);
      if (rows) rows.push(i);
      else byClass.set(part.labels[i], [i]);
    } else {
      normals.push(i);
    }
  }
  if (normals.length === 0 || byClass.size === 0) return null;
  // With N = 0 the known list lent no row to training: every class is unseen.
  const known = new Set(split.nKnown > 0 ? split.known : []);
  const normalScores = normals.map((i) => scores[i]);
  const measure = (name: string, kind: ClassKind, group: boolean, rows: readonly number[]): ClassMetrics => {
    const y = new Uint8Array(normals.length + rows.length);
    y.fill(1, normals.length);
    const s = Float64Array.from([...normalScores, ...rows.map((i) => scores[i])]);
    return {
      name,
      kind,
      group,
      n: rows.length,
      aucRoc: rocAuc(y, s),
      aucPr: averagePrecision(y, s),
      recall: confusionAt(y, s, threshold).recall,
    };
  };
  const out: ClassMetrics[] = [];
  for (const kind of ['known', 'unseen'] as const) {
    const names = [...byClass.keys()]
      .filter((c) => known.has(c) === (kind === 'known'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const c of names) out.push(measure(c, kind, false, byClass.get(c) ?? []));
    if (names.length >= 2) {
      out.push(
        measure(
          `all ${kind}`,
          kind,
          true,
          names.flatMap((c) => byClass.get(c) ?? []),
        ),
      );
    }
  }
  return { rows: out, nNormal: normals.length, threshold };
}
