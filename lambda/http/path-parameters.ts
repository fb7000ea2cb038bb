import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as v from 'valibot';
import { fieldErrorsOf } from './json-body.js';
import { problemResponse, validationProblem } from './problem.js';

// Validated path parameters by event: the event itself stays exactly what API Gateway sent.
const validatedPaths = new WeakMap<APIGatewayProxyEventV2, unknown>();

/**
 * Middy middleware that validates `event.pathParameters` with a valibot schema; the handler
 * gets the result with `pathParametersOf(event, schema)`. An invalid path is answered at once with
 * 400 `validation_error` (field paths are the parameter names), before later middleware runs.
 */
export function pathParameters(
  schema: v.GenericSchema,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const pathParametersBefore = (
    request: Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2>,
  ): APIGatewayProxyResultV2 | undefined => {
    const result = v.safeParse(schema, request.event.pathParameters ?? {}, { abortEarly: false, abortPipeEarly: true });
    if (!result.success) return problemResponse(validationProblem(fieldErrorsOf(result.issues)));
    validatedPaths.set(request.event, result.output);
    return undefined;
  };
  return { before: pathParametersBefore };
}

/**
 * The path parameters `pathParameters(schema)` validated for this event, typed by the same schema.
 *
 * @throws Error when no `pathParameters` middleware validated this event (a wiring mistake).
 */
export function pathParametersOf<TSchema extends v.GenericSchema>(event: APIGatewayProxyEventV2, _schema: TSchema): v.InferOutput<TSchema> {
  if (!validatedPaths.has(event)) throw new Error('pathParametersOf: no pathParameters middleware validated this event');
  return validatedPaths.get(event);
}
