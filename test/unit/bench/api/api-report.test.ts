import { describe, expect, it } from 'vitest';
import { apiReport, goalOutcomes, roundTripSection, type ApiBenchmarkRun, type RoundTripRow } from '../../../../bench/api/api-report.js';
import { apiBenchmarkRun as run, callSample as sample, loadCell as load, oursCalls, powertoolsCalls } from '../../../support/api-benchmark-run.js';

describe('roundTripSection', () => {
  const rows: RoundTripRow[] = [
    { variant: { label: 'ours' }, calls: oursCalls },
    { variant: { label: 'Powertools' }, calls: powertoolsCalls },
  ];

  it('prints one row per variant: calls / sequential round trips (operations) → status and problem code, per kind of request', () => {
    const lines = roundTripSection(rows);
    expect(lines.filter((line) => line.startsWith('| ') && !line.startsWith('| variant'))).toEqual([
      '| ours | 2 / 2 (GetItem + TransactWriteItems) → 201 | 3 / 2 (GetItem + PutItem + TransactWriteItems) → 201 | ' +
        '2 / 1 (GetItem + PutItem) → 201 | 3 / 3 (PutItem + GetItem + TransactWriteItems) → 409 order-already-paid | ' +
        '0 / 0 → 201 | 1 / 1 (PutItem) → 409 request-in-progress |',
      '| Powertools | 3 / 3 (PutItem + TransactWriteItems + UpdateItem) → 201 | 3 / 2 (GetItem + PutItem + TransactWriteItems) → 201 | ' +
        '1 / 1 (PutItem) → 201 | 3 / 3 (PutItem + GetItem + TransactWriteItems) → 409 order-already-paid | ' +
        'n/a (no cache) | 1 / 1 (PutItem) → 409 request-in-progress |',
    ]);
  });

  it('counts an operation sent more than once as "n× Operation"', () => {
    const calls = { ...oursCalls, first: sample(3, 2, { GetItem: 2, TransactWriteItems: 1 }) };
    expect(roundTripSection([{ variant: { label: 'retrying' }, calls }]).join('\n')).toContain('| retrying | 3 / 2 (2× GetItem + TransactWriteItems) → 201 |');
  });

  it.each([
    { replay: sample(2, 1, { GetItem: 1, PutItem: 1 }), note: '- v: a replay on an instance that has never seen the account costs 1 wasted call (the account read sent alongside the claim, in case it is a first charge) but no extra latency: 2 calls in 1 sequential round trip.' },
    { replay: sample(4, 2, { GetItem: 2, PutItem: 2 }), note: expect.stringMatching(/^- v: .* costs 2 wasted calls? .* 4 calls in 2 sequential round trips\.$/) as unknown },
    { replay: sample(2, 2, { PutItem: 1, GetItem: 1 }), note: undefined },
    { replay: sample(1, 1, { PutItem: 1 }), note: undefined },
    // A replay that was not replayed (the floor runs the charge again) has no wasted call to explain.
    { replay: sample(3, 2, { GetItem: 1, TransactWriteItems: 1, PutItem: 1 }, 409, 'order-already-paid'), note: undefined },
  ])('explains a wasted call only for a replayed 201 with more calls than round trips: $replay.calls calls / $replay.sequential → $replay.status', ({ replay, note }) => {
    const lines = roundTripSection([{ variant: { label: 'v' }, calls: { ...oursCalls, replay } }]);
    const notes = lines.filter((line) => line.startsWith('- '));
    expect(notes).toEqual(note === undefined ? [] : [note]);
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).not.toBe('');
  });

  it('explains each variant that wastes a call, in table order, and no other', () => {
    const notes = roundTripSection([
      { variant: { label: 'a' }, calls: oursCalls },
      { variant: { label: 'b' }, calls: powertoolsCalls },
      { variant: { label: 'c' }, calls: { ...oursCalls, replay: sample(3, 1, { GetItem: 1, PutItem: 2 }) } },
    ]).filter((line) => line.startsWith('- '));
    expect(notes.map((line) => line.slice(0, 4))).toEqual(['- a:', '- c:']);
    expect(notes[1]).toMatch(/costs 2 wasted calls? .* 3 calls in 1 sequential round trip\.$/);
  });
});

