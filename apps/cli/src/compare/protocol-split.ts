import { InvalidArgumentError } from '@a3/core';
import { MinMax, type LoadedDataset } from '@a3/data';
import type { SplitSpec } from '../dataset/protocol';
import { prepareSplit, type LabelledPart } from '../dataset/split';

/** A named subset of the test anomalies to report on (e.g. NSL-KDD "known" vs "transfer"). */
export interface TestView {
  readonly name: string;
  readonly testAnomalies: readonly string[];
}

/** The test rows of one view: the normals plus the view's anomaly classes. */
export interface ProtocolView extends TestView {
  /** Row indices into the split's test part, ascending. */
  readonly rows: Int32Array;
  /** 1 = anomaly, per view row. */
  readonly y: Uint8Array;
  readonly nAnomalies: number;
}

/**
 * One seed's data as every detector of a comparison sees it (the evaluation protocol of
 * PEERS.md): training = the training normals plus exactly `nKnown` labelled anomalies drawn from
 * the known classes — nothing else with a label, no validation part — and the test part with its
 * views. Tabular features are min-max scaled with the training normals' range.
 */
export interface ProtocolSplit {
  readonly seed: number;
  readonly splitSpec: SplitSpec;
  readonly train: LabelledPart;
  readonly test: LabelledPart;
  readonly views: readonly ProtocolView[];
  /** How the features were scaled, for summaries. */
  readonly scaling: string;
}

export interface ProtocolOptions {
  /** Fit min-max on the training normals (tabular data); images come ÷255 from their recipe. */
  readonly scale: boolean;
  /** Default: one view "test" with every test anomaly class of the split. */
  readonly views?: readonly TestView[];
}

export const DEFAULT_VIEW = 'test';

/**
 * Splits a data set loaded *without* its recipe's scaling: the seeded semi-supervised split with
 * no validation hold-out (the label budget: a validation part would hold more known-class labels
 * than the N a user has), then min-max fitted on the training normals only.
 */
export function protocolSplit(
  dataset: LoadedDataset,
  spec: SplitSpec,
  options: ProtocolOptions,
): ProtocolSplit {
  const splitSpec: SplitSpec = { ...spec, validationFraction: 0 };
  const split = prepareSplit(dataset, splitSpec);
  const labelled = split.train.y.reduce((n, y) => n + y, 0);
  // Guards the label budget where it is defined, so no later change to the split can widen it.
  if (split.validation.y.length !== 0 || labelled !== spec.nKnown) {
    throw new InvalidArgumentError(
      `the comparison split must hold exactly ${spec.nKnown} labelled anomalies and no validation ` +
        `rows; it has ${labelled} and ${split.validation.y.length}. This is a bug in a3 compare.`,
    );
  }
  let { train, test } = split;
  let scaling = 'none (the recipe’s own: images ÷255)';
  if (options.scale) {
    const normalRows = Array.from(train.y.keys()).filter((i) => train.y[i] === 0);
    const scaler = MinMax.fit(train.x.gatherRows(normalRows));
    train = { ...train, x: scaler.transform(train.x) };
    test = { ...test, x: scaler.transform(test.x) };
    scaling = `min-max fitted on the ${normalRows.length} training normals`;
  }
  const views = (options.views ?? [{ name: DEFAULT_VIEW, testAnomalies: spec.testAnomalies }]).map((v) =>
    viewOf(test, spec.normal, v),
  );
  return { seed: spec.seed, splitSpec, train, test, views, scaling };
}

function viewOf(test: LabelledPart, normal: readonly string[], view: TestView): ProtocolView {
  const keep = new Set([...normal, ...view.testAnomalies]);
  const rows = Int32Array.from(Array.from(test.labels.keys()).filter((k) => keep.has(test.labels[k])));
  const y = Uint8Array.from(rows, (k) => test.y[k]);
  return { ...view, rows, y, nAnomalies: y.reduce((n, v) => n + v, 0) };
}

/** The scores of a view's rows, from scores of the whole test part. */
export function viewScores(scores: Float32Array, view: ProtocolView): Float32Array {
  return Float32Array.from(view.rows, (k) => scores[k]);
}

/** Rows of the known classes in the training pool: what a percentage --n-known is a share of. */
export function knownPoolSize(dataset: LoadedDataset, known: readonly string[]): number {
  const wanted = new Set(known);
  return dataset.train.labels.reduce((n, c) => n + (wanted.has(c) ? 1 : 0), 0);
}
