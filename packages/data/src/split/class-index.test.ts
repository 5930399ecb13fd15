import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@a3/core';
import { semiSupervisedSplit } from './semi-supervised';

describe('class lists in messages', () => {
  it('caps the available classes when the label column is numeric (5,000 distinct "classes")', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => String(i * 1.5));
    const err = (() => {
      try {
        semiSupervisedSplit(labels, {
          normal: ['normal'],
          known: [],
          nKnown: 0,
          testAnomalies: ['1.5'],
          seed: 1,
        });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    const message = (err as Error).message;
    expect(message).toMatch(/Unknown normal class\(es\) "normal"/);
    expect(message).toMatch(
      /Available classes \(rows\): ("[\d.]+" \(1\), ){9}"[\d.]+" \(1\), … and \d,\d{3} more\./,
    );
    expect(message.length).toBeLessThan(600);
  });
});
