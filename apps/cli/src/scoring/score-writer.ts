import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { IOError } from '@a3/core';
import type { Table } from '@a3/data';
import type { Output } from '../terminal/output';

export type ScoreFormat = 'csv' | 'json';

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function cell(table: Table, name: string, i: number): string | number {
  return table.column(name).values[i];
}

/**
 * Writes scores as they are computed, one chunk at a time, so memory stays bounded whatever
 * the input size: to stdout, or to a temp file renamed over `--out` at the end (a failed run
 * leaves no half-written output). Columns: row (0-based data row), line (source line), the
 * `--keep` columns, score, and anomaly (0/1) when the model has a threshold.
 */
export class ScoreWriter {
  private rowsWritten = 0;

  private constructor(
    private readonly format: ScoreFormat,
    private readonly keep: readonly string[],
    private readonly threshold: number | null,
    private readonly io: Output,
    private readonly file: { path: string; tmp: string; stream: WriteStream } | null,
  ) {}

  static async open(
    out: string | undefined,
    format: ScoreFormat,
    keep: readonly string[],
    threshold: number | null,
    io: Output,
  ): Promise<ScoreWriter> {
    let file: { path: string; tmp: string; stream: WriteStream } | null = null;
    if (out !== undefined) {
      const path = resolve(out);
      const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true });
      } catch (err) {
        throw new IOError(`cannot create the folder for --out ${out}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      const stream = createWriteStream(tmp);
      await new Promise<void>((ok, fail) => {
        stream.once('open', () => ok());
        stream.once('error', (err) =>
          fail(new IOError(`cannot write --out ${out}: ${err.message}`, { cause: err })),
        );
      });
      file = { path, tmp, stream };
    }
    const w = new ScoreWriter(format, keep, threshold, io, file);
    if (format === 'csv') {
      const cols = [
        'row',
        'line',
        ...keep.map(csvField),
        'score',
        ...(threshold !== null ? ['anomaly'] : []),
      ];
      await w.emit(cols.join(','));
    } else await w.emit('[');
    return w;
  }

  async write(table: Table, startRow: number, lines: Int32Array, scores: Float32Array): Promise<void> {
    if (scores.length === 0) return;
    const t = this.threshold;
    const parts: string[] = [];
    if (this.format === 'csv' && this.keep.length === 0) {
      // The common case, without an array and a join per row (same text: numbers print as String does).
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i];
        parts.push(
          t === null
            ? `${startRow + i},${lines[i]},${s}`
            : `${startRow + i},${lines[i]},${s},${s >= t ? 1 : 0}`,
        );
      }
      this.rowsWritten += scores.length;
      await this.emit(parts.join('\n'));
      return;
    }
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      const flag = t !== null ? (s >= t ? 1 : 0) : null;
      if (this.format === 'csv') {
        const kept = this.keep.map((k) => csvField(String(cell(table, k, i))));
        parts.push([startRow + i, lines[i], ...kept, s, ...(flag !== null ? [flag] : [])].join(','));
      } else {
        const rec: Record<string, string | number> = { row: startRow + i, line: lines[i] };
        for (const k of this.keep) rec[k] = cell(table, k, i);
        rec.score = s;
        if (flag !== null) rec.anomaly = flag;
        parts.push(`${this.rowsWritten + i === 0 ? '' : ','}${JSON.stringify(rec)}`);
      }
    }
    this.rowsWritten += scores.length;
    await this.emit(parts.join('\n'));
  }

  async close(): Promise<void> {
    if (this.format === 'json') await this.emit(']');
    if (!this.file) return;
    const { stream, tmp, path } = this.file;
    await new Promise<void>((ok, fail) => stream.end((err?: Error | null) => (err ? fail(err) : ok())));
    try {
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new IOError(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Drops the temp file after a failure. */
  async abort(): Promise<void> {
    if (!this.file) return;
    this.file.stream.destroy();
    await unlink(this.file.tmp).catch(() => undefined);
  }

  private async emit(text: string): Promise<void> {
    if (!this.file) {
      this.io.out(text);
      return;
    }
    const { stream } = this.file;
    // Wait for the OS to take the data when the stream's buffer is full: bounded memory.
    if (!stream.write(text + '\n')) await new Promise<void>((ok) => stream.once('drain', () => ok()));
  }
}
