import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The project's own cache modules, as esbuild names its inputs. */
const cacheModules = /^lambda\/(shared\/(shared-cache|valkey-cache-client)\.ts|idempotency\/shared-record-(entry|cache)\.ts|payments\/cache\/|payments\/handlers\/(shared-cache-metrics|movement-cache-layer)\.ts)/;

/** The dependencies `name` declares, as installed under `root`; undefined when it is not installed there. */
function installedDependencies(root: string, name: string): string[] | undefined {
  const manifestPath = path.join(root, 'node_modules', name, 'package.json');
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  let manifest: { dependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch (error) {
    throw new Error(`cannot read ${manifestPath}`, { cause: error });
  }
  return Object.keys(manifest.dependencies ?? {});
}

/**
 * `name` and every package it depends on, transitively, as installed under `root`. A dependency
 * missing there (an optional one left out, or one npm nested under its dependent) adds nothing.
 */
function packageClosure(root: string, name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dependency of installedDependencies(root, name) ?? []) packageClosure(root, dependency, seen);
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
 *
 * @throws when `clientPackage` is not installed under `root` (its bytes would silently read 0),
 * or when a package.json of its closure cannot be read.
 */
export function cacheBundleBytes(root: string, bytesByInput: Readonly<Record<string, number>>, clientPackage: string): CacheBundleBytes {
  if (installedDependencies(root, clientPackage) === undefined) {
    throw new Error(`${clientPackage} is not installed under ${root}: none of the bundle's bytes can be attributed to it`);
  }
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
