import type { OptionSpec as ArgsOptionSpec } from '@a3/args';
import type { Output } from '../terminal/output';

/** An option of an `a3` command: @a3/args's spec, with the description `--help` prints required. */
export type OptionSpec = ArgsOptionSpec & { description: string };

export interface CommandContext {
  io: Output;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /**
   * Plugins main() imported for this run (a3.config.json, package.json "a3.plugins", --plugin), as
   * a trained model records them: package names, or absolute paths of plugin files.
   */
  plugins?: readonly string[];
}

/** One `a3 <name>` command: its options drive parsing, --help text and docs. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  example: string;
  options: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number>;
}

export function helpText(cmd: Command): string {
  const opts = Object.entries(cmd.options).map(([k, o]) => {
    const flag = `--${k}${o.type === 'string' ? ' <value>' : ''}`;
    const def = o.default !== undefined ? ` (default: ${String(o.default)})` : '';
    return `  ${flag.padEnd(28)} ${o.description}${def}`;
  });
  return [
    `a3 ${cmd.name} — ${cmd.summary}`,
    '',
    `Usage: ${cmd.usage}`,
    '',
    'Options:',
    ...opts,
    `  ${'--help'.padEnd(28)} Show this help`,
    '',
    'Example:',
    `  ${cmd.example}`,
  ].join('\n');
}
