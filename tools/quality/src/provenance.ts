import { execFileSync } from 'node:child_process';

/** `git rev-parse --short HEAD`, plus " (dirty)" when tracked files have uncommitted changes. */
export function gitCommit(cwd: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${head} (dirty)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** An argument as a POSIX shell would need it quoted. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
