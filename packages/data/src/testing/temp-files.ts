import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for tests that need real files; never inside the repository. */
export class TempDir {
  readonly path: string;

  constructor(prefix = 'a3-data-') {
    this.path = mkdtempSync(join(tmpdir(), prefix));
  }

  write(name: string, content: string | Uint8Array): string {
    const file = join(this.path, name);
    writeFileSync(file, content);
    return file;
  }

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
