/**
 * Peer numbers pasted by hand from ../shared/PEERS.md (scikit-learn 1.2 and PyTorch runs on the
 * same protocol, means of seeds 0–2). They are *not* produced by this runner: the page prints
 * them in their own, labelled table beside each data set for reference only.
 */
export interface PeerNumbers {
  /** N known of PEERS.md, where it lists one (a check on this runner's split). */
  readonly nKnown?: number;
  /** By view name ("test" for the ADBench sets): peer → [AUC-ROC, AUC-PR]. */
  readonly views: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>>;
}

const ADBENCH_PEERS = ['A³ paper', 'HGB', 'MLP', 'IF', 'LOF', 'OC-SVM', 'AE'] as const;

/** PEERS.md's ADBench tables: N known, then AUC-ROC and AUC-PR in ADBENCH_PEERS order. */
const ADBENCH: Record<string, [number, number[], number[]]> = {
  '6_cardio': [
    6,
    [0.975, 0.979, 0.96, 0.954, 0.952, 0.96, 0.951],
    [0.834, 0.864, 0.874, 0.674, 0.649, 0.683, 0.653],
  ],
  '38_thyroid': [
    5,
    [0.992, 0.987, 0.996, 0.992, 0.984, 0.937, 0.96],
    [0.808, 0.929, 0.904, 0.805, 0.76, 0.284, 0.599],
  ],
  '32_shuttle': [
    123,
    [0.995, 0.998, 0.983, 0.997, 0.998, 0.989, 0.997],
    [0.985, 0.998, 0.973, 0.979, 0.985, 0.962, 0.986],
  ],
  '26_optdigits': [
    5,
    [0.999, 0.976, 0.997, 0.828, 0.997, 0.69, 0.997],
    [0.975, 0.945, 0.979, 0.094, 0.818, 0.045, 0.854],
  ],
  '27_PageBlocks': [
    18,
    [0.936, 0.968, 0.935, 0.927, 0.932, 0.905, 0.941],
    [0.732, 0.858, 0.783, 0.538, 0.659, 0.531, 0.734],
  ],
  '29_Pima': [
    9,
    [0.655, 0.72, 0.65, 0.721, 0.697, 0.688, 0.702],
    [0.487, 0.585, 0.542, 0.566, 0.508, 0.515, 0.509],
  ],
};

function adbench(name: string): PeerNumbers {
  const [nKnown, roc, pr] = ADBENCH[name];
  return {
    nKnown,
    views: { test: Object.fromEntries(ADBENCH_PEERS.map((p, i) => [p, [roc[i], pr[i]] as const])) },
  };
}

export const PEERS: Readonly<Record<string, PeerNumbers>> = {
  ...Object.fromEntries(Object.keys(ADBENCH).map((n) => [n, adbench(n)])),
  'nsl-kdd': {
    nKnown: 100,
    views: {
      transfer: {
        'A³ paper (alarm lr 1e-5)': [0.949, 0.958],
        IF: [0.936, 0.95],
        'OC-SVM': [0.941, 0.954],
        AE: [0.94, 0.949],
        HGB: [0.852, 0.908],
        MLP: [0.77, 0.865],
      },
      known: {
        'A³ paper (alarm lr 1e-5)': [0.969, 0.97],
        IF: [0.972, 0.973],
        'OC-SVM': [0.963, 0.967],
        AE: [0.966, 0.962],
        HGB: [0.915, 0.945],
        MLP: [0.898, 0.926],
      },
    },
  },
  mnist: {
    nKnown: 100,
    views: {
      '6-9': {
        'A³ paper (dense target)': [0.858, 0.862],
        LOF: [0.937, 0.852],
        AE: [0.795, 0.713],
        IF: [0.531, 0.399],
        MLP: [0.802, 0.815],
        HGB: [0.765, 0.771],
      },
      '6-7': {
        'A³ paper (dense target)': [0.992, 0.984],
        LOF: [0.953, 0.794],
        AE: [0.801, 0.59],
        IF: [0.56, 0.27],
        MLP: [0.975, 0.961],
        HGB: [0.918, 0.881],
      },
    },
  },
};
