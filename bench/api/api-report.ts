import type { CallProfile, CallSample } from './measure-call-profile.js';
import type { ImportTime } from './measure-import-time.js';
import type { LoadResult } from './load-test.js';
import type { MachineInfo } from './machine-info.js';
import type { PaymentVariant, PaymentVariantId } from './payment-variants.js';

/** Everything measured for one variant. */
export interface VariantMeasurements {
  readonly variant: PaymentVariant;
  readonly calls: CallProfile;
  /** Median ms of a first payment on one in-process instance, one request at a time (median of rounds). */
  readonly sequentialMs: number;
  readonly load: readonly LoadResult[];
  readonly bundleBytes: number;
  readonly importTime: ImportTime;
}

/** One benchmark run. */
export interface ApiBenchmarkRun {
  readonly machine: MachineInfo;
  readonly command: string;
  readonly date: string;
  readonly durationSeconds: number;
  /** Runs of each load cell; the table shows their mean. */
  readonly rounds: number;
  readonly accounts: number;
  readonly instances: number;
  /** 1-minute load average right after the last load cell (the machine is shared). */
  readonly loadAverageAfter: number;
  readonly results: readonly VariantMeasurements[];
}

/** One goal of the issue, with the measured ratio. */
export interface GoalOutcome {
  readonly goal: string;
  readonly ours: string;
  readonly powertools: string;
  readonly ratio: number;
  readonly limit: number;
  readonly met: boolean;
}

/**
 * The goals of issue 7: first request in 2 round trips against Powertools' 3 (ratio <= 2/3),
 * p50 at concurrency 16 at most 0.8x Powertools', bundle no bigger than Powertools'.
 */
export function goalOutcomes(run: ApiBenchmarkRun): GoalOutcome[] {
  const ours = resultOf(run, 'ours');
  const powertools = resultOf(run, 'powertools');
  const p50 = (result: VariantMeasurements): number => result.load.find((load) => load.connections === 16)?.p50Ms ?? Number.NaN;
  return [
    {
      goal: 'DynamoDB round trips, first request (warm account)',
      ours: String(ours.calls.first.calls),
      powertools: String(powertools.calls.first.calls),
      ratio: ours.calls.first.calls / powertools.calls.first.calls,
      limit: 2 / 3,
      met: ours.calls.first.calls <= 2 && ours.calls.first.calls < powertools.calls.first.calls,
    },
    {
      goal: 'p50 latency at concurrency 16',
      ours: `${fmt(p50(ours))} ms`,
      powertools: `${fmt(p50(powertools))} ms`,
      ratio: p50(ours) / p50(powertools),
      limit: 0.8,
      met: p50(ours) / p50(powertools) <= 0.8,
    },
    {
      goal: 'bundled handler size',
      ours: kib(ours.bundleBytes),
      powertools: kib(powertools.bundleBytes),
      ratio: ours.bundleBytes / powertools.bundleBytes,
      limit: 1,
      met: ours.bundleBytes <= powertools.bundleBytes,
    },
  ];
}

/** The API section of docs/benchmarks.md for this run (markdown). */
export function apiReport(run: ApiBenchmarkRun, explanations: readonly string[]): string {
  const lines: string[] = [];
  const { machine } = run;
  lines.push('## API: POST /payments, this middleware vs Powertools vs no idempotency', '');
  lines.push(
    `Measured ${run.date} with \`${run.command}\` on ${machine.cpuModel}, ${machine.cores} logical cores, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node} (${machine.platform}). The three variants run side by side in one run, ` +
      `through the same local API (${run.instances} simulated Lambda instances each) and the same engine (its own process), on loopback. ` +
      `1-minute load average: ${machine.loadAverage} before the run, ${run.loadAverageAfter} after the last load cell ` +
      `(other work shares this machine; above ${machine.cores} the latencies include waiting for a core).`,
    '',
  );
  lines.push(...roundTripSection(run.results));
  lines.push('### Latency of one request with nothing in the way', '');
  lines.push(
    'One instance built in process, one first payment at a time (fresh key and order, the account known to the instance), ' +
      '100 timed requests after 20 of warm-up, in 3 rounds across the variants; median of the rounds\' medians. No HTTP ' +
      'runner, no worker hop, no queue: the handler, its middleware and its DynamoDB round trips to the engine.',
    '',
  );
  lines.push('| variant | median ms per request | vs Powertools |');
  lines.push('|---|---|---|');
  const powertoolsSequential = run.results.find((result) => result.variant.id === 'powertools')?.sequentialMs ?? Number.NaN;
  for (const result of run.results) {
    lines.push(`| ${result.variant.label} | ${result.sequentialMs.toFixed(2)} | ${(result.sequentialMs / powertoolsSequential).toFixed(2)}× |`);
  }
  lines.push('');
  lines.push('### Latency and throughput of POST /payments (autocannon)', '');
  lines.push(
    `Every request has a fresh idempotency key and a fresh order; requests go round-robin over ${run.accounts} funded accounts ` +
      `of one caller. ${run.durationSeconds} s per run of a cell after a warm-up, ${run.rounds} runs per cell in alternating ` +
      `variant order, the table showing their mean; loopback only.`,
    '',
  );
  lines.push('| variant | connections | p50 ms | p50 of each run | p99 ms | requests/s | responses |');
  lines.push('|---|---|---|---|---|---|---|');
  const concurrencies = [...new Set(run.results.flatMap((result) => result.load.map((load) => load.connections)))];
  for (const connections of concurrencies) {
    for (const result of run.results) {
      const load = result.load.find((entry) => entry.connections === connections);
      if (load === undefined) continue;
      lines.push(
        `| ${result.variant.label} | ${connections} | ${fmt(load.p50Ms)} | ${(load.p50PerRunMs ?? [load.p50Ms]).map(fmt).join(', ')} | ` +
          `${fmt(load.p99Ms)} | ${fmt(load.requestsPerSecond)} | ${statuses(load)} |`,
      );
    }
  }
  lines.push('');
  lines.push('### Bundle and cold start', '');
  lines.push(
    'esbuild with the stack\'s NodejsFunction settings (ESM, minified, node24, the AWS SDK bundled in, source map in a separate ' +
      'file and not counted). Module initialisation: `import()` of the bundle in a fresh Node process (median of the samples), ' +
      'the proxy for Lambda\'s INIT phase.',
    '',
  );
  lines.push('| variant | bundle | module init (median) | samples ms |');
  lines.push('|---|---|---|---|');
  for (const result of run.results) {
    lines.push(
      `| ${result.variant.label} | ${kib(result.bundleBytes)} | ${fmt(result.importTime.medianMs)} ms | ${result.importTime.samplesMs.map(fmt).join(', ')} |`,
    );
  }
  lines.push('');
  lines.push('### Goals', '');
  lines.push('| goal | ours | Powertools | ratio | goal ratio | met |');
  lines.push('|---|---|---|---|---|---|');
  for (const outcome of goalOutcomes(run)) {
    lines.push(
      `| ${outcome.goal} | ${outcome.ours} | ${outcome.powertools} | ${outcome.ratio.toFixed(2)} | ≤ ${outcome.limit.toFixed(2)} | ${outcome.met ? 'yes' : '**no**'} |`,
    );
  }
  lines.push('', ...readingTheNumbers(explanations));
  return lines.join('\n');
}

