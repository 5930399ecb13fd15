import type { InvalidPolicy } from '@a3/data';

/**
 * @a3/data's invalid-value policies. A Record over the policy type, so a policy added there
 * fails to compile here until the CLI knows it (the package keeps its own list internal).
 */
const POLICIES: Record<InvalidPolicy, true> = { error: true, 'drop-row': true, 'impute-mean': true };

export const ON_INVALID_CHOICES = Object.keys(POLICIES) as InvalidPolicy[];

/** --on-invalid of the commands that load a recipe (train, evaluate); score has its own default. */
export const ON_INVALID_OPTION = {
  type: 'string',
  description:
    `Missing / non-numeric values in CSV data: ${ON_INVALID_CHOICES.join(', ')} ` +
    '(default: error; cic-ids2018 drop-row)',
} as const;
