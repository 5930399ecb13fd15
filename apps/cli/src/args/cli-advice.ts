import type { OptionSpec } from '../commands/command';

/** `on-invalid` → `onInvalid`: how the library's options name what the CLI calls a flag. */
function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const HEADER_ADVICE = /,? or pass header: \[[^\]]*\](?: to name columns yourself)?/g;
const REGISTRY_ADVICE =
  /Register it with register\w+\(name, factory\), or import the plugin package that does(?: \([^)]*\))?\./g;

/**
 * Library messages name API options (`onInvalid: "drop-row"`, `header: [...]`) because the
 * library cannot know it runs under a CLI. A user of `a3 <command>` needs the flag instead:
 * every API name with a flag of this command is rewritten as that flag (`--on-invalid drop-row`),
 * the header advice points at `--no-header` where the command has it, and the registry's advice
 * to import a plugin at `--plugin`. Names without a flag stay as they are.
 */
export function cliAdvice(message: string, options: Readonly<Record<string, OptionSpec>>): string {
  let text = message.replace(HEADER_ADVICE, () =>
    'no-header' in options
      ? ', or pass --no-header if the file has no header row'
      : ' (the file needs a header row of distinct names)',
  );
  if ('plugin' in options) {
    text = text.replace(
      REGISTRY_ADVICE,
      'Load the plugin that registers it with --plugin PKG (or list it in a3.config.json).',
    );
  }
  for (const flag of Object.keys(options)) {
    const api = camelCase(flag);
    if (api === flag) continue; // one-word names (delimiter, seed) are also ordinary words
    // `options.onInvalid: "a" or "b"`, `onInvalid "a"`, `onInvalid` → `--on-invalid a or b`, …
    const pattern = new RegExp(
      `(?:options\\.)?\\b${api}\\b(?::?\\s*"([^"]*)"(?:\\s+or\\s+"([^"]*)")?)?`,
      'g',
    );
    text = text.replace(pattern, (_m, a?: string, b?: string) =>
      a === undefined ? `--${flag}` : `--${flag} ${a}${b !== undefined ? ` or ${b}` : ''}`,
    );
  }
  return text;
}
