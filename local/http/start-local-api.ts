import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RouteDefinition, routes as allRoutes } from '../../infra/definitions/routes.js';
import type { TableId } from '../../infra/definitions/tables.js';
import { checkBindAddress, hostCheck } from '../host-allowlist.js';
import { startCacheServer } from '../cache/cache-server.js';
import { CleanupStack } from './cleanup-stack.js';
import { functionEnvironment } from './function-environment.js';
import type { RunnerLog } from './gateway-answers.js';
import { closeServer, listen } from './http-listener.js';
import { isEmfLine, parseFunctionLine } from './function-output.js';
import { InstancePool } from './instance-pool.js';
import { MetricCounters, type MetricsSummary } from './metric-counters.js';
import { apiGatewayMaxBodyBytes } from './read-request-body.js';
import { requestListener, type RequestLogEntry } from './request-listener.js';
import { renderFunctionLine } from './render-function-line.js';
import { prepareDynamoDB } from './runner-dynamodb.js';

export type { RequestLogEntry } from './request-listener.js';

/** Options of {@link startLocalApi}. */
export interface LocalApiOptions {
  /** Port to listen on; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Listening on an address other than a loopback one must be asked for: nothing checks
   * signatures here, callers are whoever `X-Caller-Id` says. A warning is printed. @default false
   */
  readonly allowNonLoopback?: boolean;
  /**
   * Host names (with or without a port; IPv6 in brackets) answered besides the loopback names
   * (`localhost`, 127.x.y.z, `[::1]`); a request with any other `Host` header gets
   * `403 host_not_allowed`, which defends against DNS rebinding. @default []
   */
  readonly allowedHosts?: readonly string[];
  /** Number of simulated Lambda instances (worker threads). @default 4 */
  readonly instances?: number;
  /**
   * DynamoDB to use (DynamoDB Local, the project's engine elsewhere, or AWS itself).
   * @default an engine started in this process on a free port, stopped by `stop()`
   */
  readonly dynamodbEndpoint?: string;
  /**
   * Directory where the engine started in this process keeps its data (journal and snapshots),
   * so a restart finds it again. Not with `dynamodbEndpoint`. @default in memory
   */
  readonly dbPath?: string;
  /**
   * Prefix of the physical table names, so several runners (or test files) can share one
   * DynamoDB. @default '' (the definitions' local names: `accounts`, `payments`, ...)
   */
  readonly tableNamePrefix?: string;
  /**
   * Overrides every route's function timeout, in seconds. The idempotency lease never outlives
   * the invocation's remaining time, so a short timeout makes an abandoned claim expire quickly
   * (the demo's crash story). @default each route's `timeoutSeconds`
   */
  readonly timeoutSeconds?: number;
  /** Largest request body accepted, in bytes; larger is 413. @default 10 MiB (API Gateway's limit) */
  readonly maxBodyBytes?: number;
  /**
   * Enables fault injection for requests carrying `X-Local-Fault: crash-after-claim` and
   * `X-Local-Fault-Token: <this token>`. Off when absent: the headers are then ignored. The
   * headers are always removed before the event reaches a handler. @default undefined (off)
   */
  readonly faultToken?: string;
  /** Key signing ledger cursors, shared by every instance. @default 32 random bytes, base64url */
  readonly ledgerCursorKey?: string;
  /**
   * The shared cache of the functions (their CACHE_URL): a `redis://` or `rediss://` URL, or
   * `'start'` to start `valkey-server` or `redis-server` from PATH on a free loopback port
   * (keeping nothing on disk), stopped by `stop()`. @default none: no shared cache
   */
  readonly cache?: string;
  /** The functions' CACHE_TIMEOUT_MS. @default theirs (20 ms) */
  readonly cacheTimeoutMs?: number;
  /** Extra environment for the handlers (e.g. idempotency settings). @default {} */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  /**
   * Receives each line the handlers log, as they printed it (JSON log lines, EMF blobs, text).
   * @default written to stdout as `[instance n] line`, in `logFormat`
   */
  readonly onLog?: (instance: number, line: string) => void;
  /**
   * How the default `onLog` shows the handlers' lines: `pretty`, one compact readable line each
   * (time, level, route, message, fields; an EMF blob as the metrics it counted), or `json`,
   * exactly what the functions printed (what CloudWatch Logs would hold). @default 'pretty'
   */
  readonly logFormat?: 'pretty' | 'json';
  /** Receives one entry per request once it is answered. @default nothing */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /**
   * Deletes the tables when the runner stops: for tests that create uniquely prefixed tables in
   * a shared engine, DynamoDB Local or a real account. @default false
   */
  readonly deleteTablesOnStop?: boolean;
  /** The routes to serve. @default every route of infra/definitions/routes.ts */
  readonly routes?: readonly RouteDefinition[];
}

