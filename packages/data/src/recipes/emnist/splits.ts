/** The EMNIST splits the emnist recipe reads (the paper's MNIST + EMNIST experiments use letters). */
export const EMNIST_SPLITS = ['letters', 'balanced'] as const;
export type EmnistSplit = (typeof EMNIST_SPLITS)[number];
