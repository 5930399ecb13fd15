/** Where command output goes; tests swap it for a buffer. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** True when progress may redraw a line in place. */
  readonly isTTY: boolean;
  write(chunk: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  write: (chunk) => process.stderr.write(chunk),
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

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
