import type { LatencyProfile } from '../../local/dynamodb/latency/latency-profile.js';
import { readingTheNumbers, roundTripSection } from './api-report.js';
import type { ClosedLoopResult } from './closed-loop.js';
import type { ScenarioId } from './latency-scenarios.js';
import type { MachineInfo } from './machine-info.js';
import type { CallProfile } from './measure-call-profile.js';
import type { CacheBundleBytes } from './cache-bundle-bytes.js';

/** One variant as the report names it. */
export interface ReportedVariant {
  readonly id: string;
  readonly label: string;
}

/** One cell: a scenario, a variant, a concurrency, its runs folded. */
export interface LatencyCell {
  readonly scenario: ScenarioId;
  readonly scenarioLabel: string;
  readonly expectedStatus: number;
  readonly variant: string;
  readonly result: ClosedLoopResult;
  readonly p50PerRunMs: readonly number[];
  /** DynamoDB round trips per request, by operation (retries included). */
  readonly callsPerRequest: Readonly<Record<string, number>>;
}

/** One latency benchmark run. */
export interface LatencyBenchmarkRun {
  readonly machine: MachineInfo;
  readonly loadAverageAfter: number;
  readonly command: string;
  readonly date: string;
  readonly profileName: string;
  readonly profile: LatencyProfile;
  readonly durationSeconds: number;
  readonly rounds: number;
  readonly variants: readonly ReportedVariant[];
  readonly callProfiles: readonly { readonly variant: ReportedVariant; readonly calls: CallProfile }[];
  readonly cells: readonly LatencyCell[];
  /** `cacheBytes`: what the shared cache (client library and cache modules) adds to it. The first bundle of `ours` is the stack's cache-off one. */
  readonly bundles: readonly { readonly variant: ReportedVariant; readonly bytes: number; readonly cacheBytes?: CacheBundleBytes }[];
}

