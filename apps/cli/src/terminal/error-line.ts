/**
 * Longest error line a3 prints. Messages quote at most ~100 characters of any input; this is the
 * backstop for a message that does not (a library error quoting a 50 MB header line).
 */
export const MAX_ERROR_LINE = 1000;

/** `a3 <command>: <message> [CODE]` on one line, whatever the message holds. */
export function errorLine(command: string, message: string, code: string): string {
  const flat = message.replace(/\s*[\r\n]+\s*/g, ' ');
  const room = MAX_ERROR_LINE - command.length - code.length - 8;
  const text = flat.length > room ? `${flat.slice(0, room - 1)}…` : flat;
  return `a3 ${command}: ${text} [${code}]`;
}
