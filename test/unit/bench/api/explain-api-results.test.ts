import { describe, expect, it } from 'vitest';
import type { ApiBenchmarkRun } from '../../../../bench/api/api-report.js';
import { explainApiResults } from '../../../../bench/api/explain-api-results.js';
import {
  apiBenchmarkRun,
  bareCalls,
  callSample,
  loadCell,
  oursCalls,
  powertoolsCalls,
  type ApiBenchmarkRunOverrides,
} from '../../../support/api-benchmark-run.js';

/** The note that starts with `start`, if the explanations have exactly one. */
function noteStarting(run: ApiBenchmarkRun, start: string): string | undefined {
  const notes = explainApiResults(run).filter((note) => note.startsWith(start));
  expect(notes.length).toBeLessThanOrEqual(1);
  return notes[0];
}

// Each row: a note's first words, a run in which its condition holds, and one in which it does not.
const conditions: { note: string; holds: ApiBenchmarkRunOverrides; fails: ApiBenchmarkRunOverrides }[] = [
  {
    note: 'A first request for an account the instance has not seen yet',
    holds: {},
    fails: { ours: { calls: { ...oursCalls, firstColdAccount: callSample(2, 2) } } },
  },
  {
    note: 'Missed: the first request took',
    holds: { ours: { calls: { ...oursCalls, first: callSample(3, 3, { GetItem: 1, PutItem: 1, TransactWriteItems: 1 }) } } },
    fails: {},
  },
  {
    note: 'Powertools answers an in-flight duplicate with',
    holds: { powertools: { calls: { ...powertoolsCalls, inFlightDuplicate: callSample(2, 1, { PutItem: 1, DeleteItem: 1 }, 500) } } },
    fails: {},
  },
  {
    note: 'Without idempotency a retry is not a replay',
    holds: {},
    fails: { bare: { calls: { ...bareCalls, replay: callSample(1, 1, { PutItem: 1 }) } } },
  },
  {
    note: 'Missed: p50 at concurrency 16',
    holds: { ours: { load: [loadCell(1, 2, 400), loadCell(16, 18, 900)] } },
    fails: {},
  },
  {
    note: 'The p50 ratio at concurrency 16 taken run by run',
    holds: { powertools: { load: [loadCell(16, 20, 800, { p50PerRunMs: [20, 20, 25] })] } },
    fails: {},
  },
  {
    note: 'Missed: our bundle is',
    holds: { ours: { bundleBytes: 600 * 1024 } },
    fails: {},
  },
];

