import { cpus, loadavg, release, totalmem, availableParallelism, platform, arch } from 'node:os';

/** Where the numbers were measured. */
export interface MachineInfo {
  cpu: string;
  /** Logical cores Node can use. */
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** Per backend: what its describe() says (library versions, threads, SIMD, ...). */
  libraries: Record<string, Record<string, string | number | boolean>>;
  /** Threads requested with --threads (null: each backend's default). */
  threads: number | null;
  /** 1-minute load average before and after the run: > ~0.5 × cores means the machine was busy. */
  loadBefore: number;
  loadAfter: number;
  startedAt: string;
  durationSec: number;
}

export function describeMachine(threads: number | null): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    libraries: {},
    threads,
    loadBefore: round2(loadavg()[0]),
    loadAfter: round2(loadavg()[0]),
    startedAt: new Date().toISOString(),
    durationSec: 0,
  };
}

export function currentLoad(): number {
  return round2(loadavg()[0]);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Whether the run shared the machine: the 1-minute load average (which counts this process
 * too, ≈ 1–2 while a backend computes) stayed well above what the benchmark alone causes.
 */
export function machineWasBusy(m: Pick<MachineInfo, 'loadBefore' | 'loadAfter' | 'cores'>): boolean {
  return m.loadBefore > 0.5 || m.loadAfter > Math.max(m.cores, 2) + 0.5;
}
