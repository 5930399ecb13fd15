import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Builders and numpy-written fixtures live with the readers they test; the fuzz runner reuses them.
export {
  gzip,
  idxBytes,
  idxImages,
  idxLabels,
  npyBytes,
  npyFloat64,
  zipBytes,
  type ZipEntrySpec,
} from '../../../../packages/data/src/testing/archive-builders';

const NPY_FIXTURES = fileURLToPath(new URL('../../../../packages/data/src/npy/fixtures/', import.meta.url));

/** The numpy-written .npy / .npz fixtures of @a3/data, by file name. */
export function numpyFixtures(ext: '.npy' | '.npz'): Uint8Array[] {
  return readdirSync(NPY_FIXTURES)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(NPY_FIXTURES, f))));
}
