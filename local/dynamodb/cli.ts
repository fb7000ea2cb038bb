/**
 * `npm run dynamodb -- --port 8000 [--host 127.0.0.1] [--allow-host NAME]... [--db-path dir] [--latency in-region]`: runs
 * the engine in the foreground until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { latencyProfileNamed, latencyProfiles } from './latency/latency-profile.js';
import { startDynamoDB } from './server.js';
import { tuneV8ForEngineServer } from './tune-v8.js';

tuneV8ForEngineServer();

const usage = `Usage: npm run dynamodb -- [--port 8000] [--host 127.0.0.1 [--allow-non-loopback]] [--allow-host NAME]... [--db-path dir] [--ttl-sweep-interval-ms 10000] [--status-transition-ms 500] [--latency in-region]

A DynamoDB-compatible engine speaking DynamoDB's wire protocol.
  --port      TCP port (default 8000; 0 picks a free port)
  --host      interface to listen on (default 127.0.0.1)
  --allow-non-loopback  needed to listen on an address other than a loopback one (no signatures are checked)
  --allow-host NAME     also answer requests whose Host header is NAME (repeatable; loopback names always)
  --db-path   directory for durable storage (default: in memory)
  --ttl-sweep-interval-ms  how often expired TTL items are deleted (default 10000; 0 = never)
  --status-transition-ms   how long UpdateTable's UPDATING/CREATING/DELETING statuses last (default 500)
  --latency   answer each operation after a profile's latency, transactions holding their items
              meanwhile (${Object.keys(latencyProfiles).join(', ')}; default: none)
  --help      show this help`;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 8000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${text}`);
  return port;
}

function parseMilliseconds(option: string, text: string): number {
  const milliseconds = Number(text);
  if (!Number.isInteger(milliseconds) || milliseconds < 0) throw new Error(`Invalid --${option}: ${text}`);
  return milliseconds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-non-loopback': { type: 'boolean' },
      'allow-host': { type: 'string', multiple: true },
      'db-path': { type: 'string' },
      'ttl-sweep-interval-ms': { type: 'string' },
      'status-transition-ms': { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(usage);
    return;
  }
  const server = await startDynamoDB({
    port: parsePort(values.port),
    ...(values.host === undefined ? {} : { host: values.host }),
    allowNonLoopback: values['allow-non-loopback'] === true,
    allowedHosts: values['allow-host'] ?? [],
    ...(values['db-path'] === undefined ? {} : { dbPath: values['db-path'] }),
    ...(values['ttl-sweep-interval-ms'] === undefined
      ? {}
      : { ttlSweepIntervalMs: parseMilliseconds('ttl-sweep-interval-ms', values['ttl-sweep-interval-ms']) }),
    ...(values['status-transition-ms'] === undefined
      ? {}
      : { statusTransitionMs: parseMilliseconds('status-transition-ms', values['status-transition-ms']) }),
    ...(values.latency === undefined ? {} : { latency: latencyProfileNamed(values.latency) }),
  });
  console.log(`DynamoDB engine listening on ${server.endpoint}${values.latency === undefined ? '' : ` (latency profile ${values.latency})`}`);
  const shutdown = (signal: string): void => {
    console.log(`${signal} received, stopping`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exitCode = 1;
});
