import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codesNoRouteAnswers, routeContracts } from '../../../../infra/definitions/route-contract.js';
import { problemCodes } from '../../../../infra/openapi/problem-catalog.js';

const prose = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/http-api.md'), 'utf8');

describe('docs/http-api.md', () => {
  it.each(problemCodes.filter((code) => codesNoRouteAnswers[code] === undefined))('names the problem code %s', (code) => {
    expect(prose).toMatch(new RegExp(`\\b${code}\\b`));
  });

  it.each(['Idempotency-Key', 'Idempotent-Replayed', 'Retry-After', 'Location', 'X-Caller-Id'])('describes the header %s', (header) => {
    expect(prose).toContain(`\`${header}`);
  });

  it.each(Object.values(routeContracts).map((c) => c.operationId))('names the operation %s of openapi.json', (operationId) => {
    expect(prose).toContain(operationId);
  });
});
