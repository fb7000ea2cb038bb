import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, as written into docs/benchmarks.md. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when this was taken: how busy the shared machine was. */
  readonly loadAverage: number;
}

/** Describes this machine: CPU model, logical cores, memory, Node version, platform and current load. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
