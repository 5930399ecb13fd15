import { describe, expect, it } from 'vitest';
import { clip, MAX_QUOTED } from './quote';

describe('clip', () => {
  it('keeps short input and cuts long input at MAX_QUOTED characters, saying how long it was', () => {
    expect(clip('abc')).toBe('abc');
    expect(clip('x'.repeat(MAX_QUOTED))).toBe('x'.repeat(MAX_QUOTED));
    expect(clip('y'.repeat(250))).toBe(`${'y'.repeat(MAX_QUOTED)}… (250 characters)`);
  });
});
