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

/** What the shared cache brings to a bundle. */
export interface CacheBundleBytes {
  /** The client library (`clientPackage` and its dependencies). */
  readonly client: number;
  /** The project's own cache modules. */
  readonly modules: number;
}

/**
 * Bytes of a bundle that the shared cache brings, from esbuild's per-input output bytes. A
 * package the rest of the bundle also uses (e.g. `debug`) is counted as the cache's.
 */
export function cacheBundleBytes(root: string, bytesByInput: Readonly<Record<string, number>>, clientPackage: string): CacheBundleBytes {
  const packages = packageClosure(root, clientPackage);
  let client = 0;
  let modules = 0;
  for (const [input, size] of Object.entries(bytesByInput)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1] !== undefined && packages.has(match[1])) client += size;
    else if (cacheModules.test(input)) modules += size;
  }
  return { client, modules };
}