/** One goal of the issue with what was measured. */
export interface LatencyGoal {
  readonly goal: string;
  readonly measured: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** The cell of `scenario` × `variant` at `concurrency`, if it was measured. */
export function cellOf(run: LatencyBenchmarkRun, scenario: ScenarioId, variant: string, concurrency: number): LatencyCell | undefined {
  return run.cells.find((cell) => cell.scenario === scenario && cell.variant === variant && cell.result.concurrency === concurrency);
}

/**
 * Our round trips per kind of request on main before the cache existed (commit aeb7087, measured
 * by this benchmark under the in-region profile): what "with the cache off, nothing changes" is
 * held to.
 */
const roundTripsBeforeCache: Pick<CallProfile, 'first' | 'firstColdAccount' | 'replay' | 'paidOrder'> = {
  first: { calls: 2, sequential: 2, byOperation: {}, status: 201 },
  firstColdAccount: { calls: 3, sequential: 2, byOperation: {}, status: 201 },
  replay: { calls: 2, sequential: 1, byOperation: {}, status: 201 },
  paidOrder: { calls: 3, sequential: 3, byOperation: {}, status: 409 },
};

function roundTripsOf(calls: Pick<CallProfile, 'first' | 'firstColdAccount' | 'replay' | 'paidOrder'>): string {
  const pair = (sample: { readonly calls: number; readonly sequential: number }): string => `${sample.calls}/${sample.sequential}`;
  return `first ${pair(calls.first)}, cold account ${pair(calls.firstColdAccount)}, replay ${pair(calls.replay)}, paid order ${pair(calls.paidOrder)}`;
}

function p50(run: LatencyBenchmarkRun, scenario: ScenarioId, variant: string, concurrency: number): number {
  return cellOf(run, scenario, variant, concurrency)?.result.p50Ms ?? Number.NaN;
}

function callsOf(run: LatencyBenchmarkRun, variant: string): CallProfile | undefined {
  return run.callProfiles.find((entry) => entry.variant.id === variant)?.calls;
}

/**
 * The goals of the issue, each measured side by side in this run: ratios of p50s measured in
 * the same run, round trips counted on the same engine. A goal whose variant was not measured
 * (no cache in this run) says so instead of passing.
 */
export function latencyGoals(run: LatencyBenchmarkRun): LatencyGoal[] {
  const ours = callsOf(run, 'ours');
  const cached = callsOf(run, 'ours-cache');
  const coldRatio = p50(run, 'cold', 'ours', 1) / p50(run, 'cold', 'powertools', 1);
  const replayRatio = p50(run, 'replay', 'ours-cache', 1) / p50(run, 'replay', 'ours', 1);
  const c16Ratio = p50(run, 'warm', 'ours', 16) / p50(run, 'warm', 'powertools', 16);
  const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'not measured');
  const oursBundle = run.bundles.find((bundle) => bundle.variant.id === 'ours');
  const cacheBytes = oursBundle?.cacheBytes === undefined ? undefined : oursBundle.cacheBytes.client + oursBundle.cacheBytes.modules;
  const cacheShare = cacheBytes === undefined || oursBundle === undefined ? undefined : cacheBytes / oursBundle.bytes;
  return [
    {
      goal: 'cold-account first charge: sequential DynamoDB round trips',
      measured: ours === undefined ? 'not measured' : `${ours.firstColdAccount.sequential} (${ours.firstColdAccount.calls} calls)`,
      target: '2',
      met: ours === undefined ? undefined : ours.firstColdAccount.sequential <= 2,
    },
    {
      goal: 'cold-account first charge: p50 vs Powertools, concurrency 1',
      measured: ratio(coldRatio),
      target: '≤ 0.65×',
      met: Number.isFinite(coldRatio) ? coldRatio <= 0.65 : undefined,
    },
    {
      goal: 'replay from the cache on another instance: DynamoDB calls',
      measured: cached === undefined ? 'not measured (no cache in this run)' : String(cached.replay.calls),
      target: '0',
      met: cached === undefined ? undefined : cached.replay.calls === 0,
    },
    {
      goal: 'replay from the cache: p50 vs a replay without the cache, concurrency 1',
      measured: ratio(replayRatio),
      target: '≤ 0.30×',
      met: Number.isFinite(replayRatio) ? replayRatio <= 0.3 : undefined,
    },
    {
      goal: 'first charge (warm account) at concurrency 16: p50 vs Powertools',
      measured: ratio(c16Ratio),
      target: '≤ 0.75×',
      met: Number.isFinite(c16Ratio) ? c16Ratio <= 0.75 : undefined,
    },
    {
      goal: 'cache off: DynamoDB calls / sequential round trips as before the cache',
      measured: ours === undefined ? 'not measured' : roundTripsOf(ours),
      target: roundTripsOf(roundTripsBeforeCache),
      met: ours === undefined ? undefined : roundTripsOf(ours) === roundTripsOf(roundTripsBeforeCache),
    },
    {
      goal: "cache off: bundle as before the cache (bytes of the cache's client and modules in POST /payments)",
      measured: cacheShare === undefined ? 'not measured' : `${kib(cacheBytes ?? 0)} (${percent(cacheShare)})`,
      target: '0 bytes',
      met: cacheBytes === undefined ? undefined : cacheBytes === 0,
    },
  ];
}

