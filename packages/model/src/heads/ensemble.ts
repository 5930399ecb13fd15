import {
  A3Error,
  concatRows,
  FormatError,
  InvalidArgumentError,
  Rng,
  type Backend,
  type TensorData,
} from '@a3/core';
import { rocAuc } from '@a3/metrics';
import type { CalibrationConfig, HeadConfig } from '../detector/config';
import type { Detector } from '../detectors/detector';
import { rowsWhere } from '../detector/fit-data';
import { createDetector, getDetector } from '../detectors/registry';
import { HEADS_DIR, type JsonObject, type JsonValue } from '../format/manifest';
import { Calibrator } from './calibration';

/** A fitted head: its config entry, the detector and its calibrator. */
export interface FittedHead {
  /** Position in config.heads. */
  index: number;
  config: HeadConfig;
  /** Its weight in the combination: config.weight, shared with the other kept members of its group. */
  weight: number;
  detector: Detector;
  calibrator: Calibrator;
}

/** What joins the alarm in score(): calibrators and weights (the heads keep their own state). */
export interface Ensemble {
  alarmWeight: number;
  alarm: Calibrator;
  heads: FittedHead[];
  /** Heads left out at fit, with the reason (e.g. no known anomalies for a supervised head). */
  dropped: { index: number; detector: string; reason: string }[];
}

/** Folder of head `i` inside the model directory, e.g. heads/0-hgb. */
export function headDir(index: number, detector: string): string {
  return `${HEADS_DIR}/${index}-${detector.replace(/[^\w.-]/g, '_')}`;
}

/**
 * The training normals held out for calibration: a seeded `fraction` of them (at most
 * `maxRows`, at least one), which no component is fitted on. Normals are not labels, so this
 * leaves the label budget alone.
 */
export function calibrationSplit(
  y: Uint8Array,
  c: CalibrationConfig,
  seed: number,
): { fit: Int32Array; calibration: Int32Array } {
  const normals: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === 0) normals.push(i);
  if (normals.length < 2) {
    throw new InvalidArgumentError(
      `A3Detector with heads holds out normals to calibrate them and needs at least 2 normal rows; got ${normals.length}.`,
    );
  }
  const count = Math.min(c.maxRows, normals.length - 1, Math.max(1, Math.round(c.fraction * normals.length)));
  const order = new Rng(seed).permutation(normals.length);
  const held = new Uint8Array(y.length);
  for (let i = 0; i < count; i++) held[normals[order[i]]] = 1;
  const fit: number[] = [];
  const calibration: number[] = [];
  for (let i = 0; i < y.length; i++) (held[i] ? calibration : fit).push(i);
  return { fit: Int32Array.from(fit), calibration: Int32Array.from(calibration) };
}

/**
 * Fits each head on the (scaled) training rows and labels. A head that cannot use the data —
 * its kind needs known anomalies and there are none, or its fit throws UnsuitableDataError — is
 * dropped with the reason; any other error fails the fit.
 */
export async function fitHeads(
  heads: readonly HeadConfig[],
  data: { x: TensorData<'float32'>; y: Uint8Array },
  options: { backend: Backend; seed: number },
): Promise<{
  fitted: { index: number; config: HeadConfig; detector: Detector }[];
  dropped: Ensemble['dropped'];
}> {
  const known = data.y.reduce((n, v) => n + v, 0);
  const fitted: { index: number; config: HeadConfig; detector: Detector }[] = [];
  const dropped: Ensemble['dropped'] = [];
  let normalsOnly: { x: TensorData<'float32'>; y: Uint8Array } | undefined;
  const unlabelled = () => (normalsOnly ??= normalPart(data));
  for (const [index, config] of heads.entries()) {
    const entry = headEntry(config.detector, 'fit');
    if (config.group !== undefined && entry.needsKnownAnomalies) {
      throw new InvalidArgumentError(
        `A3Detector: heads[${index}] ("${config.detector}") is in group "${config.group}", whose heads are ` +
          'chosen by the known anomalies they never saw, but it learns from known anomalies. Take it out of the group.',
      );
    }
    if (entry.needsKnownAnomalies && known === 0) {
      dropped.push({
        index,
        detector: config.detector,
        reason: 'it learns from known anomalies and there are none',
      });
      continue;
    }
    const detector = createDetector(config.detector, config.options);
    try {
      const rows = config.group === undefined ? data : unlabelled();
      await detector.fit({ x: rows.x, y: rows.y }, { backend: options.backend, seed: options.seed });
      fitted.push({ index, config, detector });
    } catch (err) {
      detector.dispose();
      if (err instanceof A3Error && err.code === 'A3_UNSUITABLE') {
        dropped.push({ index, detector: config.detector, reason: err.message.slice(0, 300) });
        continue;
      }
      for (const f of fitted) f.detector.dispose();
      throw err;
    }
  }
  return { fitted, dropped };
}

