import { InvalidArgumentError } from '@a3/core';
import { MODEL_LIMITS, boundedCount } from '../format/limits';
import type { JsonObject } from '../format/manifest';
import type { CalibrationConfig, HeadConfig } from './config';

/** Checks of single config values, shared by resolveConfig's fields (messages name the field). */

export const CALIBRATION_DEFAULTS: CalibrationConfig = { fraction: 0.1, maxRows: 2000 };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function positiveInt(v: unknown, what: string, max: number): number {
  return boundedCount(v, what, max);
}

export function jsonObject(v: unknown, what: string): JsonObject {
  if (v === undefined) return {};
  if (!isPlainObject(v))
    throw new InvalidArgumentError(
      `A3Detector: ${what} must be a plain object; got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  try {
    return JSON.parse(JSON.stringify(v)) as JsonObject;
  } catch (err) {
    throw new InvalidArgumentError(
      `A3Detector: ${what} must be JSON-serialisable (${(err as Error).message}).`,
    );
  }
}

export function nonNegative(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InvalidArgumentError(
      `A3Detector: ${what} must be a number ≥ 0; got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  }
  return v;
}

export function headList(v: unknown): HeadConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MODEL_LIMITS.maxLayers) {
    throw new InvalidArgumentError(
      `A3Detector: heads must be a list of at most ${MODEL_LIMITS.maxLayers} { detector, weight, floor?, group?, options? }.`,
    );
  }
  return v.map((h: unknown, i): HeadConfig => {
    if (!isPlainObject(h) || typeof h.detector !== 'string' || !h.detector) {
      throw new InvalidArgumentError(
        `A3Detector: heads[${i}] must be { detector: 'registered name', weight, floor?, group?, options? }; ` +
          `got ${JSON.stringify(h)?.slice(0, 100)}.`,
      );
    }
    const extra = Object.keys(h).find(
      (k) => !['detector', 'weight', 'floor', 'group', 'options'].includes(k),
    );
    if (extra !== undefined)
      throw new InvalidArgumentError(`A3Detector: unknown option heads[${i}].${extra.slice(0, 40)}.`);
    const weight = h.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || !(weight > 0)) {
      throw new InvalidArgumentError(
        `A3Detector: heads[${i}].weight must be a number > 0; got ${JSON.stringify(weight)?.slice(0, 100)}.`,
      );
    }
    const options = h.options === undefined ? undefined : jsonObject(h.options, `heads[${i}].options`);
    const floor = h.floor ?? 0;
    if (typeof floor !== 'number' || !(floor >= 0 && floor < 1)) {
      throw new InvalidArgumentError(
        `A3Detector: heads[${i}].floor is the calibrated score below which the head abstains, in [0, 1); ` +
          `got ${JSON.stringify(floor)?.slice(0, 100)}.`,
      );
    }
    const group = h.group;
    if (group !== undefined && (typeof group !== 'string' || !/^[\w.-]{1,40}$/.test(group))) {
      throw new InvalidArgumentError(
        `A3Detector: heads[${i}].group names a set of alternative heads: 1–40 letters, digits, _ . -; ` +
          `got ${JSON.stringify(group)?.slice(0, 100)}.`,
      );
    }
    return {
      detector: h.detector,
      weight,
      ...(floor > 0 ? { floor } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(options ? { options } : {}),
    };
  });
}

export function groupTolerance(v: unknown): number {
  const t = v ?? 0;
  if (typeof t !== 'number' || !(t >= 0 && t < 1)) {
    throw new InvalidArgumentError(
      `A3Detector: groupTolerance is how far below the best AUC-ROC a group member may be and still be kept, ` +
        `a number in [0, 1); got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  }
  return t;
}

export function calibrationConfig(v: unknown): CalibrationConfig {
  if (v !== undefined && !isPlainObject(v))
    throw new InvalidArgumentError('A3Detector: calibration must be { fraction?, maxRows? }.');
  const c = { ...CALIBRATION_DEFAULTS, ...((v ?? {}) as Partial<CalibrationConfig>) };
  const extra = Object.keys(c).find((k) => k !== 'fraction' && k !== 'maxRows');
  if (extra !== undefined)
    throw new InvalidArgumentError(`A3Detector: unknown option calibration.${extra.slice(0, 40)}.`);
  if (typeof c.fraction !== 'number' || !(c.fraction > 0 && c.fraction < 1)) {
    throw new InvalidArgumentError(
      `A3Detector: calibration.fraction is the share of training normals held out, in (0, 1); ` +
        `got ${JSON.stringify(c.fraction)?.slice(0, 100)}.`,
    );
  }
  positiveInt(c.maxRows, 'calibration.maxRows', MODEL_LIMITS.maxBatchSize);
  return c;
}
