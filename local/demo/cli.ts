/**
 * `npm run demo`: plays the six failure stories against a running local API and exits
 * non-zero if any of them does not end as described.
 *
 *   npm run demo                        # against http://127.0.0.1:3000 (or API_URL, or the first argument)
 *   npm run demo -- http://host:port    # against another URL
 *   npm run demo -- --self-host         # starts its own API (engine, tables, instances) and stops it after
 *
 * Story 5 kills an instance after the idempotency claim, which needs the runner's fault
 * injection: `--self-host` turns it on by itself; against a running API, start both with the
 * same LOCAL_FAULT_TOKEN. Story 6 waits for a completed key to expire, which needs a short
 * retention: `--self-host` keeps keys 5 s; against a running API, start both with the same
 * IDEMPOTENCY_RETENTION_SECONDS (at most 60). It ends with the metrics the functions counted,
 * from the runner's `GET /_local/metrics`. See docs/local-runner.md.
 */
import { randomUUID } from 'node:crypto';
import { type LocalApi, startLocalApi } from '../http/start-local-api.js';
import { metricsTable } from '../http/metric-counters.js';
import { runDemo } from './run-demo.js';
import { fetchRunnerMetrics } from './runner-metrics.js';

const args = process.argv.slice(2);
const selfHost = args.includes('--self-host');
const positional = args.find((a) => !a.startsWith('--'));
/** Function timeout of a self-hosted API: the dead instance's lease lasts about this long. */
const selfHostTimeoutSeconds = 3;
/** How long a self-hosted API keeps completed keys: story 6 waits for one to expire. */
const selfHostRetentionSeconds = 5;

let api: LocalApi | undefined;
let url = positional ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
let faultToken = process.env.LOCAL_FAULT_TOKEN === '' ? undefined : process.env.LOCAL_FAULT_TOKEN;
let keyRetentionSeconds = Number(process.env.IDEMPOTENCY_RETENTION_SECONDS ?? '0') || undefined;

if (selfHost) {
  faultToken = randomUUID();
  console.log(`Starting a local API (function timeout ${selfHostTimeoutSeconds} s, so an abandoned claim expires quickly)...`);
  api = await startLocalApi({
    port: 0,
    faultToken,
    timeoutSeconds: selfHostTimeoutSeconds,
    functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: String(selfHostRetentionSeconds) },
    ...(process.env.DYNAMODB_ENDPOINT === undefined || process.env.DYNAMODB_ENDPOINT === ''
      ? {}
      : { dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT, tableNamePrefix: `demo-${randomUUID().slice(0, 8)}-`, deleteTablesOnStop: true }),
    onLog: () => undefined,
  });
  url = api.url;
  keyRetentionSeconds = selfHostRetentionSeconds;
}

console.log(`Payments API: ${url}`);
let exitCode = 1;
try {
  // Any answer will do (this one is a 405): it only proves something listens there.
  await fetch(new URL('/accounts', url)).catch((error: unknown) => {
    throw new TypeError(`cannot reach ${url}`, { cause: error });
  });
  const report = await runDemo({
    url,
    ...(faultToken === undefined ? {} : { faultToken }),
    ...(keyRetentionSeconds === undefined ? {} : { keyRetentionSeconds }),
  });
  exitCode = report.passed ? 0 : 1;
  const metrics = await fetchRunnerMetrics(url);
  console.log(
    metrics === undefined
      ? '\nNo metrics here: the API is not the local runner (a deployed stack counts them in CloudWatch).'
      : `\nThe stories as metrics (what the functions counted, GET /_local/metrics${selfHost ? '' : ', since the runner started'}):\n${metricsTable(metrics)}`,
  );
  if (!report.passed) console.error('\nDEMO FAILED: at least one story did not end as described (see FAILED above).');
} catch (error) {
  console.error(`\nDEMO FAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof TypeError) console.error(`Is the API running at ${url}? Start it with \`npm start\`, or use --self-host.`);
} finally {
  await api?.stop();
}
process.exit(exitCode);