/** The normal rows (y = 0) of the heads' training data, labelled all normal. */
function normalPart(data: { x: TensorData<'float32'>; y: Uint8Array }): {
  x: TensorData<'float32'>;
  y: Uint8Array;
} {
  const rows = rowsWhere(data.y, 0);
  return {
    x: rows.length === data.y.length ? data.x : data.x.gatherRows(rows),
    y: new Uint8Array(rows.length),
  };
}

/** Which heads of a group were kept, and every member's validation AUC-ROC (null: not chosen by data). */
export interface GroupSelection {
  group: string;
  /** The kept members, best first (several when within the tolerance of the best). */
  kept: string[];
  /** Held-out normals and known anomalies the choice was made on. */
  normals: number;
  knownAnomalies: number;
  aucRoc: { detector: string; aucRoc: number | null }[];
}

/**
 * Keeps the best fitted heads of each group (see HeadConfig.group): the one with the best
 * AUC-ROC of held-out normals (label 0) against the known anomalies (label 1), and every other
 * member within `tolerance` of it; the group's first head alone when there are no known
 * anomalies. Group members were fitted on normals only, so neither set was seen by any of them.
 * The heads not kept are disposed and listed as dropped.
 */
export async function selectInGroups(
  heads: {
    fitted: { index: number; config: HeadConfig; detector: Detector }[];
    dropped: Ensemble['dropped'];
  },
  validation: { normals: TensorData<'float32'>; known: TensorData<'float32'> },
  tolerance = 0,
): Promise<{
  fitted: { index: number; config: HeadConfig; detector: Detector }[];
  dropped: Ensemble['dropped'];
  selections: GroupSelection[];
}> {
  const groups = [
    ...new Set(heads.fitted.flatMap((f) => (f.config.group === undefined ? [] : [f.config.group]))),
  ];
  if (groups.length === 0) return { ...heads, selections: [] };
  const nNormal = validation.normals.shape[0];
  const nKnown = validation.known.shape[0];
  const byData = nKnown > 0 && nNormal > 0;
  const rows = byData ? concatRows([validation.normals, validation.known]) : null;
  const labels = new Uint8Array(nNormal + nKnown).fill(1, nNormal);
  const drop = new Set<number>();
  const dropped = [...heads.dropped];
  const selections: GroupSelection[] = [];
  for (const group of groups) {
    const members = heads.fitted.filter((f) => f.config.group === group);
    const aucs: (number | null)[] = [];
    for (const m of members) aucs.push(rows ? rocAuc(labels, await m.detector.score(rows)) : null);
    let best = 0;
    for (let i = 1; i < members.length; i++) if ((aucs[i] ?? -1) > (aucs[best] ?? -1)) best = i;
    const bestName = members[best].config.detector;
    const keep = (i: number) =>
      i === best || (byData && tolerance > 0 && (aucs[i] ?? -1) >= (aucs[best] ?? -1) - tolerance);
    // Best first: by AUC, ties in member order (best is the first member with the top AUC).
    const keptOrder = members
      .map((_, i) => i)
      .filter(keep)
      .sort((a, b) => (aucs[b] ?? -1) - (aucs[a] ?? -1));
    for (const [i, m] of members.entries()) {
      if (keep(i)) continue;
      drop.add(m.index);
      dropped.push({
        index: m.index,
        detector: m.config.detector,
        reason: byData
          ? `not chosen in group "${group}": AUC-ROC ${fmt(aucs[i])} on ${nNormal} held-out normals against ` +
            `${nKnown} known anomalies; "${bestName}" had ${fmt(aucs[best])}` +
            (tolerance > 0 ? ` (members within ${tolerance} of it are kept)` : '')
          : `not chosen in group "${group}": no known anomalies to choose by, so its first head "${bestName}" is kept`,
      });
    }
    selections.push({
      group,
      kept: keptOrder.map((i) => members[i].config.detector),
      normals: nNormal,
      knownAnomalies: nKnown,
      aucRoc: members.map((m, i) => ({ detector: m.config.detector, aucRoc: aucs[i] })),
    });
  }
  for (const f of heads.fitted) if (drop.has(f.index)) f.detector.dispose();
  dropped.sort((a, b) => a.index - b.index);
  return { fitted: heads.fitted.filter((f) => !drop.has(f.index)), dropped, selections };
}

