import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../lambda/http/caller.js';
import { errorResponse } from '../../../lambda/http/error-response.js';
import { RequestValidationError } from '../../../lambda/http/request-validation-error.js';
import { ServiceUnavailableError } from '../../../lambda/http/service-unavailable-error.js';

describe('errorResponse', () => {
  it('maps typed 4xx errors to their problem, with field errors', () => {
    const response = errorResponse(new RequestValidationError([{ path: 'amount', message: 'too big' }]));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'validation_error', errors: [{ path: 'amount', message: 'too big' }] });
    expect(errorResponse(new UnauthenticatedError()).statusCode).toBe(401);
  });

  it('answers 503 with Retry-After when out of time', () => {
    const response = errorResponse(new ServiceUnavailableError(2));
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'service_unavailable' });
  });

  it('says nothing internal for anything else', () => {
    const secret = 'arn:aws:dynamodb:us-east-1:123:table/accounts ValidationException';
    for (const thrown of [new Error(secret), Object.assign(new Error(secret), { status: 500, code: 'x' }), secret, undefined]) {
      const response = errorResponse(thrown);
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain('arn:');
      expect(JSON.parse(response.body ?? '')).toMatchObject({ code: 'internal_error' });
    }
  });
});
