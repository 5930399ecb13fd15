import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, IOError } from '@a3/core';

/** The environment variable `a3 serve` reads a bearer token from when no token file is given. */
export const TOKEN_ENV = 'A3_SERVE_TOKEN';

/** Shortest token accepted: a guessable token is worse than none, because it looks like protection. */
export const MIN_TOKEN_LENGTH = 16;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` headers against one token in constant time: both sides
 * are hashed first, so the comparison (`timingSafeEqual` on equal-length digests) takes the same
 * time whatever the length or content of the guess.
 */
export class BearerAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new InvalidArgumentError(
        `the bearer token has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (e.g. \`openssl rand -hex 32\`).`,
      );
    }
    this.expected = digest(token);
  }

  /** True when the header carries the token. */
  check(header: string | undefined): boolean {
    const m = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    // Compare even without a well-formed header, so timing does not tell a malformed one apart.
    const ok = timingSafeEqual(digest(m ? m[1] : ''), this.expected);
    return m !== null && ok;
  }
}

/**
 * The token from `--token-file` (its content, surrounding whitespace trimmed) or else from the
 * environment; null when neither is set (auth off).
 */
export function readToken(
  tokenFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(tokenFile, 'utf8');
    } catch (err) {
      throw new IOError(`cannot read the token file ${tokenFile}: ${(err as Error).message}`, { cause: err });
    }
    const token = text.trim();
    if (token === '')
      throw new InvalidArgumentError(`the token file ${tokenFile} is empty; write the token into it.`);
    return token;
  }
  const fromEnv = env[TOKEN_ENV]?.trim();
  return fromEnv ? fromEnv : null;
}
