import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Context as TraceContext, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { addDynamoDBSpans } from './dynamodb-spans.js';
import type { InvocationTracing } from './invocation-tracing.js';
import { XRayDaemonExporter } from './xray-daemon-exporter.js';

/** What XRayTracing needs besides the client it instruments. */
export interface XRayTracingOptions {
  /** Where finished spans go (the X-Ray daemon in Lambda; an in-memory exporter in tests). */
  readonly exporter: SpanExporter;
  /** `service.name` of every span. */
  readonly serviceName: string;
  /** The current invocation's X-Ray trace header (`Root=…;Parent=…;Sampled=…`). @default process.env._X_AMZN_TRACE_ID */
  readonly traceHeader?: () => string | undefined;
}

const xrayHeader = 'x-amzn-trace-id';

/**
 * OpenTelemetry traces of one function instance: a tracer provider of its own (nothing global,
 * so tests and the local runner's instances never share one), a span per invocation whose
 * parent is the X-Ray segment Lambda opened (read from `_X_AMZN_TRACE_ID`, which Lambda sets
 * per invocation), and a span per DynamoDB call of `client` beneath it. The parent's sampling
 * decision holds: an unsampled invocation records nothing. The invocation's spans are held
 * until it ends, then flushed together, one serialization and one UDP datagram, before it
 * returns: none waits for a frozen sandbox.
 */
export class XRayTracing implements InvocationTracing {
  readonly #provider: TracerProvider;
  readonly #tracer: Tracer;
  readonly #traceHeader: () => string | undefined;
  readonly #propagator = new AWSXRayPropagator();
  // The invocation span's context, for the DynamoDB middleware: the SDK gives a middleware no
  // context of the caller's, and a global context manager would be shared by every instance.
  readonly #invocation = new AsyncLocalStorage<TraceContext>();
  #coldStart = true;

  constructor(client: DynamoDBClient, options: XRayTracingOptions) {
    this.#provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName, 'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda' }),
      sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
      spanProcessors: [new BatchSpanProcessor({ exporter: options.exporter })],
    });
    this.#tracer = this.#provider.getTracer('idempotent-payments');
    this.#traceHeader = options.traceHeader ?? (() => process.env._X_AMZN_TRACE_ID);
    addDynamoDBSpans(client, this.#tracer, () => this.#invocation.getStore());
  }

  async traceInvocation(
    event: APIGatewayProxyEventV2,
    context: Context,
    run: () => Promise<APIGatewayProxyStructuredResultV2>,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const header = this.#traceHeader();
    const parent = header === undefined ? ROOT_CONTEXT : this.#propagator.extract(ROOT_CONTEXT, { [xrayHeader]: header }, defaultTextMapGetter);
    const span = this.#tracer.startSpan(
      event.routeKey,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'faas.trigger': 'http',
          'faas.invocation_id': context.awsRequestId,
          'faas.coldstart': this.#coldStart,
          'http.route': event.routeKey,
          'aws.api_gateway.request_id': event.requestContext.requestId,
        },
      },
      parent,
    );
    this.#coldStart = false;
    try {
      const result = await this.#invocation.run(trace.setSpan(parent, span), run);
      const status = result.statusCode ?? 200;
      span.setAttribute('http.response.status_code', status);
      span.setStatus({ code: status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET });
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'thrown' });
      throw error;
    } finally {
      span.end();
      await this.#provider.forceFlush().catch(() => undefined);
    }
  }

  /** Flushes and stops the exporter (tests; Lambda never shuts an instance down politely). */
  shutdown(): Promise<void> {
    return this.#provider.shutdown();
  }
}

/** XRayTracing exporting to the X-Ray daemon at AWS_XRAY_DAEMON_ADDRESS, as a Lambda function with active tracing has. */
export function xrayTracing(client: DynamoDBClient, env: Readonly<Record<string, string | undefined>>): XRayTracing {
  return new XRayTracing(client, {
    exporter: new XRayDaemonExporter(env.AWS_XRAY_DAEMON_ADDRESS),
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? env.AWS_LAMBDA_FUNCTION_NAME ?? 'idempotent-payments',
  });
}
