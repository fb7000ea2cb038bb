import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as v from 'valibot';
import { jsonBodyOf } from '../../http/json-body.js';
import { pathParametersOf } from '../../http/path-parameters.js';
import type { MoneyMovement, MovementRequest } from '../movements/money-movement.js';

/** The movement's input as the path and body middlewares validated it. */
export function requestOf<TBody extends v.GenericSchema, TPath extends v.GenericSchema, Created>(
  movement: MoneyMovement<TBody, TPath, Created>,
  event: APIGatewayProxyEventV2,
): MovementRequest<TBody, TPath> {
  return { body: jsonBodyOf(event, movement.body), path: pathParametersOf(event, movement.path) };
}