const fmt = (v: number | null | undefined): string => (v == null ? 'n/a' : v.toFixed(3));

/** The registry entry of a head's kind, or an error that says which package registers it. */
export function headEntry(kind: string, when: 'fit' | 'load', source?: string) {
  try {
    return getDetector(kind);
  } catch (err) {
    const where = source ? `The model at ${source} has` : 'This A3Detector has';
    const retry = when === 'fit' ? 'fitting' : 'loading';
    throw new InvalidArgumentError(
      `${where} a "${kind.slice(0, 60)}" head, a detector kind not registered in this process. ` +
        `Import '@a3/baselines' (it registers hgb, lof, iforest, ...) or the package that registers "${kind.slice(0, 60)}" before ${retry} it.`,
      { cause: err },
    );
  }
}

/**
 * The ensemble after fit: each kept head and the alarm calibrated on the held-out normals'
 * scores (the alarm's as score() gives them, the heads' on the scaled rows).
 */
export async function calibrateEnsemble(
  alarmWeight: number,
  alarmScores: Float32Array,
  heads: {
    fitted: { index: number; config: HeadConfig; detector: Detector }[];
    dropped: Ensemble['dropped'];
  },
  calibrationRows: TensorData<'float32'>,
): Promise<Ensemble> {
  if (alarmWeight === 0 && heads.fitted.length === 0) {
    throw new InvalidArgumentError(
      `A3Detector: alarmWeight is 0 and every head was dropped (${heads.dropped
        .map((d) => `${d.detector}: ${d.reason}`)
        .join('; ')
        .slice(0, 300)}), ` +
        'so nothing would score. Give the alarm a weight or a head that can use this data.',
    );
  }
  const kept: FittedHead[] = [];
  const weights = keptWeights(heads.fitted.map((f) => f.config));
  for (const [i, f] of heads.fitted.entries()) {
    kept.push({
      ...f,
      weight: weights[i],
      calibrator: Calibrator.fit(await f.detector.score(calibrationRows)),
    });
  }
  return { alarmWeight, alarm: Calibrator.fit(alarmScores), heads: kept, dropped: heads.dropped };
}

/**
 * The combination weight of each kept head: its config weight, divided among the kept members
 * of its group (HeadConfig.group), so a group weighs the same however many members it keeps.
 * Derived from the kept heads alone, so a loaded model recomputes what its fit used.
 */
export function keptWeights(kept: readonly HeadConfig[]): number[] {
  const members = new Map<string, number>();
  for (const h of kept) if (h.group !== undefined) members.set(h.group, (members.get(h.group) ?? 0) + 1);
  return kept.map((h) => (h.group === undefined ? h.weight : h.weight / members.get(h.group)!));
}

