import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The project's own cache modules, as esbuild names its inputs. */
const cacheModules = /^lambda\/(shared\/(shared-cache|valkey-cache-client)\.ts|idempotency\/shared-record-entry\.ts|payments\/cache\/|payments\/handlers\/shared-cache-metrics\.ts)/;

/** `name` and every package it depends on, transitively, as installed under `root`. */
function packageClosure(root: string, name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  let manifest: { dependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    return seen;
  }
  for (const dependency of Object.keys(manifest.dependencies ?? {})) packageClosure(root, dependency, seen);
  return seen;
}

/**
 * Bytes of a bundle that the shared cache brings: the cache client library (`clientPackage` and
 * its dependencies) and the project's cache modules, from esbuild's per-input output bytes. A
 * package the rest of the bundle also uses (e.g. `debug`) is counted as the cache's.
 */
export function cacheBundleBytes(root: string, bytesByInput: Readonly<Record<string, number>>, clientPackage: string): number {
  const packages = packageClosure(root, clientPackage);
  let bytes = 0;
  for (const [input, size] of Object.entries(bytesByInput)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if ((match?.[1] !== undefined && packages.has(match[1])) || cacheModules.test(input)) bytes += size;
  }
  return bytes;
}
