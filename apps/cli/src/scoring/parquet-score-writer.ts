import { InvalidArgumentError } from '@a3/core';
import type { Table } from '@a3/data';
import { ParquetFileWriter, type ParquetColumnSpec, type ParquetValues } from '@a3/parquet';

/**
 * `a3 score --out scores.parquet`: the CSV writer's columns as typed Parquet columns — row and
 * line (INT64), the `--keep` columns (DOUBLE for numeric, STRING for categorical, as read), score
 * (FLOAT, the model's float32) and anomaly (BOOLEAN, score ≥ threshold) when the model has a
 * threshold. One row group per 100 000 rows; written to a temp file renamed over `--out` by
 * close(), so a failed run leaves nothing. The schema is fixed by the first chunk (the readers
 * always yield one, even for an empty input), since the kinds of kept columns come from the data.
 */
export class ParquetScoreWriter {
  private file: ParquetFileWriter | null = null;

  private constructor(
    private readonly out: string,
    private readonly keep: readonly string[],
    private readonly threshold: number | null,
  ) {}

  static open(
    out: string | undefined,
    keep: readonly string[],
    threshold: number | null,
  ): ParquetScoreWriter {
    if (out === undefined) {
      throw new InvalidArgumentError('--format parquet writes a file: give --out FILE.parquet.');
    }
    return new ParquetScoreWriter(out, keep, threshold);
  }

  async write(table: Table, startRow: number, lines: Int32Array, scores: Float32Array): Promise<void> {
    this.file ??= await ParquetFileWriter.open(this.out, this.columns(table), {
      metadata: { 'a3.threshold': JSON.stringify(this.threshold) },
    });
    if (scores.length === 0) return;
    const n = scores.length;
    const values: ParquetValues[] = [
      BigInt64Array.from({ length: n }, (_, i) => BigInt(startRow + i)),
      BigInt64Array.from(lines.subarray(0, n), (l) => BigInt(l)),
      ...this.keep.map((k): ParquetValues => {
        const c = table.column(k);
        return c.kind === 'numeric' ? c.values.slice(0, n) : c.values.slice(0, n);
      }),
      scores,
    ];
    const t = this.threshold;
    if (t !== null) values.push(Array.from(scores, (s) => s >= t));
    await this.file.append(values);
  }

  async close(): Promise<void> {
    if (!this.file)
      throw new InvalidArgumentError('internal: a3 score closed a Parquet output it never wrote to.');
    await this.file.close();
  }

  async abort(): Promise<void> {
    await this.file?.abort();
  }

  private columns(table: Table): ParquetColumnSpec[] {
    return [
      { name: 'row', type: 'INT64' },
      { name: 'line', type: 'INT64' },
      ...this.keep.map((k): ParquetColumnSpec => ({
        name: k,
        type: table.column(k).kind === 'numeric' ? 'DOUBLE' : 'STRING',
      })),
      { name: 'score', type: 'FLOAT' },
      ...(this.threshold !== null ? [{ name: 'anomaly', type: 'BOOLEAN' } as const] : []),
    ];
  }
}
