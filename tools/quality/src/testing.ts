/**
 * Test fixture: a suite's entry for the overlap CSV that apps/cli's `writeOverlapCsv` writes
 * (`overlap.csv` in the suite's dataRoot), 5 known "spike" anomalies.
 */
export const OVERLAP_DATASET = {
  name: 'overlap',
  flags: {
    dataset: 'csv',
    file: 'overlap.csv',
    'label-column': 'label',
    drop: 'id',
    normal: 'normal',
    known: 'spike',
    'n-known': '5',
  },
} as const;