describe('explainApiResults', () => {
  it.each(conditions)('the note starting $note appears when its condition holds, and only then', ({ note, holds, fails }) => {
    expect(noteStarting(apiBenchmarkRun(holds), note)).toBeDefined();
    expect(noteStarting(apiBenchmarkRun(fails), note)).toBeUndefined();
  });

  it('explains nothing but the cold account and the floor for a run that met every goal', () => {
    expect(explainApiResults(apiBenchmarkRun()).map((note) => note.split(':')[0]?.slice(0, 30))).toEqual([
      'A first request for an account',
      'Without idempotency a retry is',
    ]);
  });

  it('takes the cold-account round trips from the run', () => {
    const run = apiBenchmarkRun({ ours: { calls: { ...oursCalls, firstColdAccount: callSample(4, 3) } } });
    expect(noteStarting(run, 'A first request')).toContain('costs 4 round trips');
  });

  it('names the round trips and operations of a first request that missed its goal', () => {
    const run = apiBenchmarkRun(conditions[1]?.holds);
    expect(noteStarting(run, 'Missed: the first request')).toBe(
      'Missed: the first request took 3 round trips (goal 2). Operations: {"GetItem":1,"PutItem":1,"TransactWriteItems":1}.',
    );
  });

  it.each([
    { byOperation: { PutItem: 1, DeleteItem: 1 }, status: 500, deletes: true },
    { byOperation: { PutItem: 1 }, status: 503, deletes: false },
  ])('says Powertools answered an in-flight duplicate with $status, and that it deleted the record only when it did', ({ byOperation, status, deletes }) => {
    const run = apiBenchmarkRun({ powertools: { calls: { ...powertoolsCalls, inFlightDuplicate: callSample(2, 1, byOperation, status) } } });
    const note = noteStarting(run, 'Powertools answers');
    expect(note?.startsWith(`Powertools answers an in-flight duplicate with ${status}`)).toBe(true);
    expect(note?.includes('deletes the idempotency record')).toBe(deletes);
  });

  it('quotes the status and problem code the floor answered a retry with', () => {
    expect(noteStarting(apiBenchmarkRun(), 'Without idempotency')).toContain("refused by the order's unique payment record (409 order-already-paid)");
  });

  it('quantifies a missed p50 goal from the run: ratio, queueing, throughput, the floor, concurrency 1 and one request at a time', () => {
    // ours 18 ms at 900 req/s against Powertools' 20 ms at 800: 0.90×.
    const note = noteStarting(apiBenchmarkRun(conditions[4]?.holds), 'Missed: p50');
    expect(note).toContain("is 0.90× Powertools' (goal 0.8×)");
    expect(note).toContain('With 16 connections and 4 instances per variant, 12 requests wait for a free instance');
    expect(note).toContain('ours 16 ÷ 900 req/s ≈ 18 ms, Powertools 16 ÷ 800 req/s ≈ 20 ms');
    expect(note).toContain('on 2 cores shared by');
    expect(note).toContain('(load average 1.5 after the run)');
    expect(note).toContain('The floor without idempotency reaches 1500 req/s.');
    expect(note).toContain('at concurrency 1, the p50 ratio is 0.80');
    expect(note).toContain('it is 0.75 (1.50 against 2.00 ms).');
    expect(note).not.toContain('fewer requests per second');
  });

  it.each([
    { sequentialMs: 1.5, faster: true },
    { sequentialMs: 2.5, faster: false },
  ])('adds, when ours served fewer requests per second than Powertools, whether it was faster one at a time ($faster)', ({ sequentialMs, faster }) => {
    const run = apiBenchmarkRun({ ours: { sequentialMs, load: [loadCell(1, 2, 400), loadCell(16, 18, 700)] } });
    const note = noteStarting(run, 'Missed: p50');
    expect(note).toContain('In this run ours even served fewer requests per second than Powertools at 16 connections');
    expect(note?.includes('and is faster one request at a time')).toBe(faster);
  });

  it('gives the range of the run-by-run p50 ratios at concurrency 16, pairing run i with run i', () => {
    // ours 13, 14, 15 ms against 20, 20, 25: 0.65, 0.70, 0.60.
    const note = noteStarting(apiBenchmarkRun(conditions[5]?.holds), 'The p50 ratio');
    expect(note).toContain('ranges from 0.60 to 0.70 in this run');
    expect(note).toContain('(load average 0.5 before, 1.5 after)');
  });

  it('needs at least two paired runs for a range', () => {
    const run = apiBenchmarkRun({
      ours: { load: [loadCell(16, 14, 1100, { p50PerRunMs: [13] })] },
      powertools: { load: [loadCell(16, 20, 800, { p50PerRunMs: [20, 20, 25] })] },
    });
    expect(noteStarting(run, 'The p50 ratio')).toBeUndefined();
  });

  it('names both bundles of a missed bundle goal', () => {
    expect(noteStarting(apiBenchmarkRun(conditions[6]?.holds), 'Missed: our bundle')).toContain("our bundle is 600.0 KiB against Powertools' 500.0 KiB");
  });

  it.each(['ours', 'powertools', 'bare'])('refuses a run without measurements of %s', (id) => {
    const run = apiBenchmarkRun();
    expect(() => explainApiResults({ ...run, results: run.results.filter((result) => result.variant.id !== id) })).toThrow(`no measurements for ${id}`);
  });
});
