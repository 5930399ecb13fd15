import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRayArgs } from '../ray/ray-main';
import { parseServeBenchArgs } from '../serve/serve-args';
import { publishReport } from './publish';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'a3-publish-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe('publishReport: stdout, --out and the mode’s own docs section', () => {
  const report = { section: '--serve' as const };

  it('prints Markdown, or JSON with --json, and writes both files into --out', async () => {
    const cwd = tempDir();
    const c = capture();
    await publishReport(
      { ...report, markdown: '| a | b |', data: { x: 1 } },
      { json: true, out: 'o', writeDocs: false },
      {
        ...c,
        root: cwd,
        cwd,
      },
    );
    expect(JSON.parse(c.out.join(''))).toEqual({ x: 1 });
    expect(readFileSync(join(cwd, 'o', 'serve-report.md'), 'utf8')).toBe('| a | b |\n');
    expect(JSON.parse(readFileSync(join(cwd, 'o', 'serve-report.json'), 'utf8'))).toEqual({ x: 1 });
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(['serve-report.json', 'serve-report.md']);
  });

  it('replaces only its own section of the page, keeping the rest and the other sections', async () => {
    const root = tempDir();
    const page = join(root, 'docs', 'benchmarks.md');
    const c = capture();
    const opts = { json: false, writeDocs: true };
    await publishReport({ ...report, markdown: 'first', data: {} }, opts, { ...c, root, cwd: root });
    await publishReport(
      {
        section: '--ray',
        markdown: 'ray table',
        data: {},
      },
      opts,
      { ...c, root, cwd: root },
    );
    writeFileSync(
      page,
      readFileSync(page, 'utf8').replace('# Benchmarks', '# Benchmarks\n\nhand-written intro'),
    );
    await publishReport({ ...report, markdown: 'second', data: {} }, opts, { ...c, root, cwd: root });
    const text = readFileSync(page, 'utf8');
    expect(text).toContain('hand-written intro');
    expect(text).toContain('ray table');
    expect(text).toContain('second');
    expect(text).not.toContain('first');
    expect(text.indexOf('second')).toBeLessThan(text.indexOf('ray table'));
    expect(c.err.at(-1)).toMatch(/wrote the "a3 serve under load" section of .*benchmarks\.md/);
  });
});

describe('--write-docs and --docs-file on --serve and --ray', () => {
  it('reads them, and refuses --docs-file without --write-docs', () => {
    expect(parseServeBenchArgs(['--write-docs', '--docs-file', 'x.md'])).toMatchObject({
      writeDocs: true,
      docsFile: 'x.md',
    });
    expect(parseRayArgs(['--write-docs']).writeDocs).toBe(true);
    expect(() => parseServeBenchArgs(['--docs-file', 'x.md'])).toThrow(/only applies with --write-docs/);
    expect(() => parseRayArgs(['--docs-file', 'x.md'])).toThrow(/only applies with --write-docs/);
  });
});
