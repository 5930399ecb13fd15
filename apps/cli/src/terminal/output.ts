/** Where command output goes; tests swap it for a buffer. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** True when progress may redraw a line in place. */
  readonly isTTY: boolean;
  write(chunk: string): void;
}

/**
 * Thrown by `out()` once the reader of stdout has gone (`a3 score … | head`): the command stops
 * the way any failure stops it (temp files removed), and main() ends quietly with exit code 0.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('the reader of stdout closed the pipe');
    this.name = 'OutputClosedError';
  }
}

/** A stream that has gone away under us: its reader closed the pipe, or it was destroyed. */
function gone(stream: NodeJS.WriteStream): boolean {
  return stream.destroyed || stream.writableEnded;
}

/**
 * Output on two streams that notices a closed pipe. A write to a pipe whose reader has left
 * fails with EPIPE as an 'error' event, which unhandled would crash the process with exit 1:
 * the listener marks the stream gone instead. After that stdout lines throw OutputClosedError
 * (the result has nowhere to go) and stderr lines are dropped (progress is not the product).
 * Listeners are attached on first use, so importing this module touches no stream.
 */
export function streamOutput(stdout: () => NodeJS.WriteStream, stderr: () => NodeJS.WriteStream): Output {
  const closed = new Set<NodeJS.WriteStream>();
  const watched = new WeakSet<NodeJS.WriteStream>();
  const usable = (stream: NodeJS.WriteStream): boolean => {
    if (!watched.has(stream)) {
      watched.add(stream);
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
        closed.add(stream);
      });
    }
    return !closed.has(stream) && !gone(stream);
  };
  const toErr = (text: string) => {
    const s = stderr();
    if (usable(s)) s.write(text);
  };
  return {
    out: (line) => {
      const s = stdout();
      if (!usable(s)) throw new OutputClosedError();
      s.write(line + '\n');
    },
    err: (line) => toErr(line + '\n'),
    write: toErr,
    get isTTY() {
      return Boolean(stderr().isTTY);
    },
  };
}

export const processOutput: Output = streamOutput(
  () => process.stdout,
  () => process.stderr,
);

export function bufferOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    isTTY: false,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    write: (c) => stderr.push(c),
  };
}
