import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from './build-openapi.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the committed document lives. */
export const openApiPath = path.join(repositoryRoot, 'openapi.json');

/** The document as `npm run openapi` writes it: two-space JSON and a final newline. */
export function renderOpenApi(): string {
  const { version } = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify(buildOpenApi({ version }), null, 2)}\n`;
}
