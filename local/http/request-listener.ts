import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteDefinition } from '../../infra/definitions/routes.js';
import type { HostCheck } from '../host-allowlist.js';
import { apiGatewayEvent } from './api-gateway-event.js';
import { referenceAnswer } from './api-reference.js';
import { takeFaultHeaders } from './fault-headers.js';
import { localMetricsAnswer } from './local-metrics-endpoint.js';
import { answerOf, hostNotAllowed, internalError, problemOf, type RunnerLog } from './gateway-answers.js';
import type { LocalHttpResponse } from './http-response-of.js';
import type { InstancePool, InvocationOutcome } from './instance-pool.js';
import { matchRoute, type RouteMatch } from './match-route.js';
import type { MetricsSummary } from './metric-counters.js';
import { readRequestBody } from './read-request-body.js';
import { writeResponse } from './write-response.js';

/** What the runner reports about one answered request. */
export interface RequestLogEntry {
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly durationMs: number;
  /** The instance that ran it; absent when no function ran (403, 404, 405, 413). */
  readonly instance?: number;
  /** `reference`: the API reference (`/openapi.json`, `/docs`) answered it; `runner`: the runner's own `/_local/metrics`. */
  readonly outcome: InvocationOutcome['kind'] | 'rejected' | 'reference' | 'runner';
}

/** Everything the listener needs to answer requests. */
export interface RequestListenerSettings {
  readonly routes: readonly RouteDefinition[];
  readonly pool: InstancePool;
  /** Requests whose `Host` header this refuses get 403 host_not_allowed (DNS rebinding). */
  readonly isAllowedHost: HostCheck;
  readonly maxBodyBytes: number;
  /** Overrides every route's timeout, in seconds. */
  readonly timeoutSeconds: number | undefined;
  /** Arms `X-Local-Fault`; undefined: fault injection off. */
  readonly faultToken: string | undefined;
  readonly onLog: RunnerLog;
  readonly onRequest: ((entry: RequestLogEntry) => void) | undefined;
  /** What `GET /_local/metrics` answers: the functions' metrics counted so far. */
  readonly metrics: () => MetricsSummary;
}

/** One request as it goes through the runner. */
interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly method: string;
  readonly target: string;
  /** The path part of the target, without the query. */
  readonly rawPath: string;
  readonly requestId: string;
  /** `performance.now()` when the request arrived. */
  readonly started: number;
}

type FoundRoute = Extract<RouteMatch, { kind: 'found' }>;

/**
 * The HTTP server's request listener: reads the body, routes the request as API Gateway does,
 * runs it on an instance of the pool, and writes the answer. Each request gets one log entry.
 */
export function requestListener(settings: RequestListenerSettings): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void serve(settings, exchangeOf(request, response));
  };
}

function exchangeOf(request: IncomingMessage, response: ServerResponse): Exchange {
  const target = request.url ?? '/';
  const queryAt = target.indexOf('?');
  return {
    request,
    response,
    method: request.method ?? 'GET',
    target,
    rawPath: queryAt === -1 ? target : target.slice(0, queryAt),
    requestId: randomBytes(12).toString('base64'),
    started: performance.now(),
  };
}

async function serve(settings: RequestListenerSettings, exchange: Exchange): Promise<void> {
  try {
    if (!settings.isAllowedHost(exchange.request.headers.host)) {
      answer(settings, exchange, hostNotAllowed(), 'rejected');
      return;
    }
    const body = await readRequestBody(exchange.request, settings.maxBodyBytes);
    if (body === undefined) {
      const detail = `The request body is larger than ${settings.maxBodyBytes} bytes.`;
      answer(settings, exchange, problemOf(413, 'payload_too_large', 'Payload too large', detail), 'rejected');
      return;
    }
    const reference = referenceAnswer(exchange.method, exchange.rawPath);
    if (reference !== undefined) {
      answer(settings, exchange, reference, 'reference');
      return;
    }
    const runnerAnswer = localMetricsAnswer(exchange.method, exchange.rawPath, settings.metrics);
    if (runnerAnswer !== undefined) {
      answer(settings, exchange, runnerAnswer, 'runner');
      return;
    }
    const match = matchRoute(settings.routes, exchange.method, exchange.rawPath);
    if (match.kind !== 'found') {
      answer(settings, exchange, routingProblem(match, exchange), 'rejected');
      return;
    }
    const outcome = await dispatch(settings, exchange, match, body);
    answer(settings, exchange, answerOf(outcome, settings.onLog), outcome.kind, outcome.instance);
  } catch (error) {
    settings.onLog(0, `runner error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (exchange.response.headersSent) {
      exchange.response.destroy();
      report(settings, exchange, 500, 'rejected');
    } else {
      answer(settings, exchange, internalError(), 'rejected');
    }
  }
}

/** API Gateway's answer when no route takes the request: 404, or 405 with `Allow` for a known path. */
function routingProblem(match: Exclude<RouteMatch, FoundRoute>, exchange: Exchange): LocalHttpResponse {
  if (match.kind === 'not-found') {
    return problemOf(404, 'route_not_found', 'Route not found', `No route matches ${exchange.method} ${exchange.rawPath}.`);
  }
  const allow = [...new Set(match.allowed)].join(', ');
  return problemOf(405, 'method_not_allowed', 'Method not allowed', `${exchange.rawPath} accepts ${allow}.`, { allow });
}

/** Builds the route's event and runs it on a free instance, within the route's timeout. */
function dispatch(settings: RequestListenerSettings, exchange: Exchange, match: FoundRoute, body: Buffer): Promise<InvocationOutcome> {
  const { request, method, target, requestId } = exchange;
  const { rawHeaders, crashAfterClaim } = takeFaultHeaders(request.rawHeaders, settings.faultToken);
  const timeoutSeconds = settings.timeoutSeconds ?? match.route.timeoutSeconds;
  const event = apiGatewayEvent(
    { method, target, rawHeaders, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', httpVersion: request.httpVersion },
    { route: match.route, pathParameters: match.pathParameters, requestId, timeEpoch: Date.now() },
  );
  return settings.pool.invoke({
    routeId: match.route.id,
    functionName: `local-${match.route.id}`,
    memoryMb: match.route.memoryMb,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    event,
    crashAfterClaim,
  });
}

function answer(
  settings: RequestListenerSettings,
  exchange: Exchange,
  response: LocalHttpResponse,
  outcome: RequestLogEntry['outcome'],
  instance?: number,
): void {
  writeResponse(exchange.response, response, exchange.requestId, instance);
  report(settings, exchange, response.status, outcome, instance);
}

function report(settings: RequestListenerSettings, exchange: Exchange, status: number, outcome: RequestLogEntry['outcome'], instance?: number): void {
  settings.onRequest?.({
    method: exchange.method,
    target: exchange.target,
    status,
    durationMs: performance.now() - exchange.started,
    outcome,
    ...(instance === undefined ? {} : { instance }),
  });
}
