import type * as os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { machineInfo as MachineInfoFunction } from '../../../../bench/api/machine-info.js';

/** machineInfo from a fresh import, with `node:os` answering as given (the rest of it real). */
async function machineInfoWith(fake: Partial<Pick<typeof os, 'cpus' | 'totalmem' | 'loadavg'>>): Promise<typeof MachineInfoFunction> {
  vi.resetModules();
  vi.doMock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof os>()), ...fake }));
  return (await import('../../../../bench/api/machine-info.js')).machineInfo;
}

function cpu(model: string): os.CpuInfo {
  return { model, speed: 2000, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
}

describe('machineInfo', () => {
  afterEach(() => {
    vi.doUnmock('node:os');
    vi.resetModules();
  });

  it('describes this machine', async () => {
    const { machineInfo } = await import('../../../../bench/api/machine-info.js');
    const info = machineInfo();
    expect(info.cpuModel).not.toBe('');
    expect(Number.isInteger(info.cores) && info.cores > 0).toBe(true);
    expect(info.memoryGiB).toBeGreaterThan(0);
    expect(info.node).toBe(process.version);
    expect(info.platform).toBe(`${process.platform}-${process.arch}`);
    expect(info.loadAverage).toBeGreaterThanOrEqual(0);
  });

  it('counts logical cores, names the first one\'s model and rounds memory and load for the report', async () => {
    const machineInfo = await machineInfoWith({
      cpus: () => [cpu('  AMD EPYC 7B13 '), cpu('AMD EPYC 7B13'), cpu('AMD EPYC 7B13')],
      totalmem: () => 7.96 * 2 ** 30,
      loadavg: () => [1.23456, 0.5, 0.25],
    });
    expect(machineInfo()).toEqual({
      cpuModel: 'AMD EPYC 7B13',
      cores: 3,
      memoryGiB: 8,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: 1.23,
    });
  });

  it('says "unknown" when the CPUs cannot be listed', async () => {
    const machineInfo = await machineInfoWith({ cpus: () => [], totalmem: () => 3.14159 * 2 ** 30 });
    expect(machineInfo()).toMatchObject({ cpuModel: 'unknown', cores: 0, memoryGiB: 3.1 });
  });
});
