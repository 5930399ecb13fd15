import { describe, expect, it } from 'vitest';
import { errorLine, MAX_ERROR_LINE } from './error-line';

describe('errorLine', () => {
  it('prints one line with the command and the code', () => {
    expect(errorLine('score', 'bad value\n  on line 3', 'A3_DATA')).toBe(
      'a3 score: bad value on line 3 [A3_DATA]',
    );
  });

  it('cuts a message that quotes too much, keeping the code', () => {
    const line = errorLine('train', `header: ${'h'.repeat(50_000)}`, 'A3_DATA');
    expect(line.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(line).toMatch(/^a3 train: header: h+… \[A3_DATA\]$/);
  });
});
