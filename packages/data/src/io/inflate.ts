import { constants, inflateRawSync } from 'node:zlib';

/**
 * Bounded raw-deflate inflation, shared by the zip (.npz) and gzip (.gz IDX) readers. Node's
 * one-shot inflate grows its output without bound; these stop as soon as the output passes what
 * the caller expects, so a 1000:1 bomb costs at most the expected size, never the bomb's.
 */
export type Inflated =
  | { readonly ok: true; readonly data: Uint8Array; readonly consumed: number }
  | { readonly ok: false; readonly reason: 'too-large' | 'corrupt'; readonly cause: unknown };

/** Output cap while peeking at a stream's first bytes (a header): far above any real header. */
const HEAD_OUTPUT_CAP = 128 * 1024 * 1024;

/**
 * Inflates a raw deflate stream of at most `max` bytes. `consumed` is how many input bytes the
 * stream took: what follows (a gzip trailer, or garbage) is the caller's to check.
 */
export function inflateAtMost(raw: Uint8Array, max: number): Inflated {
  try {
    const result = inflateRawSync(raw, { maxOutputLength: Math.max(1, max), info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    return { ok: true, data: asBytes(result.buffer), consumed: result.engine.bytesWritten };
  } catch (err) {
    return { ok: false, reason: isTooLarge(err) ? 'too-large' : 'corrupt', cause: err };
  }
}

/**
 * The first `n` bytes a raw deflate stream inflates to (fewer if it is shorter), inflating only a
 * prefix of the input: prefixes double from 256 bytes until they yield `n` bytes, each attempt
 * capped, so a header can be checked before the body behind it is inflated.
 */
export function inflateHead(raw: Uint8Array, n: number): Inflated {
  for (let k = 256; ; k *= 2) {
    const part = raw.subarray(0, Math.min(k, raw.length));
    try {
      // Sync flush: an input cut mid-stream yields what it has instead of an error.
      const out = inflateRawSync(part, {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: HEAD_OUTPUT_CAP,
      });
      if (out.length >= n || part.length === raw.length) {
        // A copy, so the (possibly large) inflated prefix is not kept alive by the head.
        return { ok: true, data: new Uint8Array(out.subarray(0, n)), consumed: part.length };
      }
    } catch (err) {
      return { ok: false, reason: isTooLarge(err) ? 'too-large' : 'corrupt', cause: err };
    }
  }
}

function isTooLarge(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

function asBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
