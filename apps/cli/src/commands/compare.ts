import { InvalidArgumentError } from '@a3/core';
import { Args } from '@a3/args';
import { warnIfSlowBackend } from '../backends/training-speed';
import { PLUGIN_OPTION } from '../plugins/plugin-config';
import { a3VariantSpecs, detectorSpecs, registeredDetectors } from '../compare/detectors';
import { writeCompareReport } from '../compare/report';
import { runCompare } from '../compare/run-compare';
import { problemLines, renderTable, tableRows } from '../compare/table';
import type { Command } from './command';
import { DATA_OPTIONS, trainCommand } from './train';

/** The split flags of `a3 train`, so both commands read data and split the same way. */
const SPLIT_FLAGS = [
  'label-column',
  'drop',
  'normal',
  'known',
  'test-anomalies',
  'test-fraction',
  'max-train-normals',
] as const;
const splitOptions = Object.fromEntries(SPLIT_FLAGS.map((k) => [k, trainCommand.options[k]]));

/** Seeds of the PEERS.md protocol, so a bare `a3 compare` reports a mean over three splits. */
const DEFAULT_SEEDS = '0,1,2';

/** --seed / --seeds: comma-separated whole numbers ≥ 0, no duplicates. */
function seedsFromArgs(args: Args): number[] {
  if (args.has('seed') && args.has('seeds'))
    throw new InvalidArgumentError('give --seed or --seeds, not both.');
  const flag = args.has('seeds') ? 'seeds' : 'seed';
  const list = args.list(flag) ?? DEFAULT_SEEDS.split(',');
  return list.map((s) => {
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
      throw new InvalidArgumentError(
        `--${flag} must list whole numbers ≥ 0 (e.g. 0,1,2); got "${s.slice(0, 100)}".`,
      );
    }
    return Number(s);
  });
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Run several detectors (A³ and baselines) on one data set and split; table of AUCs, F1, times',
  usage:
    'a3 compare --dataset NAME (--data-dir DIR | --file FILE) [--detectors a3,iforest,...] [--seed 0,1,2] ' +
    '[--n-known N|P%] [split options] [--backend NAME] [--json] [--report FILE]',
  example:
    'a3 compare --dataset adbench --file data/adbench/6_cardio.npz --n-known 5% --seed 0,1,2 --report cardio.html',
  options: {
    ...DATA_OPTIONS,
    ...splitOptions,
    'n-known': {
      type: 'string',
      description:
        'Labelled known anomalies every detector gets: a number, or P% of the training rows of the known classes ' +
        '(at least 5) — default 100 or all there are',
    },
    detectors: {
      type: 'string',
      description:
        `Detectors to run, comma-separated (default: every registered one: ${registeredDetectors().join(', ')}); ` +
        `A³ variants: ${a3VariantSpecs()
          .map((v) => v.name)
          .join(', ')} (plain a3 is the robust preset)`,
    },
    seed: {
      type: 'string',
      description: `Seeds of the split and the detectors, comma-separated (default: ${DEFAULT_SEEDS})`,
    },
    seeds: { type: 'string', description: 'Same as --seed' },
    backend: { type: 'string', description: 'Compute backend of detectors that use one (see a3 backends)' },
    plugin: PLUGIN_OPTION,
    json: { type: 'boolean', description: 'Print every number of the table (and per-seed values) as JSON' },
    report: { type: 'string', description: 'Write an HTML report with all detectors’ ROC and PR curves' },
  },
  async run({ io, values }) {
    const args = new Args(values);
    const seeds = seedsFromArgs(args);
    const detectors = detectorSpecs(args.list('detectors'));
    const report = args.string('report');
    const backend = args.string('backend');
    await warnIfSlowBackend(io, backend);
    const { result, curves } = await runCompare({
      values,
      detectors,
      seeds,
      io,
      ...(backend ? { backend } : {}),
      keepCurves: report !== undefined,
    });
    if (report !== undefined && curves) {
      if (await writeCompareReport(report, result, curves)) io.err(`report written to ${report}`);
      else io.err('no report: no detector produced scores');
    }
    const failed = result.detectors.some((d) => d.status === 'failed');
    if (args.flag('json')) {
      io.out(JSON.stringify(result));
      return failed ? 1 : 0;
    }
    io.out(
      `${result.dataset}: seeds ${result.seeds.join(', ')}; N known ${result.splits.map((s) => s.nKnown).join(' / ')}; ` +
        `${result.protocol.scaling}`,
    );
    for (const view of result.protocol.views) {
      if (result.protocol.views.length > 1)
        io.out(`\n${view.name}: test anomalies ${view.testAnomalies.join(', ')}`);
      io.out(renderTable(tableRows(result.detectors, view.name)));
    }
    for (const line of problemLines(result.detectors)) io.out(line);
    io.out(
      'mean ± sample std over seeds; F1 at each detector’s own threshold; times in seconds (wall clock)',
    );
    return failed ? 1 : 0;
  },
};
