import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BearerAuth, readToken, TOKEN_ENV } from './auth';
import { fieldOf } from './error-handler';

const TOKEN = 'a-long-enough-secret-0123456789';

describe('BearerAuth', () => {
  it('accepts exactly "Bearer <token>" and nothing else', () => {
    const auth = new BearerAuth(TOKEN);
    expect(auth.check(`Bearer ${TOKEN}`)).toBe(true);
    expect(auth.check(`bearer ${TOKEN} `)).toBe(true);
    for (const bad of [
      undefined,
      '',
      TOKEN,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      `Basic ${TOKEN}`,
      'Bearer ',
      `Bearer ${TOKEN} extra`,
    ]) {
      expect(auth.check(bad), String(bad)).toBe(false);
    }
  });

  it('refuses short tokens', () => {
    expect(() => new BearerAuth('short')).toThrow(/at least 16/);
  });
});

describe('readToken', () => {
  it('reads the token file (trimmed) before the environment, and is null when neither is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'a3-serve-token-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, `${TOKEN}\n`);
      expect(readToken(file, { [TOKEN_ENV]: 'from-env-but-ignored' })).toBe(TOKEN);
      expect(readToken(undefined, { [TOKEN_ENV]: ` ${TOKEN} ` })).toBe(TOKEN);
      expect(readToken(undefined, {})).toBeNull();
      writeFileSync(file, '\n');
      expect(() => readToken(file, {})).toThrow(/is empty/);
      expect(() => readToken(join(dir, 'missing'), {})).toThrow(/cannot read the token file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fieldOf', () => {
  it('turns JSON-schema paths into the field names clients see', () => {
    expect(fieldOf('')).toBe('body');
    expect(fieldOf('/rows')).toBe('rows');
    expect(fieldOf('/rows/3')).toBe('rows[3]');
    expect(fieldOf('/rows/3/temp')).toBe('rows[3].temp');
  });
});