/** The latency section of docs/benchmarks.md for this run (markdown). */
export function latencyReport(run: LatencyBenchmarkRun, explanations: readonly string[]): string {
  const lines: string[] = [];
  const { machine } = run;
  lines.push(`## API at DynamoDB's latency (\`${run.profileName}\` profile): this middleware vs Powertools`, '');
  lines.push(
    `Measured ${run.date} with \`${run.command}\` on ${machine.cpuModel}, ${machine.cores} logical cores, ${machine.memoryGiB} GiB, ` +
      `Node ${machine.node}. 1-minute load average: ${machine.loadAverage} before the run, ${run.loadAverageAfter} after ` +
      `(other work shares this machine; above ${machine.cores} the latencies include waiting for a core).`,
    '',
  );
  lines.push(
    `The engine runs in its own process with \`--latency ${run.profileName}\`: every answer leaves after its operation's time ` +
      `(${Object.entries(run.profile)
        .map(([operation, ms]) => `${operation} ${String(ms)} ms`)
        .join(', ')}; an assumption within AWS's published single-digit milliseconds, see docs/local-engine.md), the waits of ` +
      'concurrent requests overlap, and a transaction holds its items until it answers, so a write touching one meanwhile is ' +
      'refused with TransactionConflict, as in DynamoDB.',
    '',
  );
  lines.push(
    `Each cell runs as many simulated Lambda instances as its concurrency, built in this process from the same factories as ` +
      `the functions (own DynamoDB client, own account snapshots, no in-memory response cache), each sending its next request ` +
      `as soon as the last one is answered: like Lambda, no request waits for a free instance. Latency is measured from the ` +
      `invocation to the response. ${run.durationSeconds} s per run of a cell after each instance's warm-up payment, ` +
      `${run.rounds} run(s) per cell in alternating variant order, the table showing their mean. All instances share this ` +
      'process and its cores, so at high concurrency CPU, not DynamoDB, can be what requests wait for. Structured logs and ' +
      'EMF metrics are off in this process (both variants share that route chain). DynamoDB calls per request count every ' +
      'round trip of the timed requests, retries included.',
    '',
  );
  if (run.variants.some((variant) => variant.id.endsWith('-cache'))) {
    lines.push(
      'The cached rows use one Valkey/Redis server (`redis-server` or `valkey-server` from PATH) on loopback, shared by both ' +
        'cached variants. No latency is injected on it: a round trip to it takes about 0.1 ms here, against the about 0.3 ms ' +
        'assumed for ElastiCache in the same Availability Zone, so each cache round trip in those rows is about 0.2 ms ' +
        'optimistic (an assumption, stated rather than injected).',
      '',
    );
  }
  lines.push(...roundTripSection(run.callProfiles.map(({ variant, calls }) => ({ variant, calls }))));
  lines.push('### Latency per kind of request', '');
  lines.push('| request | variant | concurrency | p50 ms | p50 of each run | p99 ms | requests/s | DynamoDB calls per request | responses |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  const scenarios = [...new Map(run.cells.map((cell) => [cell.scenario, cell.scenarioLabel])).entries()];
  const concurrencies = [...new Set(run.cells.map((cell) => cell.result.concurrency))].sort((a, b) => a - b);
  for (const [scenario, label] of scenarios) {
    for (const concurrency of concurrencies) {
      for (const variant of run.variants) {
        const cell = cellOf(run, scenario, variant.id, concurrency);
        if (cell === undefined) continue;
        const { result } = cell;
        lines.push(
          `| ${label} | ${variant.label} | ${concurrency} | ${fmt(result.p50Ms)} | ${cell.p50PerRunMs.map(fmt).join(', ')} | ` +
            `${fmt(result.p99Ms)} | ${fmt(result.requestsPerSecond)} | ${callsCell(cell)} | ${statuses(cell)} |`,
        );
      }
    }
  }
  lines.push('');
  lines.push('### Bundles', '');
  lines.push('| variant | bundle (esbuild, the stack\'s settings) | of which the cache client library | of which the cache modules |');
  lines.push('|---|---|---|---|');
  for (const { variant, bytes, cacheBytes } of run.bundles) {
    const part = (value: number | undefined): string => (value === undefined ? '' : `${kib(value)} (${percent(value / bytes)})`);
    lines.push(`| ${variant.label} | ${kib(bytes)} | ${part(cacheBytes?.client)} | ${part(cacheBytes?.modules)} |`);
  }
  lines.push('');
  lines.push('### Goals', '');
  lines.push('| goal | measured | goal | met |');
  lines.push('|---|---|---|---|');
  for (const goal of latencyGoals(run)) {
    lines.push(`| ${goal.goal} | ${goal.measured} | ${goal.target} | ${goal.met === undefined ? 'not measured' : goal.met ? 'yes' : '**no**'} |`);
  }
  lines.push('', ...readingTheNumbers(explanations));
  return lines.join('\n');
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

function callsCell(cell: LatencyCell): string {
  const entries = Object.entries(cell.callsPerRequest);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return `${total.toFixed(2)} (${entries.map(([operation, count]) => `${operation} ${count.toFixed(2)}`).join(', ')})`;
}

function statuses(cell: LatencyCell): string {
  return Object.entries(cell.result.statusCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${count}× ${status}${Number(status) === cell.expectedStatus ? '' : ' (unexpected)'}`)
    .join(', ');
}

/** Milliseconds as the tables print them. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