/** A report's closing list of explanations, under its heading; nothing when there are none. */
export function readingTheNumbers(explanations: readonly string[]): string[] {
  return explanations.length === 0 ? [] : ['### Reading the numbers', '', ...explanations.map((explanation) => `- ${explanation}`), ''];
}

/** What the round-trip table needs of a variant. */
export interface RoundTripRow {
  readonly variant: { readonly label: string };
  readonly calls: CallProfile;
}

/**
 * The round-trip table: per kind of request, the DynamoDB calls it pays for and the sequential
 * round trips it waits for, then what the cold-instance replay shows.
 */
export function roundTripSection(rows: readonly RoundTripRow[]): string[] {
  const lines: string[] = ['### DynamoDB round trips per request', ''];
  lines.push(
    'Counted with an SDK middleware below the SDK retry layer (every HTTP round trip counts), on simulated instances built ' +
      'in process from the same factories, against the same engine and tables. Cells: calls / sequential round trips ' +
      '(operations) → HTTP status. Calls are what a request pays for; sequential round ' +
      'trips, the times it waited for DynamoDB with nothing else in flight, are what it waits for.',
    '',
  );
  lines.push(
    '| variant | first request (account known to the instance) | first request (account new to the instance) | replay (other instance, account new to it) | fresh key, order already paid | replay from the instance cache | in-flight duplicate |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const { variant, calls } of rows) {
    lines.push(
      `| ${variant.label} | ${cell(calls.first)} | ${cell(calls.firstColdAccount)} | ${cell(calls.replay)} | ${cell(calls.paidOrder)} | ` +
        `${calls.replayFromCache === undefined ? 'n/a (no cache)' : cell(calls.replayFromCache)} | ${cell(calls.inFlightDuplicate)} |`,
    );
  }
  lines.push('');
  for (const { variant, calls } of rows) {
    const { replay } = calls;
    const wasted = replay.calls - replay.sequential;
    if (replay.status === 201 && wasted > 0) {
      lines.push(
        `- ${variant.label}: a replay on an instance that has never seen the account costs ${wasted} ` +
          `wasted call${wasted === 1 ? '' : 's'} (the account read sent alongside the claim, in case it is a first charge) but no extra latency: ` +
          `${replay.calls} calls in ${replay.sequential} sequential round trip${replay.sequential === 1 ? '' : 's'}.`,
      );
    }
  }
  if (lines.at(-1) !== '') lines.push('');
  return lines;
}

function resultOf(run: ApiBenchmarkRun, id: PaymentVariantId): VariantMeasurements {
  const result = run.results.find((entry) => entry.variant.id === id);
  if (result === undefined) throw new Error(`no measurements for ${id}`);
  return result;
}

function cell(sample: CallSample): string {
  const operations = Object.entries(sample.byOperation)
    .map(([operation, count]) => (count === 1 ? operation : `${count}× ${operation}`))
    .join(' + ');
  const answer = sample.code === undefined ? String(sample.status) : `${sample.status} ${sample.code}`;
  return `${sample.calls} / ${sample.sequential}${operations === '' ? '' : ` (${operations})`} → ${answer}`;
}

function statuses(load: LoadResult): string {
  const parts = Object.entries(load.statusCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${count}× ${status}`);
  if (load.errors > 0) parts.push(`${load.errors} errors`);
  if (load.timeouts > 0) parts.push(`${load.timeouts} timeouts`);
  return parts.join(', ');
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
