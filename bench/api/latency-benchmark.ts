import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { tables } from '../../infra/definitions/tables.js';
import { latencyProfileNamed } from '../../local/dynamodb/latency/latency-profile.js';
import { invokeInProcess } from '../../local/http/invoke-in-process.js';
import { startLocalApi } from '../../local/http/start-local-api.js';
import { bundleHandler } from './bundle-handler.js';
import { cacheBundleBytes } from './cache-bundle-bytes.js';
import { closedLoop, type ClosedLoopResult } from './closed-loop.js';
import { fundAccounts } from './fund-accounts.js';
import { latencyExplanations } from './latency-explanations.js';
import { latencyGoals, latencyReport, type LatencyBenchmarkRun, type LatencyCell } from './latency-report.js';
import { latencyScenarios, paymentRequest, type PaymentCall, type ScenarioData } from './latency-scenarios.js';
import { instanceDependencies, latencyVariants, runsIn, variantInstance, type LatencyVariant, type VariantInstance } from './latency-variants.js';
import { startCacheServer } from '../../local/cache/cache-server.js';
import { machineInfo } from './machine-info.js';
import { measureCallProfile } from './measure-call-profile.js';
import { startEngineProcess } from './start-engine-process.js';
import { latencySectionMarkers, writeApiSection } from './write-api-section.js';

/** Options of {@link runLatencyBenchmark}. */
export interface LatencyBenchmarkOptions {
  readonly root: string;
  readonly profileName: string;
  readonly durationSeconds: number;
  readonly rounds: number;
  readonly concurrencies: readonly number[];
  /** Scenario ids to run (all when empty). */
  readonly scenarios: readonly string[];
  readonly log: (line: string) => void;
}

const currency = 'USD';
const completedPerVariant = 64;
const coldAccountCount = 512;

/**
 * `npm run bench -- --latency <profile>`: the engine in its own process under the latency
 * profile, the variants' instances in this process, every scenario at every concurrency, then the
 * report written between its markers in docs/benchmarks.md.
 */
