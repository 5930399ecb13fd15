import { DataError, InvalidArgumentError, type TensorData } from '@a3/core';
import { quoteInput } from '../messages/quote';

/** Rows × features of any tensor of rank ≥ 1 (trailing dimensions are flattened into features). */
export function matrixShape(x: TensorData, what: string): { rows: number; cols: number } {
  if (x.rank < 1) throw new InvalidArgumentError(`${what} needs a tensor of rank ≥ 1, got a scalar.`);
  const rows = x.shape[0];
  return { rows, cols: rows ? x.size / rows : x.shape.slice(1).reduce((a, b) => a * b, 1) };
}

/** Scalers are fitted on finite data only; a NaN here means invalid input slipped through. */
export function assertFinite(
  data: ArrayLike<number>,
  cols: number,
  names: readonly string[] | undefined,
  what: string,
): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const col = i % cols;
      const name = names?.[col] ? quoteInput(names[col]) : `#${col}`;
      throw new DataError(
        `${what}: row ${Math.floor(i / cols)}, feature ${name} is ${data[i]}. ` +
          'Read the data with onInvalid: "drop-row" or "impute-mean", or clean it first.',
      );
    }
  }
}
