/** Median and mean of per-step times in ms, for the benchmark's JSON lines. */
export function summarize(ms: number[]): { median: number; mean: number; min: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    median: round(median),
    mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
    min: round(s[0]),
    n: ms.length,
  };
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** CPU time (user + system, all threads) per step since `since`, in ms. */
export function cpuMs(since: NodeJS.CpuUsage, steps: number): number {
  const d = process.cpuUsage(since);
  return Math.round(((d.user + d.system) / 1000 / steps) * 100) / 100;
}
