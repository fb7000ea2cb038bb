import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { type RouteDefinition, routes as allRoutes } from '../../infra/definitions/routes.js';
import { type TableId, tables as allTables } from '../../infra/definitions/tables.js';
import { problemResponse } from '../../lambda/http/problem.js';
import { apiGatewayEvent } from './api-gateway-event.js';
import { createTables } from './create-tables.js';
import { httpResponseOf, type LocalHttpResponse } from './http-response-of.js';
import { InstancePool, type InvocationOutcome } from './instance-pool.js';
import { matchRoute } from './match-route.js';

/** Options of {@link startLocalApi}. */
export interface LocalApiOptions {
  /** Port to listen on; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Number of simulated Lambda instances (worker threads). @default 4 */
  readonly instances?: number;
  /**
   * DynamoDB to use (DynamoDB Local, the project's engine elsewhere, or AWS itself).
   * @default an engine started in this process on a free port, stopped by `stop()`
   */
  readonly dynamodbEndpoint?: string;
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
  /** Extra environment for the handlers (e.g. idempotency settings). @default {} */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  /** Receives each line the handlers log. @default written to stdout as `[instance n] line` */
  readonly onLog?: (instance: number, line: string) => void;
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

/** What the runner reports about one answered request. */
export interface RequestLogEntry {
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly durationMs: number;
  /** The instance that ran it; absent when no function ran (404, 405, 413). */
  readonly instance?: number;
  readonly outcome: InvocationOutcome['kind'] | 'rejected';
}

/** A running local API. */
export interface LocalApi {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** The DynamoDB endpoint the handlers use. */
  readonly dynamodbEndpoint: string;
  /** Physical table names by logical id. */
  readonly tableNames: Readonly<Record<TableId, string>>;
  readonly instances: number;
  /** Resolves once every instance is up, e.g. after one that timed out or died was replaced. */
  whenAllInstancesReady(): Promise<void>;
  /** Stops the HTTP server, the instances and, if this runner started it, the engine. */
  stop(): Promise<void>;
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** API Gateway's payload limit for HTTP APIs. */
const apiGatewayMaxBody = 10 * 1024 * 1024;
const faultHeader = 'x-local-fault';
const faultTokenHeader = 'x-local-fault-token';
const localRegion = 'us-east-1';

/**
 * Serves the payments HTTP API locally as API Gateway and Lambda would: each request becomes a
 * payload 2.0 event with an IAM caller taken from `X-Caller-Id`, runs on one of `instances`
 * simulated Lambda instances (worker threads with separate module state, sharing only
 * DynamoDB), and the handler's result becomes the HTTP response. Creates the tables first.
 *
 * @throws Error when a handler module is missing or fails to load, the tables cannot be created,
 *   or the port is taken.
 */
export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const routes = options.routes ?? allRoutes;
  const maxBodyBytes = options.maxBodyBytes ?? apiGatewayMaxBody;
  const instances = options.instances ?? 4;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > apiGatewayMaxBody) {
    throw new RangeError(`maxBodyBytes must be an integer from 1 to ${apiGatewayMaxBody}`);
  }
  if (options.timeoutSeconds !== undefined && !(options.timeoutSeconds > 0 && options.timeoutSeconds <= 900)) {
    throw new RangeError('timeoutSeconds must be more than 0 and at most 900');
  }
  if (options.faultToken === '') throw new RangeError('faultToken must not be empty');

  const handlers = new Map<string, string>();
  for (const route of routes) {
    const file = path.join(repositoryRoot, route.entry);
    if (!existsSync(file)) throw new Error(`the handler of ${route.method} ${route.path} does not exist: ${route.entry}`);
    handlers.set(route.id, file);
  }

  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (dynamodbEndpoint === undefined) {
      // Imported lazily so a runner pointed at another endpoint never loads the engine.
      const { startDynamoDB } = await import('../dynamodb/server.js');
      const engine = await startDynamoDB({ port: 0 });
      cleanups.push(() => engine.stop());
      dynamodbEndpoint = engine.endpoint;
    }
    const ownEngine = options.dynamodbEndpoint === undefined;
    const credentials = ownEngine ? undefined : credentialsFromEnvironment();

