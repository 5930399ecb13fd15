/**
 * @a3/args — how the a3 CLI and a3-bench read their command lines: one parser against an option
 * table (a flag given twice refused, a negative number taken as a flag's value, did-you-mean for an
 * unknown flag) and typed readers of the values, every mistake an InvalidArgumentError of one line.
 */
export { parseCommandLine, MULTI_SEPARATOR } from './parse';
export type { CommandLine, OptionSpec, OptionTable } from './parse';
export { Args, positionals } from './values';
export type { OptionValues } from './values';
export { editDistance, nearestNames } from './did-you-mean';
export { clip, MAX_QUOTED } from './quote';
