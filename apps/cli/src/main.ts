import { parseCommandLine, type CommandLine } from '@a3/args';
import { A3Error } from '@a3/core';
import { cliAdvice } from './args/cli-advice';
import { backendsCommand } from './commands/backends';
import { compareCommand } from './commands/compare';
import { datasetsCommand } from './commands/datasets';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { quickstartCommand } from './commands/quickstart';
import { scoreCommand } from './commands/score';
import { serveCommand } from './commands/serve';
import { trainCommand } from './commands/train';
import { helpText, type Command } from './commands/command';
import { loadCommandPlugins } from './plugins/load-plugins';
import { errorLine } from './terminal/error-line';
import { OutputClosedError, processOutput, type Output } from './terminal/output';
import packageJson from '../package.json';

/** The version of @a3/cli, for `a3 --version` (bundled in at build time). */
const VERSION: string = packageJson.version;

export const commands: Command[] = [
  quickstartCommand,
  trainCommand,
  evaluateCommand,
  compareCommand,
  scoreCommand,
  exportCommand,
  serveCommand,
  datasetsCommand,
  backendsCommand,
];

export function registerCommand(cmd: Command): void {
  commands.push(cmd);
}

function overview(): string {
  return [
    'a3 — Activation Anomaly Analysis (A³) anomaly detection',
    '',
    'Usage: a3 <command> [options]   (a3 <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
  ].join('\n');
}

/** Runs the CLI; returns the exit code. Every failure is one line on stderr and a non-zero code. */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    io.out(`a3 ${VERSION}`);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`a3: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.`);
    return 2;
  }
  let parsed: CommandLine;
  try {
    parsed = parseCommandLine(rest, cmd.options, `a3 ${name}`);
  } catch (err) {
    if (!(err instanceof A3Error)) throw err;
    io.err(errorLine(name, err.message, err.code));
    return 2;
  }
  if (parsed.help) {
    io.out(helpText(cmd));
    return 0;
  }
  const values = parsed.values;
  try {
    // Plugins register targets, anomaly networks and recipes, so they are imported first.
    const plugins =
      'plugin' in cmd.options
        ? await loadCommandPlugins(
            typeof values.plugin === 'string' ? values.plugin : undefined,
            process.cwd(),
          )
        : [];
    return await cmd.run({ io, values, positionals: parsed.positionals, plugins });
  } catch (err) {
    // The reader of our output left (`a3 score … | head`): not a failure of a3.
    if (err instanceof OutputClosedError) return 0;
    if (err instanceof A3Error) {
      io.err(errorLine(name, cliAdvice(err.message, cmd.options), err.code));
      return 1;
    }
    io.err(`a3 ${name}: unexpected error: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}
