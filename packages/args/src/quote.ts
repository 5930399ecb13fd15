/** Longest piece of user input a message quotes (project rule: ~100 characters). */
export const MAX_QUOTED = 100;

/** `text` cut to MAX_QUOTED characters, marking the cut, for quoting in a message. */
export function clip(text: string): string {
  return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED)}… (${text.length} characters)`;
}
