import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * Traces of one function instance, as the routes see them: no OpenTelemetry type appears here,
 * so a route that is given none (tracing off) loads none of OpenTelemetry's code.
 */
export interface InvocationTracing {
  /**
   * Runs one invocation inside its span, a child of the X-Ray segment Lambda opened for it, so
   * the trace joins API Gateway's; every DynamoDB call made meanwhile gets a child span. Sends
   * the spans before returning. Tracing never changes the answer: its own failures are dropped.
   */
  traceInvocation(
    event: APIGatewayProxyEventV2,
    context: Context,
    run: () => Promise<APIGatewayProxyStructuredResultV2>,
  ): Promise<APIGatewayProxyStructuredResultV2>;
}
