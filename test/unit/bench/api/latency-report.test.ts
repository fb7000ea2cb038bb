import { describe, expect, it } from 'vitest';
import type { ScenarioId } from '../../../../bench/api/latency-scenarios.js';
import type { CallProfile, CallSample } from '../../../../bench/api/measure-call-profile.js';
import { latencyExplanations } from '../../../../bench/api/latency-explanations.js';
import { latencyGoals, latencyReport, type LatencyBenchmarkRun, type LatencyCell } from '../../../../bench/api/latency-report.js';

const sample = (calls: number, sequential: number, status = 201): CallSample => ({ calls, sequential, byOperation: {}, status });

const oursCalls: CallProfile = {
  first: sample(2, 2),
  firstColdAccount: sample(3, 2),
  replay: sample(2, 1),
  paidOrder: sample(3, 3, 409),
  replayFromCache: undefined,
  inFlightDuplicate: sample(2, 1, 409),
};
const cachedCalls: CallProfile = { ...oursCalls, replay: sample(0, 0), paidOrder: sample(0, 0, 409) };
const powertoolsCalls: CallProfile = { ...oursCalls, first: sample(3, 3), firstColdAccount: sample(4, 4), replay: sample(1, 1) };

function cell(scenario: ScenarioId, variant: string, concurrency: number, p50Ms: number): LatencyCell {
  return {
    scenario,
    scenarioLabel: scenario,
    expectedStatus: 201,
    variant,
    result: { concurrency, requests: 100, requestsPerSecond: 1000 / p50Ms, p50Ms, p99Ms: p50Ms * 2, statusCounts: { 201: 100 } },
    p50PerRunMs: [p50Ms],
    callsPerRequest: { PutItem: 1 },
  };
}

const variants = [
  { id: 'ours', label: 'this middleware' },
  { id: 'ours-cache', label: 'this middleware + cache' },
  { id: 'powertools', label: 'Powertools' },
  { id: 'powertools-read-ahead', label: 'Powertools + read-ahead' },
];

function run(overrides: Partial<LatencyBenchmarkRun> = {}): LatencyBenchmarkRun {
  return {
    machine: { cpuModel: 'test', cores: 2, memoryGiB: 4, node: 'v20', platform: 'linux', loadAverage: 0.1 },
    loadAverageAfter: 0.2,
    command: 'npm run bench -- --latency in-region',
    date: '2026-11-30',
    profileName: 'in-region',
    profile: { GetItem: 3, PutItem: 4, TransactWriteItems: 9 },
    durationSeconds: 3,
    rounds: 2,
    variants,
    callProfiles: [
      { variant: { id: 'ours', label: 'this middleware' }, calls: oursCalls },
      { variant: { id: 'ours-cache', label: 'this middleware + cache' }, calls: cachedCalls },
      { variant: { id: 'powertools', label: 'Powertools' }, calls: powertoolsCalls },
      { variant: { id: 'powertools-read-ahead', label: 'Powertools + read-ahead' }, calls: { ...powertoolsCalls, firstColdAccount: sample(4, 3) } },
    ],
    cells: [
      cell('cold', 'ours', 1, 16),
      cell('cold', 'powertools', 1, 26),
      cell('cold', 'powertools-read-ahead', 1, 21),
      cell('replay', 'ours', 1, 5),
      cell('replay', 'ours-cache', 1, 0.1),
      cell('warm', 'ours', 16, 16),
      cell('warm', 'powertools', 16, 23),
    ],
    bundles: [
      { variant: { id: 'ours', label: 'this middleware' }, bytes: 480_000, cacheBytes: { client: 0, modules: 0 } },
      { variant: { id: 'ours-cache', label: 'this middleware + cache' }, bytes: 610_000, cacheBytes: { client: 120_000, modules: 6_000 } },
    ],
    ...overrides,
  };
}

const byGoal = (goals: ReturnType<typeof latencyGoals>) => goals.map(({ measured, met }) => ({ measured, met }));

describe('latencyGoals', () => {
  it('holds each ratio to its goal from p50s of the same run, and the cache-off bundle to 0 bytes of the cache', () => {
    expect(byGoal(latencyGoals(run()))).toEqual([
      { measured: '2 (3 calls)', met: true },
      { measured: '0.62×', met: true },
      { measured: '0', met: true },
      { measured: '0.02×', met: true },
      { measured: '0.70×', met: true },
      { measured: 'first 2/2, cold account 3/2, replay 2/1, paid order 3/3', met: true },
      { measured: '0.0 KiB (0.00 %)', met: true },
    ]);
  });

  it('misses a ratio above its goal, and a cache-off bundle that carries any byte of the cache', () => {
    const slow = run({
      cells: [cell('cold', 'ours', 1, 17), cell('cold', 'powertools', 1, 26), cell('warm', 'ours', 16, 18), cell('warm', 'powertools', 16, 23)],
      bundles: [{ variant: { id: 'ours', label: 'this middleware' }, bytes: 480_000, cacheBytes: { client: 0, modules: 1 } }],
    });
    const goals = latencyGoals(slow);
    expect(goals[1]).toMatchObject({ measured: '0.65×', met: false });
    expect(goals[4]).toMatchObject({ measured: '0.78×', met: false });
    expect(goals[6]?.met).toBe(false);
    expect(latencyExplanations(slow).filter((note) => note.startsWith('Missed'))).toHaveLength(3);
  });

  it('says "not measured" for a goal whose cells or variants the run did not have, rather than pass it', () => {
    const goals = latencyGoals(run({ cells: [], callProfiles: [], bundles: [] }));
    expect(goals.map((goal) => goal.met)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(goals.every((goal) => goal.measured.startsWith('not measured'))).toBe(true);
  });
});

describe('latencyReport', () => {
  it('prints every measured cell once, skips the cells a variant does not run, and gives the lent read-ahead its own line', () => {
    const report = latencyReport(run(), latencyExplanations(run()));
    const rows = report.split('\n').filter((line) => /^\| (cold|replay|warm) \|/.test(line));
    expect(rows).toHaveLength(7);
    expect(rows.filter((line) => line.includes('Powertools + read-ahead'))).toEqual([expect.stringContaining('| cold | Powertools + read-ahead | 1 | 21.0 |')]);
    expect(report).toContain('ours 16.0 ms is 0.76× that');
    expect(report).not.toContain('Missed');
  });
});