describe('goalOutcomes', () => {
  it('compares ours with Powertools on round trips, p50 at concurrency 16 and bundle size, each against its limit', () => {
    expect(goalOutcomes(run())).toEqual([
      { goal: 'DynamoDB round trips, first request (warm account)', ours: '2', powertools: '3', ratio: 2 / 3, limit: 2 / 3, met: true },
      { goal: 'p50 latency at concurrency 16', ours: '14.0 ms', powertools: '20.0 ms', ratio: 0.7, limit: 0.8, met: true },
      { goal: 'bundled handler size', ours: '400.0 KiB', powertools: '500.0 KiB', ratio: 0.8, limit: 1, met: true },
    ]);
  });

  it.each([
    { name: 'three round trips', ours: { calls: { ...oursCalls, first: sample(3, 3) } }, powertools: {}, index: 0, met: false },
    // Two round trips are the goal only while Powertools needs more.
    { name: 'two round trips when Powertools also needs two', ours: {}, powertools: { calls: { ...powertoolsCalls, first: sample(2, 2) } }, index: 0, met: false },
    { name: 'one round trip', ours: { calls: { ...oursCalls, first: sample(1, 1) } }, powertools: {}, index: 0, met: true },
    { name: 'p50 exactly 0.8× Powertools', ours: { load: [load(16, 16, 1000)] }, powertools: {}, index: 1, met: true },
    { name: 'p50 0.85× Powertools', ours: { load: [load(16, 17, 1000)] }, powertools: {}, index: 1, met: false },
    // A run without the concurrency-16 cell has nothing to meet the goal with.
    { name: 'no cell at concurrency 16', ours: { load: [load(1, 2, 400)] }, powertools: {}, index: 1, met: false },
    { name: 'a bundle as big as Powertools\'', ours: { bundleBytes: 500 * 1024 }, powertools: {}, index: 2, met: true },
    { name: 'a bundle one byte bigger than Powertools\'', ours: { bundleBytes: 500 * 1024 + 1 }, powertools: {}, index: 2, met: false },
  ])('$name: met is $met', ({ ours, powertools, index, met }) => {
    expect(goalOutcomes(run({ ours, powertools }))[index]?.met).toBe(met);
  });

  it('refuses a run without measurements of ours or of Powertools', () => {
    const withoutPowertools: ApiBenchmarkRun = { ...run(), results: run().results.filter((result) => result.variant.id !== 'powertools') };
    expect(() => goalOutcomes(withoutPowertools)).toThrow('no measurements for powertools');
    const withoutOurs: ApiBenchmarkRun = { ...run(), results: run().results.filter((result) => result.variant.id !== 'ours') };
    expect(() => goalOutcomes(withoutOurs)).toThrow('no measurements for ours');
  });
});

describe('apiReport', () => {
  const report = apiReport(run(), ['first note', 'second note']);
  const tableRows = (heading: string): string[] => {
    const section = report.split(`### ${heading}`)[1]?.split('###')[0] ?? '';
    return section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| variant') && !line.startsWith('| goal'));
  };

  it('describes the machine, the command and the load averages of the run', () => {
    expect(report).toContain('Measured 2026-11-30 with `npm run bench` on Test CPU, 2 logical cores, 4 GiB, Node v20.19.0 (linux).');
    expect(report).toContain('(4 simulated Lambda instances each)');
    expect(report).toContain('1-minute load average: 0.5 before the run, 1.5 after the last load cell');
    expect(report).toContain('over 64 funded accounts of one caller. 5 s per run of a cell after a warm-up, 3 runs per cell');
  });

  it('includes the round-trip table of every variant', () => {
    expect(tableRows('DynamoDB round trips per request').map((line) => line.split(' | ')[0])).toEqual(['| ours', '| Powertools', '| floor']);
  });

  it('prints each variant\'s sequential median against Powertools\'', () => {
    expect(tableRows('Latency of one request with nothing in the way')).toEqual(['| ours | 1.50 | 0.75× |', '| Powertools | 2.00 | 1.00× |', '| floor | 1.00 | 0.50× |']);
  });

  it('prints the load cells by concurrency then variant, skipping cells a variant did not run, with statuses, errors and timeouts', () => {
    expect(tableRows('Latency and throughput of POST /payments (autocannon)')).toEqual([
      '| ours | 1 | 2.0 | 2.0 | 6.0 | 400 | 2000× 201 |',
      '| Powertools | 1 | 2.5 | 2.5 | 7.5 | 350 | 1750× 201 |',
      '| ours | 16 | 14.0 | 13.0, 14.0, 15.0 | 42.0 | 1100 | 5500× 201 |',
      '| Powertools | 16 | 20.0 | 20.0 | 60.0 | 800 | 3990× 201, 10× 500, 2 errors, 1 timeouts |',
      '| floor | 16 | 10.0 | 10.0 | 30.0 | 1500 | 7500× 201 |',
    ]);
  });

  it('prints each bundle and its module init', () => {
    expect(tableRows('Bundle and cold start')).toEqual([
      '| ours | 400.0 KiB | 11.0 ms | 10.0, 12.0, 11.0 |',
      '| Powertools | 500.0 KiB | 11.0 ms | 10.0, 12.0, 11.0 |',
      '| floor | 300.0 KiB | 11.0 ms | 10.0, 12.0, 11.0 |',
    ]);
  });

  it('prints the goals with their ratios, marking a missed one in bold', () => {
    expect(tableRows('Goals')).toEqual([
      '| DynamoDB round trips, first request (warm account) | 2 | 3 | 0.67 | ≤ 0.67 | yes |',
      '| p50 latency at concurrency 16 | 14.0 ms | 20.0 ms | 0.70 | ≤ 0.80 | yes |',
      '| bundled handler size | 400.0 KiB | 500.0 KiB | 0.80 | ≤ 1.00 | yes |',
    ]);
    const missed = apiReport(run({ ours: { bundleBytes: 600 * 1024 } }), []);
    expect(missed).toContain('| bundled handler size | 600.0 KiB | 500.0 KiB | 1.20 | ≤ 1.00 | **no** |');
  });

  it('lists the explanations under "Reading the numbers", and leaves the heading out when there are none', () => {
    expect(report.split('### Reading the numbers')[1]).toBe('\n\n- first note\n- second note\n');
    expect(apiReport(run(), [])).not.toContain('Reading the numbers');
  });
});
