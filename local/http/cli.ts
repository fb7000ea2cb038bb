/**
 * `npm start`: the payments API on http://127.0.0.1:3000, backed by the project's DynamoDB
 * engine (or DYNAMODB_ENDPOINT); `npm start -- --db-path DIR` keeps the engine's data in DIR
 * across restarts. Configuration: see runner-config.ts and docs/local-runner.md.
 */
import { localMetricsPath } from './local-metrics-endpoint.js';
import { metricsTable } from './metric-counters.js';
import { runnerConfig } from './runner-config.js';
import { type LocalApi, startLocalApi } from './start-local-api.js';
import { tuneV8ForEngineServer } from '../dynamodb/tune-v8.js';

tuneV8ForEngineServer();

const quiet = process.argv.includes('--quiet');

let api: LocalApi;
let config: ReturnType<typeof runnerConfig>;
try {
  config = runnerConfig(process.env, process.argv.slice(2));
  api = await startLocalApi({
    ...config,
    onRequest: (entry) => {
      if (quiet) return;
      const where = entry.instance === undefined ? '' : ` instance ${entry.instance}`;
      console.log(`${entry.method} ${entry.target} -> ${entry.status} in ${entry.durationMs.toFixed(0)} ms${where}`);
    },
    ...(quiet ? { onLog: () => undefined } : {}),
  });
} catch (error) {
  // A configuration mistake or a taken port: say what, without a stack trace.
  console.error(`Cannot start the local API: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`Payments API listening on ${api.url}`);
console.log(`  ${api.instances} Lambda instances, DynamoDB at ${api.dynamodbEndpoint}`);
if (api.cacheUrl !== undefined) console.log(`  shared cache at ${redactedUrl(api.cacheUrl)}${config.cache === 'start' ? ' (started here, stopped with the API)' : ''}`);
console.log(`  tables: ${Object.values(api.tableNames).join(', ')}`);
if (config.dynamodbEndpoint === undefined) {
  console.log(
    config.dbPath === undefined
      ? '  data in memory: gone when this stops (--db-path DIR or DB_PATH keeps it)'
      : `  data kept in ${config.dbPath} (delete that directory to start fresh)`,
  );
}
console.log(`  API reference: ${api.url}/docs (the document: ${api.url}/openapi.json)`);
console.log(`  the functions' metrics so far: ${api.url}${localMetricsPath} (and a table when this stops)`);
if (config.faultToken !== undefined) console.log('  fault injection ON (X-Local-Fault + X-Local-Fault-Token)');
console.log('  the caller is the X-Caller-Id header (default local-dev); Ctrl+C stops');

/** The URL without its password, to print. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\nMetrics the functions counted:\n${metricsTable(api.metrics())}`);
  api.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
