import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalHttpResponse } from './http-response-of.js';
import { problemTypesPath } from '../../lambda/http/problem.js';
import { problemTypesPage } from './problem-types-page.js';

/**
 * The API reference the local runner serves next to the API: `GET /openapi.json` (the committed
 * document, adjusted for the runner) and `GET /docs`, Swagger UI from node_modules (no CDN),
 * whose "Try it out" sends requests to this runner with `Idempotency-Key` and `X-Caller-Id`;
 * and the page every problem `type` points to, `GET /docs/problems` (docs/http-api.md's
 * "Problem types", read at each request so an edited doc shows without a restart).
 */

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Paths the reference answers; everything else goes to the routes. */
export const referencePaths = ['/openapi.json', '/docs', '/docs/', '/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/start.js', '/docs/favicon.png', problemTypesPath];

const assets: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/docs/swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  '/docs/swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  '/docs/favicon.png': { file: 'favicon-32x32.png', type: 'image/png' },
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Idempotent payments API (local)</title>
  <link rel="icon" type="image/png" href="/docs/favicon.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

// The local runner's X-Caller-Id says who calls; no validator badge (it would call out to the internet).
const start = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  validatorUrl: null,
  tryItOutEnabled: true,
  displayOperationId: true,
  deepLinking: true,
});
`;

/** Where swagger-ui-dist is installed (its package has no types to import it by). */
function swaggerUiFolder(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const cache = new Map<string, Buffer>();

function cached(key: string, load: () => Buffer): Buffer {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    cache.set(key, value);
  }
  return value;
}

/** The answer of a reference path for `method`, or undefined when the request is not for the reference. */
export function referenceAnswer(method: string, rawPath: string): LocalHttpResponse | undefined {
  if (!referencePaths.includes(rawPath) || (method !== 'GET' && method !== 'HEAD')) return undefined;
  if (rawPath === '/openapi.json') {
    const body = cached(rawPath, () => Buffer.from(JSON.stringify(localDocument(readCommittedDocument()), null, 2)));
    return ok('application/json', body);
  }
  if (rawPath === '/docs' || rawPath === '/docs/') return ok('text/html; charset=utf-8', Buffer.from(page));
  if (rawPath === problemTypesPath) {
    return ok('text/html; charset=utf-8', Buffer.from(problemTypesPage(readFileSync(path.join(repositoryRoot, 'docs/http-api.md'), 'utf8'))));
  }
  if (rawPath === '/docs/start.js') return ok('text/javascript; charset=utf-8', Buffer.from(start));
  const asset = assets[rawPath];
  if (asset === undefined) return undefined;
  return ok(asset.type, cached(rawPath, () => readFileSync(path.join(swaggerUiFolder(), asset.file))));
}

function ok(type: string, body: Buffer): LocalHttpResponse {
  return { status: 200, headers: [['content-type', type], ['cache-control', 'no-cache']], body };
}

function readCommittedDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repositoryRoot, 'openapi.json'), 'utf8')) as Record<string, unknown>;
}

const callerParameter = {
  name: 'X-Caller-Id',
  in: 'header',
  required: false,
  description: 'Local runner only: who calls (in AWS, the SigV4-signed IAM principal). Accounts belong to the caller that opened them.',
  schema: { type: 'string', default: 'local-dev' },
  example: 'local-dev',
};

/**
 * The committed document as the runner serves it: this runner as the one server (relative, so
 * it works on any port), no SigV4 (the runner takes none), and `X-Caller-Id` on every operation.
 */
export function localDocument(document: Record<string, unknown>): Record<string, unknown> {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const localPaths = Object.fromEntries(
    Object.entries(paths).map(([template, operations]) => [
      template,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => [
          method,
          { ...operation, parameters: [...((operation.parameters as unknown[] | undefined) ?? []), callerParameter] },
        ]),
      ),
    ]),
  );
  return {
    ...document,
    servers: [{ url: '/', description: 'This local runner (`npm start`).' }],
    security: [],
    paths: localPaths,
  };
}
