import { InvalidArgumentError, ops, shapeSize, type Tensor } from '@a3/core';

/** Roles the built-in targets give their taps; plugins may use their own strings. */
export type TapRole = 'encoder' | 'code' | 'decoder' | 'hidden' | (string & {});

/** A hidden activation of a target network, as the alarm network sees it. */
export interface TargetTap {
  readonly name: string;
  readonly role: TapRole;
  readonly tensor: Tensor;
}

/**
 * Which hidden activations the alarm network reads: all of them (the paper's choice),
 * those with given roles (e.g. only the code layer), or named ones.
 */
export type TapSelection = 'all' | { roles: readonly TapRole[] } | { names: readonly string[] };

export function checkTapSelection(sel: unknown): TapSelection {
  if (sel === undefined || sel === 'all') return 'all';
  if (sel !== null && typeof sel === 'object') {
    const s = sel as { roles?: unknown; names?: unknown };
    const list = s.roles ?? s.names;
    const key = s.roles !== undefined ? 'roles' : 'names';
    if ((s.roles === undefined) !== (s.names === undefined) && Array.isArray(list) && list.length > 0) {
      if (list.every((v) => typeof v === 'string')) {
        return key === 'roles' ? { roles: [...(list as string[])] } : { names: [...(list as string[])] };
      }
    }
  }
  throw new InvalidArgumentError(
    `taps must be 'all', { roles: ['encoder' | 'code' | 'decoder' | ...] } or { names: [...] } with at least one entry; ` +
      `got ${JSON.stringify(sel)}.`,
  );
}

/** Picks the taps a selection asks for, in network order, failing on names or roles that match nothing. */
export function selectTaps(taps: readonly TargetTap[], sel: TapSelection): TargetTap[] {
  if (taps.length === 0) {
    throw new InvalidArgumentError(
      'The target network exposes no hidden activation taps, so the alarm network has nothing to read. ' +
        'Give its hidden layers an activation (relu, sigmoid, ...) or return taps from apply().',
    );
  }
  if (sel === 'all') return [...taps];
  const available = () => taps.map((t) => `${t.name} (${t.role})`).join(', ');
  if ('roles' in sel) {
    for (const r of sel.roles) {
      if (!taps.some((t) => t.role === r)) {
        throw new InvalidArgumentError(`No tap has role "${r}". Taps: ${available()}.`);
      }
    }
    return taps.filter((t) => sel.roles.includes(t.role));
  }
  for (const n of sel.names) {
    if (!taps.some((t) => t.name === n))
      throw new InvalidArgumentError(`No tap is named "${n}". Taps: ${available()}.`);
  }
  return taps.filter((t) => sel.names.includes(t.name));
}

/** Flattened width of one tap (values per sample). */
export function tapWidth(t: TargetTap): number {
  return shapeSize(t.tensor.shape.slice(1));
}

/** Flattens each selected tap to [N, width] and concatenates them: the alarm network's input. */
export function concatTaps(taps: readonly TargetTap[]): Tensor {
  const flat = taps.map((t) => (t.tensor.rank === 2 ? t.tensor : ops.reshape(t.tensor, [-1, tapWidth(t)])));
  return flat.length === 1 ? flat[0] : ops.concat(flat, 1);
}
