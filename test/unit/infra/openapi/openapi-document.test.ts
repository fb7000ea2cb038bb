import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { codesNoRouteAnswers, routeContracts, runnerCodes } from '../../../../infra/definitions/route-contract.js';
import { routes } from '../../../../infra/definitions/routes.js';
import { problemCodes, problemSample, type ProblemCode } from '../../../../infra/openapi/problem-catalog.js';
import { openApiPath, renderOpenApi } from '../../../../infra/openapi/render-openapi.js';

const root = path.resolve(import.meta.dirname, '../../../..');

/** Every problem `code` the sources can answer with: `code: '...'` in a Problem, or the runner's `problemOf(status, '...')`. */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path.join(root, relative), 'utf8');
        for (const match of text.matchAll(/\bcode: '([a-z][a-z0-9_]*)'|problemOf\(\s*\d{3},\s*'([a-z][a-z0-9_]*)'/g)) {
          const code = match[1] ?? match[2];
          if (code !== undefined) found.set(code, relative);
        }
      }
    }
  };
  walk('lambda');
  walk('local/http');
  return found;
}

describe('openapi.json', () => {
  it('is what `npm run openapi` generates from the code (run it and commit the file when this fails)', () => {
    expect(readFileSync(openApiPath, 'utf8') === renderOpenApi(), 'openapi.json is stale: run `npm run openapi`').toBe(true);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const document = JSON.parse(readFileSync(openApiPath, 'utf8')) as Parameters<typeof SwaggerParser.validate>[0];
    const api = await SwaggerParser.validate(document);
    expect(api).toHaveProperty('openapi', '3.1.0');
  });

  it('has one operation per route of the route table, with its operationId', () => {
    const document = JSON.parse(renderOpenApi()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const operations = Object.entries(document.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.operationId}`));
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${r.path} ${routeContracts[r.id]?.operationId ?? '(none)'}`).sort());
    expect(Object.keys(routeContracts).sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('catalogues every problem code the sources can answer with', () => {
    const missing = [...codesInSources()].filter(([code]) => !(problemCodes as string[]).includes(code));
    expect(missing.map(([code, file]) => `${code} (${file}): add it to infra/openapi/problem-catalog.ts`)).toEqual([]);
  });

  it('lists every catalogued code for some route, for the runner, or says why no route answers it', () => {
    const listed = new Set<ProblemCode>([...Object.values(routeContracts).flatMap((c) => c.problems), ...runnerCodes]);
    const unlisted = problemCodes.filter((code) => !listed.has(code) && codesNoRouteAnswers[code] === undefined);
    expect(unlisted.map((code) => `${code}: list it in infra/definitions/route-contract.ts`)).toEqual([]);
  });

  it.each(problemCodes)('has a sample of %s whose body names that code with its status', (code) => {
    const sample = problemSample(code);
    expect(sample.body).toMatchObject({ code, status: sample.status });
  });
});
