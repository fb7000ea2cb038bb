/**
 * `npm run bench`: POST /payments with this project's idempotency middleware, with Powertools'
 * makeHandlerIdempotent, and with no idempotency at all, side by side in one run through the
 * same local API and engine. Prints the tables and ratios and writes the API section of
 * docs/benchmarks.md. Knobs: BENCH_DURATION (seconds per load cell, default 10), BENCH_ACCOUNTS
 * (default 256), BENCH_INSTANCES (simulated Lambda instances per variant, default 4), BENCH_ROUNDS (runs of
 * each load cell, averaged, default 2), BENCH_CONCURRENCIES (default 1,16,64).
 *
 * `npm run bench -- --latency in-region` instead runs the engine under a latency profile and times
 * each kind of request the issue names (bench/api/latency-benchmark.ts); there BENCH_DURATION
 * defaults to 3 and BENCH_ROUNDS to 2, and BENCH_SCENARIOS (warm,cold,replay,paid-order,hot) picks
 * the kinds of request.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { routes } from '../infra/definitions/routes.js';
import { tables } from '../infra/definitions/tables.js';
import { startLocalApi, type LocalApi } from '../local/http/start-local-api.js';
import { apiReport, goalOutcomes, type ApiBenchmarkRun, type VariantMeasurements } from './api/api-report.js';
import { bundleHandler } from './api/bundle-handler.js';
import { explainApiResults } from './api/explain-api-results.js';
import { fundAccounts } from './api/fund-accounts.js';
import { runLatencyBenchmark } from './api/latency-benchmark.js';
import { combineRounds } from './api/combine-rounds.js';
import { loadTest, type LoadResult } from './api/load-test.js';
import { machineInfo } from './api/machine-info.js';
import { measureCallProfile, type CallProfile } from './api/measure-call-profile.js';
import { measureImportTime, type ImportTime } from './api/measure-import-time.js';
import { measureSequentialLatency } from './api/measure-sequential-latency.js';
import { coldStartEnvironment } from './api/cold-start-environment.js';
import { median } from './api/median.js';
import { paymentRequestFactory } from './api/payment-request-factory.js';
import { paymentVariants, type PaymentVariant } from './api/payment-variants.js';
import { startEngineProcess } from './api/start-engine-process.js';
import { writeApiSection } from './api/write-api-section.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: cliOptions } = parseArgs({ options: { latency: { type: 'string' } }, strict: true });
const durationSeconds = positiveInteger('BENCH_DURATION', cliOptions.latency === undefined ? 10 : 3);
const accountCount = positiveInteger('BENCH_ACCOUNTS', 256);
const instances = positiveInteger('BENCH_INSTANCES', 4);
const concurrencies = concurrencyList(process.env.BENCH_CONCURRENCIES ?? '1,16,64');
const importSamples = 9;
const loadRounds = positiveInteger('BENCH_ROUNDS', 2);
const currency = 'USD';
const callerId = `bench-${randomUUID().slice(0, 8)}`;
const outDir = path.join(root, 'node_modules', '.cache', 'bench-api');

/** BENCH_CONCURRENCIES: a comma-separated list of positive integers. */
function concurrencyList(raw: string): number[] {
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isSafeInteger(value) || value < 1)) {
    throw new Error(`BENCH_CONCURRENCIES must list positive integers, got ${raw}`);
  }
  return values;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  if (cliOptions.latency !== undefined) {
    const scenarios = (process.env.BENCH_SCENARIOS ?? '').split(',').filter((id) => id !== '');
    await runLatencyBenchmark({ root, profileName: cliOptions.latency, durationSeconds, rounds: loadRounds, concurrencies, scenarios, log });
    return;
  }
  const machine = machineInfo();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);

  // Bundles and cold imports first, while nothing else runs on the machine.
  const bundles = new Map<string, { bytes: number; importTime: ImportTime }>();
  const bundled = new Map<string, { outfile: string; bytes: number }>();
  for (const variant of paymentVariants) {
    const bundle = await bundleHandler(path.join(root, variant.entry), path.join(outDir, `${variant.id}.mjs`));
    bundled.set(variant.id, bundle);
  }
  // Samples taken in rounds across the variants, so drift of a shared machine hits all alike.
  const samples = new Map<string, number[]>(paymentVariants.map((variant) => [variant.id, []]));
  for (let round = 0; round < importSamples; round += 1) {
    for (const variant of paymentVariants) {
      const bundle = bundled.get(variant.id);
      if (bundle === undefined) throw new Error(`no bundle for ${variant.id}`);
      const { samplesMs } = await measureImportTime(bundle.outfile, coldStartEnvironment, 1);
      samples.get(variant.id)?.push(...samplesMs);
    }
  }
  for (const variant of paymentVariants) {
    const samplesMs = samples.get(variant.id) ?? [];
    const importTime: ImportTime = { samplesMs, medianMs: median(samplesMs) };
    bundles.set(variant.id, { bytes: bundled.get(variant.id)?.bytes ?? Number.NaN, importTime });
    log(`bundle ${variant.id}: ${bundles.get(variant.id)?.bytes ?? Number.NaN} bytes, init ${importTime.medianMs.toFixed(1)} ms`);
  }

  const engine = await startEngineProcess();
  const apis = new Map<string, LocalApi>();
  try {
    const tableNamePrefix = `bench-${randomUUID().slice(0, 8)}-`;
    for (const variant of paymentVariants) {
      const api = await startLocalApi({
        port: 0,
        instances,
        dynamodbEndpoint: engine.endpoint,
        tableNamePrefix,
        routes: routesFor(variant),
        onLog: () => undefined,
      });
      apis.set(variant.id, api);
    }
    const anyApi = apiOf(apis, 'ours');
    log(`engine ${engine.endpoint}; funding ${accountCount} accounts`);
    const accountIds = await fundAccounts({ url: anyApi.url, callerId, count: accountCount, currency, deposit: 1_000_000_000_000 });

    const environment: Record<string, string> = {
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: engine.endpoint,
    };
    for (const table of tables) environment[table.envVar] = anyApi.tableNames[table.id];
    const callProfiles = new Map<string, CallProfile>();
    for (const variant of paymentVariants) {
      const [accountId] = accountIds;
      if (accountId === undefined) throw new Error('no account funded');
      callProfiles.set(variant.id, await measureCallProfile(variant, { environment, callerId, accountId, currency }));
      log(`calls ${variant.id}: ${JSON.stringify(callProfiles.get(variant.id))}`);
    }

    // Rounds across the variants, as for the imports, on an account no other phase touches.
    const sequentialAccount = accountIds[1] ?? accountIds[0] ?? '';
    const sequentialTimes = new Map<string, number[]>(paymentVariants.map((variant) => [variant.id, []]));
    for (let round = 0; round < 3; round += 1) {
      for (const variant of paymentVariants) {
        const { medianMs } = await measureSequentialLatency(variant, { environment, callerId, accountId: sequentialAccount, currency }, 100);
        sequentialTimes.get(variant.id)?.push(medianMs);
      }
    }
    for (const variant of paymentVariants) log(`sequential ${variant.id}: ${JSON.stringify(sequentialTimes.get(variant.id))} ms`);

    const loads = new Map<string, LoadResult[]>(paymentVariants.map((variant) => [variant.id, []]));
    for (const variant of paymentVariants) {
      // Warm-up: JIT, connection pools and every instance's account snapshots.
      await loadTest({ url: apiOf(apis, variant.id).url, connections: 16, durationSeconds: 3, nextRequest: requests(accountIds) });
    }
    // Interleaved by concurrency, and each cell run in several rounds in alternating variant
    // order, so drift and bursts of other work on a shared machine hit every variant alike.
    for (const connections of concurrencies) {
      const rounds = new Map<string, LoadResult[]>(paymentVariants.map((variant) => [variant.id, []]));
      for (let round = 0; round < loadRounds; round += 1) {
        const order = round % 2 === 0 ? paymentVariants : [...paymentVariants].reverse();
        for (const variant of order) {
          const result = await loadTest({
            url: apiOf(apis, variant.id).url,
            connections,
            durationSeconds,
            nextRequest: requests(accountIds),
          });
          rounds.get(variant.id)?.push(result);
          log(`load ${variant.id} c=${connections} round ${round + 1}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.requestsPerSecond} req/s ${JSON.stringify(result.statusCounts)}`);
        }
      }
      for (const variant of paymentVariants) loads.get(variant.id)?.push(combineRounds(rounds.get(variant.id) ?? []));
    }

    const results: VariantMeasurements[] = paymentVariants.map((variant) => {
      const bundle = bundles.get(variant.id);
      const calls = callProfiles.get(variant.id);
      if (bundle === undefined || calls === undefined) throw new Error(`missing measurements for ${variant.id}`);
      return {
        variant,
        calls,
        sequentialMs: median(sequentialTimes.get(variant.id) ?? []),
        load: loads.get(variant.id) ?? [],
        bundleBytes: bundle.bytes,
        importTime: bundle.importTime,
      };
    });
    const loadAverageAfter = machineInfo().loadAverage;
    const run: ApiBenchmarkRun = {
      machine,
      loadAverageAfter,
      command: 'npm run bench',
      date: new Date().toISOString().slice(0, 10),
      durationSeconds,
      rounds: loadRounds,
      accounts: accountCount,
      instances,
      results,
    };
    const report = apiReport(run, explainApiResults(run));
    process.stdout.write(`${report}\n`);
    for (const outcome of goalOutcomes(run)) {
      process.stdout.write(`ratio ${outcome.goal}: ${outcome.ratio.toFixed(2)} (goal ≤ ${outcome.limit.toFixed(2)}) ${outcome.met ? 'met' : 'MISSED'}\n`);
    }
    await writeApiSection(path.join(root, 'docs', 'benchmarks.md'), report);
    log('wrote the API section of docs/benchmarks.md');
  } finally {
    for (const api of apis.values()) await api.stop();
    await engine.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The route table with CreatePayment served by the variant's entry. */
function routesFor(variant: PaymentVariant): typeof routes {
  return routes.map((route) => (route.id === 'CreatePayment' ? { ...route, entry: variant.entry } : route));
}

function apiOf(apis: ReadonlyMap<string, LocalApi>, id: string): LocalApi {
  const api = apis.get(id);
  if (api === undefined) throw new Error(`no API for ${id}`);
  return api;
}

function requests(accountIds: readonly string[]): ReturnType<typeof paymentRequestFactory> {
  return paymentRequestFactory({ callerId, accountIds, currency, amount: 1 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
