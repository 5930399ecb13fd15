import { FormatError } from '@a3/core';
import { quoteInput } from '../messages/quote';

export type ArffType =
  | { readonly kind: 'numeric'; readonly declared: 'numeric' | 'real' | 'integer' }
  | { readonly kind: 'nominal'; readonly categories: readonly string[] }
  | { readonly kind: 'string' }
  | { readonly kind: 'date'; readonly format?: string };

export interface ArffAttribute {
  readonly name: string;
  readonly type: ArffType;
}

/**
 * Splits an ARFF value list on commas outside quotes, unquoting items. ARFF (Weka) quotes with
 * ' or " and escapes with a backslash, unlike CSV's doubled quotes.
 */
export function splitArffValues(text: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value: string;
    const q = text[i];
    if (q === "'" || q === '"') {
      let v = '';
      let j = i + 1;
      for (; j < n && text[j] !== q; j++) {
        if (text[j] === '\\' && j + 1 < n) j++;
        v += text[j];
      }
      if (j >= n) throw new FormatError(`${where}: unterminated ${q}-quoted value.`);
      value = v;
      i = j + 1;
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i < n && text[i] !== ',')
        throw new FormatError(`${where}: unexpected ${quoteInput(text[i])} after a quoted value.`);
    } else {
      const c = text.indexOf(',', i);
      const end = c === -1 ? n : c;
      value = text.slice(i, end).trim();
      i = end;
    }
    out.push(value);
    if (i >= n) break;
    i++; // skip the comma
  }
  return out;
}

/** Reads an attribute or relation name: quoted (may contain spaces) or up to the first blank. */
export function parseArffName(rest: string, where: string): [string, string] {
  const s = rest.trimStart();
  const q = s[0];
  if (q === "'" || q === '"') {
    let name = '';
    let j = 1;
    for (; j < s.length && s[j] !== q; j++) {
      if (s[j] === '\\' && j + 1 < s.length) j++;
      name += s[j];
    }
    if (j >= s.length) throw new FormatError(`${where}: unterminated quoted name.`);
    return [name, s.slice(j + 1).trim()];
  }
  // Weka accepts "@attribute class{a,b}": an unquoted name ends at a blank or a "{".
  const m = /^([^\s{]+)\s*(.*)$/.exec(s);
  if (!m) throw new FormatError(`${where}: expected a name.`);
  return [m[1], m[2].trim()];
}

export function parseAttribute(rest: string, where: string): ArffAttribute {
  const [name, typeText] = parseArffName(rest, where);
  if (typeText.startsWith('{')) {
    const close = typeText.lastIndexOf('}');
    if (close === -1)
      throw new FormatError(`${where}: nominal attribute ${quoteInput(name)} has no closing "}".`);
    const inner = typeText.slice(1, close).trim();
    const categories = inner ? splitArffValues(inner, where) : [];
    return { name, type: { kind: 'nominal', categories } };
  }
  const [word, ...more] = typeText.split(/\s+/);
  const lower = (word ?? '').toLowerCase();
  if (lower === 'numeric' || lower === 'real' || lower === 'integer') {
    return { name, type: { kind: 'numeric', declared: lower } };
  }
  if (lower === 'string') return { name, type: { kind: 'string' } };
  if (lower === 'date') {
    const format = more.join(' ').replace(/^['"]|['"]$/g, '');
    return { name, type: format ? { kind: 'date', format } : { kind: 'date' } };
  }
  throw new FormatError(
    `${where}: attribute ${quoteInput(name)} has type ${quoteInput(typeText)}, which a3 does not read ` +
      '(supported: numeric, real, integer, {nominal,list}, string, date).',
  );
}
