import { A3Error, getBackend, InvalidArgumentError, listBackends, type Backend } from '@a3/core';
import type { Unavailable } from '../report/types';

/** The reason inside core's "Backend "x" is unavailable: <reason>" (the backend is named next to it). */
function reasonOf(err: unknown): string {
  return ((err as Error).message ?? String(err)).replace(/^Backend "[^"]+" is unavailable: /, '');
}

/**
 * The backends to measure. With an explicit selection only those are loaded (each through
 * getBackend), so a run of one backend carries no other backend's native library; without
 * one, listBackends() probes every known and registered backend.
 */
export async function resolveBackends(
  wanted: readonly string[] | undefined,
  log: (l: string) => void = () => {},
): Promise<{ backends: Backend[]; unavailable: Unavailable[] }> {
  const backends: Backend[] = [];
  const unavailable: Unavailable[] = [];
  if (wanted) {
    for (const name of wanted) {
      try {
        backends.push(await getBackend(name));
      } catch (err) {
        if (err instanceof A3Error && err.code === 'A3_BACKEND_UNKNOWN') {
          throw new InvalidArgumentError(
            `--backends: ${err.message} A third-party backend must be registered (imported) before a3-bench runs.`,
          );
        }
        unavailable.push({ backend: name, reason: reasonOf(err) });
      }
    }
  } else {
    for (const info of await listBackends()) {
      if (!info.available) {
        unavailable.push({ backend: info.name, reason: info.reason ?? 'unavailable' });
        continue;
      }
      try {
        backends.push(await getBackend(info.name));
      } catch (err) {
        unavailable.push({ backend: info.name, reason: reasonOf(err) });
      }
    }
  }
  for (const u of unavailable) log(`${u.backend}: unavailable — ${u.reason}`);
  return { backends, unavailable };
}
