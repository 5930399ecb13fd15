import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from './tokenizer';

function tokenize(text: string, pieceSize = Infinity, delimiter = ','): [string[], number][] {
  const out: [string[], number][] = [];
  const t = new CsvTokenizer(delimiter, 'mem.csv');
  const sink = (f: string[], line: number): void => {
    out.push([[...f], line]);
  };
  if (pieceSize === Infinity) t.push(text, sink);
  else for (let i = 0; i < text.length; i += pieceSize) t.push(text.slice(i, i + pieceSize), sink);
  t.end(sink);
  return out;
}

const tricky =
  'a,b,c\r\n' +
  '1,"x, y",3\r\n' +
  '"say ""hi""","multi\nline\r\nfield",\n' +
  '\n' +
  ',,\n' +
  '"",last,"q"\n' +
  'no,newline,"at end"';

describe('CsvTokenizer', () => {
  it('parses RFC 4180 quoting: delimiters, doubled quotes, line breaks inside quotes', () => {
    expect(tokenize(tricky)).toEqual([
      [['a', 'b', 'c'], 1],
      [['1', 'x, y', '3'], 2],
      [['say "hi"', 'multi\nline\r\nfield', ''], 3],
      [['', '', ''], 7],
      [['', 'last', 'q'], 8],
      [['no', 'newline', 'at end'], 9],
    ]);
  });

  it('gives the same records whatever the piece boundaries', () => {
    const whole = tokenize(tricky);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(tokenize(tricky, size)).toEqual(whole);
  });

  it('handles a trailing delimiter at EOF and other delimiters', () => {
    expect(tokenize('a;b;')).toEqual([[['a;b;'], 1]]);
    expect(tokenize('a;b;', Infinity, ';')).toEqual([[['a', 'b', ''], 1]]);
    expect(tokenize('a\tb\n1\t2\n', 1, '\t')).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ]);
  });

  it('reports an unclosed quote and junk after a closing quote with the line', () => {
    expect(() => tokenize('a,b\n1,"open\n2,3\n')).toThrow(/mem\.csv: line 2: a quoted field is never closed/);
    expect(() => tokenize('a,b\n"x"y,2\n')).toThrow(/mem\.csv: line 2: unexpected "y" after a closing quote/);
  });

  it('rejects an unusable delimiter', () => {
    expect(() => new CsvTokenizer('"', 'f')).toThrow(/delimiter/);
    expect(() => new CsvTokenizer(';;', 'f')).toThrow(/delimiter/);
  });
});
