import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as v from 'valibot';
import { errorResponse } from './error-response.js';
import { fieldErrorsOf } from './json-body.js';
import { RequestValidationError } from './request-validation-error.js';

/** The event as the handler sees it once `pathParameters` validated the path. */
export type WithPathParameters<T> = APIGatewayProxyEventV2 & { validPathParameters: T };

/**
 * Middy middleware that validates `event.pathParameters` with a valibot schema and puts the
 * result on `event.validPathParameters`. An invalid path is answered at once with
 * 400 `validation_error` (field paths are the parameter names), before later middleware runs.
 */
export function pathParameters<TSchema extends v.GenericSchema>(
  schema: TSchema,
): MiddlewareObj<WithPathParameters<v.InferOutput<TSchema>>, APIGatewayProxyResultV2> {
  const pathParametersBefore = (
    request: Request<WithPathParameters<v.InferOutput<TSchema>>, APIGatewayProxyResultV2>,
  ): APIGatewayProxyResultV2 | undefined => {
    const result = v.safeParse(schema, request.event.pathParameters ?? {}, { abortEarly: false });
    if (!result.success) return errorResponse(new RequestValidationError(fieldErrorsOf(result.issues)));
    request.event.validPathParameters = result.output;
    return undefined;
  };
  return { before: pathParametersBefore };
}
