import type { Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBody, jsonBodyOf } from '../../../lambda/http/json-body.js';
import { createPaymentBody } from '../../../lambda/payments/domain/request-schemas.js';

function requestWith(body: string | undefined, isBase64Encoded = false): Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const event = { body, isBase64Encoded, headers: { 'content-type': 'application/json' } } as unknown as APIGatewayProxyEventV2;
  return { event, context: {} as Context, response: null, error: null, internal: {} };
}

const middleware = jsonBody(createPaymentBody, { maxBytes: 1_024 });
const before = middleware.before ?? ((): undefined => undefined);

function run(body: string | undefined, isBase64Encoded = false): { response: APIGatewayProxyStructuredResultV2 | undefined; request: Request } {
  const request = requestWith(body, isBase64Encoded);
  const response = before(request) as APIGatewayProxyStructuredResultV2 | undefined;
  return { response, request };
}

const valid = { orderId: 'order-1', accountId: 'acct_x', amount: 500, currency: 'USD' };

describe('jsonBody', () => {
  it('passes a valid body through, untouched, and exposes the validated value', () => {
    const raw = JSON.stringify(valid);
    const { response, request } = run(raw);
    expect(response).toBeUndefined();
    expect((request.event as APIGatewayProxyEventV2).body).toBe(raw);
    expect(jsonBodyOf(request.event as APIGatewayProxyEventV2, createPaymentBody)).toEqual(valid);
  });

  it('decodes base64 bodies', () => {
    const { response } = run(Buffer.from(JSON.stringify(valid)).toString('base64'), true);
    expect(response).toBeUndefined();
  });

  it('lists one error per bad field, with its path', () => {
    const { response } = run(JSON.stringify({ orderId: 'bad id', amount: 0.5, currency: 'usd', extra: true }));
    expect(response?.statusCode).toBe(400);
    const body = JSON.parse(response?.body ?? '') as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('validation_error');
    expect(body.errors.map((error) => error.path).sort()).toEqual(['accountId', 'amount', 'currency', 'extra', 'orderId']);
  });

  it('answers 413 past maxBytes, counting bytes rather than characters', () => {
    const { response } = run(JSON.stringify({ ...valid, orderId: 'é'.repeat(600) }));
    expect(response?.statusCode).toBe(413);
  });

  it('answers every arbitrary body with 400 or lets it through, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 })), (body) => {
        const { response } = run(body);
        if (response !== undefined) {
          expect([400, 413]).toContain(response.statusCode);
          expect(response.headers?.['content-type']).toBe('application/problem+json');
        }
      }),
    );
  });

  it('refuses an invalid maxBytes at construction', () => {
    expect(() => jsonBody(createPaymentBody, { maxBytes: 0 })).toThrow(RangeError);
  });
});

describe('jsonBody media types and strict JSON', () => {
  const strict = jsonBody(createPaymentBody, { maxBytes: 1_024, integersOnly: true });
  const strictBefore = strict.before ?? ((): undefined => undefined);
  const answer = (body: string | undefined, headers: Record<string, string>): APIGatewayProxyStructuredResultV2 | undefined => {
    const event = { body, isBase64Encoded: false, headers } as unknown as APIGatewayProxyEventV2;
    return strictBefore({ event, context: {} as Context, response: null, error: null, internal: {} }) as APIGatewayProxyStructuredResultV2 | undefined;
  };

  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
  ])('answers a body with %s with 415 unsupported_media_type', (_label, headers) => {
    const response = answer(JSON.stringify(valid), headers);
    expect(response?.statusCode).toBe(415);
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ code: 'unsupported_media_type', status: 415 });
  });

  it('lists a non-integer amount and the other bad fields together', () => {
    const response = answer('{"orderId":"bad id","accountId":"a","amount":5.0,"currency":"USD","currency":"USD"}', { 'content-type': 'application/json' });
    const body = JSON.parse(response?.body ?? '') as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path).sort()).toEqual(['amount', 'currency', 'orderId']);
  });
});