    const prefix = options.tableNamePrefix ?? '';
    const tableNames = Object.fromEntries(allTables.map((t) => [t.id, `${prefix}${t.localName}`])) as Record<TableId, string>;
    const client = new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: process.env.AWS_REGION ?? localRegion,
      ...(credentials === undefined ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    cleanups.push(() => {
      client.destroy();
      return Promise.resolve();
    });
    if (options.deleteTablesOnStop === true) {
      cleanups.push(async () => {
        for (const name of Object.values(tableNames)) {
          await client.send(new DeleteTableCommand({ TableName: name })).catch((error: unknown) => {
            if (!(error instanceof ResourceNotFoundException)) throw error;
          });
        }
      });
    }
    await createTables(client, allTables, (definition) => tableNames[definition.id]);

    const environment: Record<string, string> = {
      AWS_REGION: process.env.AWS_REGION ?? localRegion,
      AWS_DEFAULT_REGION: process.env.AWS_REGION ?? localRegion,
      ...(credentials ?? { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' }),
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      LEDGER_CURSOR_KEY: options.ledgerCursorKey ?? randomBytes(32).toString('base64url'),
      NODE_OPTIONS: '--enable-source-maps',
      // The instances stand in for Lambda's Node.js 22 runtime: the SDK's warning about the
      // Node.js version running this laptop process is printed once, by the runner itself.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.functionEnvironment,
    };
    for (const table of allTables) environment[table.envVar] = tableNames[table.id];

    const onLog = options.onLog ?? ((instance: number, line: string) => void process.stdout.write(`[instance ${instance}] ${line}\n`));
    const pool = await InstancePool.start({ instances, handlers, environment, onLog });
    cleanups.push(() => pool.stop());

    const server = createServer((request, response) => {
      void serve(request, response);
    });
    const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      const started = performance.now();
      const requestId = randomBytes(12).toString('base64');
      const method = request.method ?? 'GET';
      const target = request.url ?? '/';
      const log = (status: number, outcome: RequestLogEntry['outcome'], instance?: number): void => {
        options.onRequest?.({
          method,
          target,
          status,
          durationMs: performance.now() - started,
          outcome,
          ...(instance === undefined ? {} : { instance }),
        });
      };
      try {
        const body = await readBody(request, maxBodyBytes);
        if (body === undefined) {
          const problem = problemOf(413, 'payload_too_large', 'Payload too large', `The request body is larger than ${maxBodyBytes} bytes.`);
          write(response, problem, requestId);
          log(413, 'rejected');
          return;
        }
        const queryAt = target.indexOf('?');
        const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
        const match = matchRoute(routes, method, rawPath);
        if (match.kind === 'not-found') {
          write(response, problemOf(404, 'route_not_found', 'Route not found', `No route matches ${method} ${rawPath}.`), requestId);
          log(404, 'rejected');
          return;
        }
        if (match.kind === 'method-not-allowed') {
          const allow = [...new Set(match.allowed)].join(', ');
          const problem = problemOf(405, 'method_not_allowed', 'Method not allowed', `${rawPath} accepts ${allow}.`, { allow });
          write(response, problem, requestId);
          log(405, 'rejected');
          return;
        }

        const { rawHeaders, crashAfterClaim } = takeFaultHeaders(request.rawHeaders, options.faultToken);
        const timeoutSeconds = options.timeoutSeconds ?? match.route.timeoutSeconds;
        const event = apiGatewayEvent(
          { method, target, rawHeaders, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', httpVersion: request.httpVersion },
          { route: match.route, pathParameters: match.pathParameters, requestId, timeEpoch: Date.now() },
        );
        const outcome = await pool.invoke({
          routeId: match.route.id,
          functionName: `local-${match.route.id}`,
          memoryMb: match.route.memoryMb,
          timeoutMs: Math.round(timeoutSeconds * 1000),
          event,
          crashAfterClaim,
        });
        const answer = answerOf(outcome, onLog);
        write(response, answer, requestId, outcome.instance);
        log(answer.status, outcome.kind, outcome.instance);
      } catch (error) {
        onLog(0, `runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!response.headersSent) write(response, problemOf(500, 'internal_error', 'Internal error'), requestId);
        else response.destroy();
        log(500, 'rejected');
      }
    };

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanups.push(() => closeServer(server));
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

    return {
      url: `http://${host}:${address.port}`,
      port: address.port,
      dynamodbEndpoint,
      tableNames,
      instances: pool.size,
      whenAllInstancesReady: () => pool.whenAllReady(),
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The caller's own AWS credentials, for a runner pointed at a real account; undefined if none. */
function credentialsFromEnvironment(): Record<string, string> | undefined {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (AWS_ACCESS_KEY_ID === undefined || AWS_SECRET_ACCESS_KEY === undefined) return undefined;
  return {
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN === undefined ? {} : { AWS_SESSION_TOKEN }),
  };
}

/**
 * The request body, or undefined when it is larger than `maxBytes`. An oversized body is still
 * read to its end (and dropped) so the client sees the 413 instead of a reset connection.
 */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  let tooLarge = Number.isFinite(declared) && declared > maxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
    // Past API Gateway's own limit many times over, stop listening altogether.
    if (size > 4 * apiGatewayMaxBody) {
      request.destroy();
      break;
    }
  }
  return tooLarge ? undefined : Buffer.concat(chunks, size);
}

/** Removes the fault headers; arms the crash only when fault injection is on and the token matches. */
function takeFaultHeaders(
  rawHeaders: readonly string[],
  token: string | undefined,
): { rawHeaders: string[]; crashAfterClaim: boolean } {
  const kept: string[] = [];
  let fault: string | undefined;
  let presented: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === faultHeader) fault = value.trim();
    else if (name === faultTokenHeader) presented = value.trim();
    else kept.push(rawHeaders[i] ?? '', value);
  }
  const crashAfterClaim = token !== undefined && presented === token && fault === 'crash-after-claim';
  return { rawHeaders: kept, crashAfterClaim };
}

/** How API Gateway answers each way an invocation can end. */
function answerOf(outcome: InvocationOutcome, onLog: (instance: number, line: string) => void): LocalHttpResponse {
  switch (outcome.kind) {
    case 'returned': {
      const response = httpResponseOf(outcome.value);
      if (response !== undefined) return response;
      onLog(outcome.instance, 'the handler returned a malformed response; answering 500 as API Gateway does');
      return problemOf(500, 'internal_error', 'Internal error');
    }
    case 'threw':
      onLog(outcome.instance, `invocation failed: ${outcome.error.stack ?? `${outcome.error.name}: ${outcome.error.message}`}`);
      return problemOf(500, 'internal_error', 'Internal error');
    case 'crashed':
      onLog(outcome.instance, `instance died mid-invocation (exit code ${outcome.exitCode}); a fresh one replaces it`);
      return problemOf(500, 'internal_error', 'Internal error');
    case 'timed-out':
      onLog(outcome.instance, 'invocation timed out; the instance was stopped and a fresh one replaces it');
      return problemOf(503, 'service_unavailable', 'Service unavailable', 'The function did not answer in time.');
  }
}

function problemOf(status: number, code: string, title: string, detail?: string, headers?: Record<string, string>): LocalHttpResponse {
  const result = problemResponse({ status, code, title, ...(detail === undefined ? {} : { detail }), ...(headers === undefined ? {} : { headers }) });
  const response = httpResponseOf(result);
  if (response === undefined) throw new Error('problemResponse built a malformed response');
  return response;
}

function write(response: ServerResponse, answer: LocalHttpResponse, requestId: string, instance?: number): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of answer.headers) {
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else headers[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  headers['apigw-requestid'] = requestId;
  // Local only (API Gateway sends no such header): which simulated instance ran the request.
  if (instance !== undefined) headers['x-local-instance'] = String(instance);
  headers['content-length'] = String(answer.body.length);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
