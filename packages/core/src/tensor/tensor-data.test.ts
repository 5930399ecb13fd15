import { describe, expect, it } from 'vitest';
import { TensorData, concatRows } from '../index';

describe('TensorData', () => {
  it('rejects data of the wrong length with the expected count', () => {
    expect(() => TensorData.float32([2, 3], [1, 2])).toThrow(/needs 6 values but got 2/);
  });
  it('gathers and concatenates rows', () => {
    const t = TensorData.fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(t.gatherRows([2, 0]).toArray()).toEqual([5, 6, 1, 2]);
    expect(concatRows([t.sliceRows(0, 1), t.sliceRows(2, 3)]).toArray()).toEqual([1, 2, 5, 6]);
  });
});
