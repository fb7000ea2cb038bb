import { describe, expect, it } from 'vitest';
import { contractViolation } from '../../support/openapi-contract.js';

const accountId = 'acct_3f2a9c1d8e7b4a6f9c0d1e2f3a4b5c6d';
const created = { accountId, currency: 'USD', balance: 0, createdAt: '2026-01-15T10:30:00.000Z' };
const json = { 'content-type': 'application/json' };
const problemJson = { 'content-type': 'application/problem+json' };
const notFound = { type: 'urn:x', title: 'Account not found', status: 404, detail: 'No account.', code: 'account_not_found' };

function violation(method: string, path: string, status: number, headers: Record<string, string>, body: unknown): string | undefined {
  return contractViolation({ method, path }, { status, headers: new Headers(headers), text: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('the contract check of the suites\' HTTP client', () => {
  it.each([
    ['a created account with its Location', 'POST', '/accounts', 201, { ...json, location: `/accounts/${accountId}` }, created],
    ['a replayed one', 'POST', '/accounts', 201, { ...json, location: `/accounts/${accountId}`, 'idempotent-replayed': 'true' }, created],
    ['a 404 problem of a route', 'GET', `/accounts/${accountId}?x=1`, 404, problemJson, notFound],
    ['the runner\'s 404 for an unknown path', 'GET', '/nowhere', 404, problemJson, { ...notFound, code: 'route_not_found', title: 'Route not found' }],
    ['the runner\'s 405 with Allow', 'GET', '/payments', 405, { ...problemJson, allow: 'POST' }, { ...notFound, status: 405, code: 'method_not_allowed' }],
  ])('accepts %s', (_what, method, path, status, headers, body) => {
    expect(violation(method, path, status, headers, body)).toBeUndefined();
  });

  it.each([
    ['a status the operation does not list', 'POST', '/accounts', 418, json, {}, 'status 418'],
    ['a body missing a member', 'POST', '/accounts', 201, { ...json, location: '/accounts/x' }, { ...created, balance: undefined }, 'balance'],
    ['a body with an extra member', 'GET', `/accounts/${accountId}`, 404, problemJson, { ...notFound, secret: 1 }, 'additional'],
    ['a code the response does not list', 'GET', `/accounts/${accountId}`, 404, problemJson, { ...notFound, code: 'payment_not_found' }, 'allowed values'],
    ['a missing required Location', 'POST', '/accounts', 201, json, created, 'Location'],
    ['an undocumented Retry-After', 'POST', '/accounts', 201, { ...json, location: '/accounts/x', 'retry-after': '1' }, created, 'retry-after'],
    ['another media type', 'GET', `/accounts/${accountId}`, 404, json, notFound, 'media type'],
    ['a body that is not JSON', 'GET', `/accounts/${accountId}`, 404, problemJson, 'oops', 'not JSON'],
    ['405 without Allow', 'GET', '/payments', 405, problemJson, { ...notFound, status: 405, code: 'method_not_allowed' }, 'Allow'],
  ])('refuses %s', (_what, method, path, status, headers, body, reason) => {
    expect(violation(method, path, status, headers, body)).toContain(reason);
  });
});