/** A running local API. */
export interface LocalApi {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** The DynamoDB endpoint the handlers use. */
  readonly dynamodbEndpoint: string;
  /** The shared cache the handlers use, if any. */
  readonly cacheUrl: string | undefined;
  /** Physical table names by logical id. */
  readonly tableNames: Readonly<Record<TableId, string>>;
  readonly instances: number;
  /** The metrics the functions printed (EMF) since the runner started, added up per route and name. */
  metrics(): MetricsSummary;
  /** Resolves once every instance is up, e.g. after one that timed out or died was replaced. */
  whenAllInstancesReady(): Promise<void>;
  /** Stops the HTTP server, the instances and, if this runner started it, the engine. */
  stop(): Promise<void>;
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Serves the payments HTTP API locally as API Gateway and Lambda would: each request becomes a
 * payload 2.0 event with an IAM caller taken from `X-Caller-Id`, runs on one of `instances`
 * simulated Lambda instances (worker threads with separate module state, sharing only
 * DynamoDB), and the handler's result becomes the HTTP response. Creates the tables first.
 *
 * Start and stop are the lifecycle of four parts, set up in this order and undone in reverse:
 * DynamoDB and its tables (runner-dynamodb.ts), the instances (instance-pool.ts), and the HTTP
 * server whose listener (request-listener.ts) reads, routes, dispatches and answers requests.
 *
 * @throws RangeError for an option out of range; Error when a handler module is missing or
 *   fails to load, the tables cannot be created, or the port is taken.
 */
export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const routes = options.routes ?? allRoutes;
  const maxBodyBytes = options.maxBodyBytes ?? apiGatewayMaxBodyBytes;
  checkOptions(options, maxBodyBytes);
  const isAllowedHost = hostCheck(options.allowedHosts);
  const host = options.host ?? '127.0.0.1';
  checkBindAddress(host, options.allowNonLoopback, 'The local API');
  const handlers = handlerFiles(routes);

  const cleanups = new CleanupStack();
  try {
    const dynamodb = await prepareDynamoDB(options, cleanups);
    const cacheUrl = await prepareCache(options.cache, cleanups);
    const cacheEnvironment: Record<string, string> = {
      ...(cacheUrl === undefined ? {} : { CACHE_URL: cacheUrl }),
      ...(options.cacheTimeoutMs === undefined ? {} : { CACHE_TIMEOUT_MS: String(options.cacheTimeoutMs) }),
    };
    const onLog: RunnerLog = options.onLog ?? defaultLog(options.logFormat ?? 'pretty');
    const counters = new MetricCounters();
    const pool = await InstancePool.start({
      instances: options.instances ?? 4,
      handlers,
      environment: functionEnvironment(dynamodb, { ...options, functionEnvironment: { ...cacheEnvironment, ...options.functionEnvironment } }),
      onLog: (instance, line) => {
        if (isEmfLine(line)) {
          const metrics = parseFunctionLine(line);
          if (metrics.kind === 'metrics') counters.add(metrics.route, metrics.counts);
        }
        onLog(instance, line);
      },
    });
    cleanups.push(() => pool.stop());

    const server = createServer(
      requestListener({
        routes,
        pool,
        isAllowedHost,
        maxBodyBytes,
        timeoutSeconds: options.timeoutSeconds,
        faultToken: options.faultToken,
        onLog,
        onRequest: options.onRequest,
        metrics: () => counters.summary(),
      }),
    );
    const address = await listen(server, options.port ?? 3000, host);
    cleanups.push(() => closeServer(server));

    return {
      url: address.url,
      port: address.port,
      dynamodbEndpoint: dynamodb.endpoint,
      cacheUrl,
      tableNames: dynamodb.tableNames,
      instances: pool.size,
      metrics: () => counters.summary(),
      whenAllInstancesReady: () => pool.whenAllReady(),
      stop: () => cleanups.runAll(),
    };
  } catch (error) {
    await cleanups.runAll();
    throw error;
  }
}

/** The cache URL the functions get: the one given, or that of a server started here (stopped with the runner). */
async function prepareCache(cache: string | undefined, cleanups: CleanupStack): Promise<string | undefined> {
  if (cache !== 'start') return cache;
  const server = await startCacheServer();
  cleanups.push(() => server.stop());
  return server.url;
}

/** The runner's own log: each line of an instance, tagged with it, as the functions printed it or readable. */
function defaultLog(format: 'pretty' | 'json'): RunnerLog {
  return (instance, line) => {
    const shown = format === 'json' ? line : renderFunctionLine(parseFunctionLine(line));
    process.stdout.write(`[instance ${instance}] ${shown}\n`);
  };
}

/** Refuses options the runner cannot honour, before anything starts. */
function checkOptions(options: LocalApiOptions, maxBodyBytes: number): void {
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > apiGatewayMaxBodyBytes) {
    throw new RangeError(`maxBodyBytes must be an integer from 1 to ${apiGatewayMaxBodyBytes}`);
  }
  if (options.timeoutSeconds !== undefined && !(options.timeoutSeconds > 0 && options.timeoutSeconds <= 900)) {
    throw new RangeError('timeoutSeconds must be more than 0 and at most 900');
  }
  if (options.faultToken === '') throw new RangeError('faultToken must not be empty');
  if (options.dbPath !== undefined && options.dynamodbEndpoint !== undefined) throw new RangeError('dbPath is for the engine the runner starts, not with dynamodbEndpoint');
}

/** Each route's handler module, by route id. @throws Error naming the first route whose module is missing. */
function handlerFiles(routes: readonly RouteDefinition[]): Map<string, string> {
  const handlers = new Map<string, string>();
  for (const route of routes) {
    const file = path.join(repositoryRoot, route.entry);
    if (!existsSync(file)) throw new Error(`the handler of ${route.method} ${route.path} does not exist: ${route.entry}`);
    handlers.set(route.id, file);
  }
  return handlers;
}