/**
 * The combined score of each row: Σ w·F(s) / Σ w over the alarm (weight alarmWeight) and the
 * kept heads, each score mapped by its calibrator (a head with a `floor` contributes
 * max(F(s), floor)). Row by row, so a row's score does not depend on the other rows scored with it.
 */
export function combineScores(
  e: Ensemble,
  alarm: Float32Array,
  heads: readonly Float32Array[],
): Float32Array {
  const total = e.alarmWeight + e.heads.reduce((s, h) => s + h.weight, 0);
  const floors = e.heads.map((h) => h.config.floor ?? 0);
  const out = new Float32Array(alarm.length);
  for (let i = 0; i < alarm.length; i++) {
    let sum = e.alarmWeight > 0 ? e.alarmWeight * e.alarm.cdf(alarm[i]) : 0;
    for (let h = 0; h < e.heads.length; h++) {
      sum += e.heads[h].weight * Math.max(e.heads[h].calibrator.cdf(heads[h][i]), floors[h]);
    }
    out[i] = sum / total;
  }
  return out;
}

/** The ensemble's part of a3.json (the heads' own files are in their folders). */
export function ensembleToJSON(e: Ensemble): JsonObject {
  return {
    alarmWeight: e.alarmWeight,
    alarm: e.alarm.toJSON() as unknown as JsonValue,
    heads: e.heads.map((h) => ({
      index: h.index,
      detector: h.config.detector,
      dir: headDir(h.index, h.config.detector),
      calibration: h.calibrator.toJSON() as unknown as JsonValue,
    })),
    dropped: e.dropped.map((d) => ({ ...d })),
  };
}

/** A head as a3.json lists it, checked (its folder must be the one headDir gives). */
export interface StoredHead {
  index: number;
  detector: string;
  dir: string;
  calibrator: Calibrator;
}

/** Reads a3.json's `ensemble` against the config's heads; every problem is a FormatError. */
export function ensembleFromJSON(
  value: JsonValue,
  heads: readonly HeadConfig[],
  alarmWeight: number,
  source: string,
): { alarm: Calibrator; heads: StoredHead[]; dropped: Ensemble['dropped'] } {
  const fail = (why: string): never => {
    throw new FormatError(`${source}: "ensemble" ${why}; the file is corrupt.`);
  };
  const o = value as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return fail('is not an object');
  if (o.alarmWeight !== alarmWeight) fail('has another alarm weight than the config');
  const alarm = Calibrator.fromJSON(o.alarm, source, 'ensemble.alarm');
  if (!Array.isArray(o.heads)) fail('has no "heads" list');
  const stored = (o.heads as unknown[]).map((h, i): StoredHead => {
    const r = h as Record<string, unknown> | null;
    const index = r?.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= heads.length) {
      return fail(`heads[${i}] names no head of the config`);
    }
    const detector = heads[index].detector;
    if (r!.detector !== detector || r!.dir !== headDir(index, detector)) {
      fail(
        `heads[${i}] does not match config.heads[${index}] (${detector}) and its folder ${headDir(index, detector)}`,
      );
    }
    return {
      index,
      detector,
      dir: headDir(index, detector),
      calibrator: Calibrator.fromJSON(r!.calibration, source, `ensemble.heads[${i}].calibration`),
    };
  });
  if (new Set(stored.map((h) => h.index)).size !== stored.length) fail('lists a head twice');
  if (alarmWeight === 0 && stored.length === 0) fail('has neither an alarm weight nor heads');
  const dropped = Array.isArray(o.dropped)
    ? (o.dropped as unknown[]).map((d) => {
        const r = (d ?? {}) as Record<string, unknown>;
        return {
          index: Number(r.index),
          detector: String(r.detector),
          reason: String(r.reason).slice(0, 300),
        };
      })
    : [];
  return { alarm, heads: stored, dropped };
}
