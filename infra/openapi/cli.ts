/**
 * `npm run openapi`: writes openapi.json (OpenAPI 3.1) at the repository root from the route
 * table and the schemas. `npm run openapi -- --check` writes nothing and exits 1 when the
 * committed file differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiPath, renderOpenApi } from './render-openapi.js';

const text = renderOpenApi();
if (process.argv.includes('--check')) {
  const committed = readFileSync(openApiPath, 'utf8');
  if (committed !== text) {
    console.error('openapi.json is stale: run `npm run openapi` and commit it.');
    process.exit(1);
  }
  console.log('openapi.json is up to date.');
} else {
  writeFileSync(openApiPath, text);
  console.log(`wrote ${openApiPath}`);
}