export async function runLatencyBenchmark(options: LatencyBenchmarkOptions): Promise<void> {
  const { log } = options;
  const profile = latencyProfileNamed(options.profileName);
  // Every instance runs in this process: their structured logs and EMF metrics would all be
  // written by this one process (and onto the report's stdout). Both variants share that route
  // chain, so it is turned off for all, as the test suite turns it off.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const machine = machineInfo();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage}`);
  const outDir = path.join(options.root, 'node_modules', '.cache', 'bench-latency');
  const oursBundle = await bundleHandler(path.join(options.root, 'lambda/handlers/create-payment.ts'), path.join(outDir, 'ours.mjs'));
  const oursCachedBundle = await bundleHandler(path.join(options.root, 'lambda/handlers/create-payment.ts'), path.join(outDir, 'ours-cache.mjs'), { cache: true });
  const bundles = [
    { variant: variantOf('ours'), bytes: oursBundle.bytes, cacheBytes: cacheBundleBytes(options.root, oursBundle.bytesByInput, 'iovalkey') },
    { variant: variantOf('ours-cache'), bytes: oursCachedBundle.bytes, cacheBytes: cacheBundleBytes(options.root, oursCachedBundle.bytesByInput, 'iovalkey') },
    {
      variant: variantOf('powertools'),
      bytes: (await bundleHandler(path.join(options.root, 'bench/variants/create-payment-powertools.ts'), path.join(outDir, 'powertools.mjs'))).bytes,
    },
  ];

  const engine = await startEngineProcess({ latencyProfile: options.profileName });
  // One Valkey/Redis server for every cached variant, on loopback like the engine.
  const cacheServer = await startCacheServer().catch(async (error: unknown) => {
    await engine.stop();
    throw error;
  });
  const cacheUrl = cacheServer.url;
  const callerId = `lat-${randomUUID().slice(0, 8)}`;
  // The local API only creates the tables and funds the accounts, through the real routes.
  const api = await startLocalApi({
    port: 0,
    instances: 4,
    dynamodbEndpoint: engine.endpoint,
    tableNamePrefix: `lat-${randomUUID().slice(0, 8)}-`,
    onLog: () => undefined,
  });
  try {
    const maxConcurrency = Math.max(...options.concurrencies);
    const fund = (count: number): Promise<string[]> =>
      fundAccounts({ url: api.url, callerId, count, currency, deposit: 1_000_000_000_000, parallelism: 16 });
    log(`engine ${engine.endpoint} (${options.profileName}); funding ${maxConcurrency + coldAccountCount + 1} accounts`);
    const warmAccounts = await fund(maxConcurrency);
    const coldAccounts = await fund(coldAccountCount);
    const [hotAccount = ''] = await fund(1);

    const environment: Record<string, string> = { AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: engine.endpoint };
    for (const table of tables) environment[table.envVar] = api.tableNames[table.id];

    const callProfiles = [];
    for (const variant of latencyVariants) {
      const closers: (() => void)[] = [];
      try {
        const calls = await measureCallProfile(
          {
            hasCache: false,
            build: (deps) => {
              const built = variant.build({ deps, cacheUrl });
              if (built.close !== undefined) closers.push(built.close);
              return built.handler;
            },
          },
          { environment, callerId, accountId: hotAccount, currency, dependencies: () => instanceDependencies(variant, environment, cacheUrl) },
        );
        callProfiles.push({ variant: variantOf(variant.id), calls });
        log(`calls ${variant.id}: ${JSON.stringify(calls)}`);
      } finally {
        for (const close of closers) close();
      }
    }

    // Payments each variant completed on an instance of its own, for the replay and paid-order
    // cells, each on an account of its own: a refused paid order still runs its transaction on
    // the account, and one account for all would make it a hot one.
    const completed = new Map<string, PaymentCall[]>();
    for (const [index, variant] of latencyVariants.entries()) {
      const setup = variantInstance(variant, environment, cacheUrl);
      const calls: PaymentCall[] = [];
      try {
        for (let n = 0; n < completedPerVariant; n += 1) {
          const call: PaymentCall = {
            key: `lat-setup-${randomUUID()}`,
            body: {
              orderId: `lat-setup-${randomUUID()}`,
              accountId: coldAccounts[(index * completedPerVariant + n) % coldAccounts.length] ?? '',
              amount: 1,
              currency,
            },
          };
          const response = await invokeInProcess(setup.handler, paymentRequest({ callerId }, call));
          if (response.status !== 201) throw new Error(`${variant.id}: setup payment answered ${response.status}: ${response.text}`);
          calls.push(call);
        }
      } finally {
        setup.close();
      }
      completed.set(variant.id, calls);
    }
    const dataFor = (variant: LatencyVariant): ScenarioData => ({
      callerId,
      currency,
      warmAccounts,
      coldAccounts,
      hotAccount,
      completed: completed.get(variant.id) ?? [],
    });

    // JIT and connection warm-up of every variant's code path, untimed.
    for (const variant of latencyVariants) {
      // At most one instance per warm account: a run at concurrency 1 funds only one.
      await cell(variant, environment, cacheUrl, dataFor(variant), 'warm', Math.min(16, warmAccounts.length), 1_000, warmAccounts, callerId);
    }

    const cells: LatencyCell[] = [];
    for (const concurrency of options.concurrencies) {
      for (const scenario of latencyScenarios.filter((entry) => options.scenarios.length === 0 || options.scenarios.includes(entry.id))) {
        const variants = latencyVariants.filter((variant) => runsIn(variant, scenario.id));
        const runs = new Map<string, CellRun[]>(variants.map((variant) => [variant.id, []]));
        for (let round = 0; round < options.rounds; round += 1) {
          const order = round % 2 === 0 ? variants : [...variants].reverse();
          for (const variant of order) {
            const measured = await cell(variant, environment, cacheUrl, dataFor(variant), scenario.id, concurrency, options.durationSeconds * 1000, warmAccounts, callerId);
            runs.get(variant.id)?.push(measured);
            const { result } = measured;
            log(
              `${scenario.id} ${variant.id} c=${concurrency} round ${round + 1}: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
                `${result.requestsPerSecond.toFixed(0)} req/s ${JSON.stringify(result.statusCounts)} calls ${JSON.stringify(Object.fromEntries(measured.calls))}`,
            );
          }
        }
        for (const variant of variants) {
          const variantRuns = runs.get(variant.id) ?? [];
          const results = variantRuns.map((entry) => entry.result);
          const folded = foldRuns(results);
          const calls: Record<string, number> = {};
          for (const entry of variantRuns) for (const [operation, count] of entry.calls) calls[operation] = (calls[operation] ?? 0) + count;
          cells.push({
            scenario: scenario.id,
            scenarioLabel: scenario.label,
            expectedStatus: scenario.expectedStatus,
            variant: variant.id,
            result: folded,
            p50PerRunMs: results.map((result) => result.p50Ms),
            callsPerRequest: Object.fromEntries(Object.entries(calls).map(([operation, count]) => [operation, count / Math.max(1, folded.requests)])),
          });
        }
      }
    }

    const run: LatencyBenchmarkRun = {
      machine,
      loadAverageAfter: machineInfo().loadAverage,
      command: `npm run bench -- --latency ${options.profileName}`,
      date: new Date().toISOString().slice(0, 10),
      profileName: options.profileName,
      profile,
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
      variants: latencyVariants.map((variant) => variantOf(variant.id)),
      callProfiles,
      cells,
      bundles,
    };
    const report = latencyReport(run, latencyExplanations(run));
    process.stdout.write(`${report}\n`);
    for (const goal of latencyGoals(run)) {
      process.stdout.write(`goal ${goal.goal}: ${goal.measured} (goal ${goal.target}) ${goal.met === undefined ? 'not measured' : goal.met ? 'met' : 'MISSED'}\n`);
    }
    await writeApiSection(path.join(options.root, 'docs', 'benchmarks.md'), report, latencySectionMarkers);
    log('wrote the latency section of docs/benchmarks.md');
  } finally {
    await api.stop();
    await engine.stop();
    await cacheServer.stop();
  }
}

function variantOf(id: string): { readonly id: string; readonly label: string } {
  const variant = latencyVariants.find((entry) => entry.id === id);
  if (variant === undefined) throw new Error(`no latency variant ${id}`);
  return { id: variant.id, label: variant.label };
}

/**
 * One run of one cell: `concurrency` fresh instances, each warmed by one untimed payment on its
 * own account (connections open, that account's snapshot loaded), then the closed loop.
 */
async function cell(
  variant: LatencyVariant,
  environment: Readonly<Record<string, string>>,
  cacheUrl: string,
  data: ScenarioData,
  scenarioId: string,
  concurrency: number,
  durationMs: number,
  warmAccounts: readonly string[],
  callerId: string,
): Promise<CellRun> {
  const scenario = latencyScenarios.find((entry) => entry.id === scenarioId);
  if (scenario === undefined) throw new Error(`no scenario ${scenarioId}`);
  const instances: VariantInstance[] = Array.from({ length: concurrency }, () => variantInstance(variant, environment, cacheUrl));
  try {
    await Promise.all(
      instances.map(async (instance, index) => {
        const response = await invokeInProcess(
          instance.handler,
          paymentRequest({ callerId }, {
            key: `lat-warm-${randomUUID()}`,
            body: { orderId: `lat-warm-${randomUUID()}`, accountId: warmAccounts[index] ?? '', amount: 1, currency },
          }),
        );
        if (response.status !== 201) throw new Error(`${variant.id}: warm-up payment answered ${response.status}: ${response.text}`);
      }),
    );
    for (const instance of instances) instance.calls.reset();
    const result = await closedLoop({
      instances: instances.map((instance) => instance.handler),
      durationMs,
      nextRequest: scenario.request(data, concurrency),
    });
    const calls = new Map<string, number>();
    for (const instance of instances) {
      for (const [operation, count] of Object.entries(instance.calls.byOperation())) calls.set(operation, (calls.get(operation) ?? 0) + count);
    }
    return { result, calls };
  } finally {
    for (const instance of instances) instance.close();
  }
}

/** One run of a cell and the DynamoDB round trips its instances made, by operation. */
interface CellRun {
  readonly result: ClosedLoopResult;
  readonly calls: ReadonlyMap<string, number>;
}

/** Folds the runs of one cell: percentiles and throughput are their mean, counts their sum. */
function foldRuns(runs: readonly ClosedLoopResult[]): ClosedLoopResult {
  const [first] = runs;
  if (first === undefined) throw new Error('a cell needs at least one run');
  const mean = (pick: (result: ClosedLoopResult) => number): number => runs.reduce((sum, result) => sum + pick(result), 0) / runs.length;
  const statusCounts: Record<string, number> = {};
  for (const result of runs) {
    for (const [status, count] of Object.entries(result.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + count;
  }
  return {
    concurrency: first.concurrency,
    requests: runs.reduce((sum, result) => sum + result.requests, 0),
    requestsPerSecond: mean((result) => result.requestsPerSecond),
    p50Ms: mean((result) => result.p50Ms),
    p99Ms: mean((result) => result.p99Ms),
    statusCounts,
  };
}
