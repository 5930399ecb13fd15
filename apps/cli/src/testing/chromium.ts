import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Debian's package `chromium` installs /usr/bin/chromium; other names cover other systems. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The headless browser for page tests: $A3_CHROMIUM, else the first of NAMES on the PATH; null if none. */
export function findChromium(): string | null {
  const given = process.env.A3_CHROMIUM;
  if (given) return existsSync(given) ? given : null;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

export interface HeadlessOptions {
  readonly width: number;
  readonly height: number;
}

/**
 * Runs headless Chromium once on a local file: `--dump-dom` returns the DOM after the page's
 * scripts ran; `screenshot` writes a PNG of the viewport. A fresh profile per run, so parallel
 * test files never share Chromium's profile lock; no sandbox, since tests may run as root.
 */
export function headlessChromium(
  binary: string,
  page: string,
  { width, height }: HeadlessOptions,
  mode: { dumpDom: true } | { screenshot: string },
): string {
  const profile = mkdtempSync(join(tmpdir(), 'a3-chromium-'));
  try {
    return execFileSync(
      binary,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--hide-scrollbars',
        // Nothing to fetch: a page test needs no extensions, sync or update checks.
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-sync',
        '--disable-component-update',
        '--force-device-scale-factor=1',
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        '--virtual-time-budget=3000',
        ...('dumpDom' in mode ? ['--dump-dom'] : [`--screenshot=${mode.screenshot}`]),
        `file://${page}`,
      ],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
