import { describe, expect, it } from 'vitest';
import { callerOf } from '../../../lambda/http/caller.js';
import { errorResponse } from '../../../lambda/http/error-response.js';
import { Problem, serviceUnavailableProblem, validationProblem } from '../../../lambda/http/problem.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('errorResponse', () => {
  it('maps a Problem to its response, with field errors', () => {
    const response = errorResponse(validationProblem([{ path: 'amount', message: 'too big' }]));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'validation_error', errors: [{ path: 'amount', message: 'too big' }] });
    const unauthenticated = thrownBy(() => callerOf({ requestContext: {} } as unknown as APIGatewayProxyEventV2));
    expect(unauthenticated).toBeInstanceOf(Problem);
    expect(errorResponse(unauthenticated).statusCode).toBe(401);
  });

  it('answers 503 with Retry-After when out of time', () => {
    const response = errorResponse(serviceUnavailableProblem(2));
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'service_unavailable' });
  });

  it('says nothing internal for anything else, even an error shaped like a problem', () => {
    const secret = 'arn:aws:dynamodb:us-east-1:123:table/accounts ValidationException';
    const lookalike = Object.assign(new Error(secret), { status: 400, code: 'validation_error', title: 'Invalid request' });
    for (const thrown of [new Error(secret), Object.assign(new Error(secret), { status: 500, code: 'x' }), lookalike, secret, undefined]) {
      const response = errorResponse(thrown);
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('arn:');
      expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'internal_error' });
    }
  });
});
