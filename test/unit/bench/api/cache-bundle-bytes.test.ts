import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheBundleBytes } from '../../../../bench/api/cache-bundle-bytes.js';

/** Writes `node_modules/<name>/package.json` under `root` with these dependencies. */
function installPackage(root: string, name: string, manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {}): void {
  const directory = path.join(root, 'node_modules', name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
}

describe('cacheBundleBytes', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'cache-bundle-bytes-'));
    // valkey-client -> @valkey/commands, debug, not-installed; debug -> ms -> debug (a cycle).
    installPackage(root, 'valkey-client', {
      dependencies: { '@valkey/commands': '^1', debug: '^4', 'not-installed': '^1' },
      devDependencies: { 'test-runner': '^1' },
    });
    installPackage(root, '@valkey/commands');
    installPackage(root, 'debug', { dependencies: { ms: '^2' } });
    installPackage(root, 'ms', { dependencies: { debug: '^4' } });
    installPackage(root, 'test-runner');
    installPackage(root, 'debug-extra');
    installPackage(root, '@aws-sdk/client-dynamodb', { dependencies: { tslib: '^2' } });
    installPackage(root, 'tslib');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    { input: 'node_modules/valkey-client/built/index.js', client: 1, modules: 0 },
    { input: 'node_modules/@valkey/commands/built/commands.json', client: 1, modules: 0 },
    { input: 'node_modules/debug/src/node.js', client: 1, modules: 0 },
    { input: 'node_modules/ms/index.js', client: 1, modules: 0 },
    // A copy nested under the client belongs to it.
    { input: 'node_modules/valkey-client/node_modules/denque/index.js', client: 1, modules: 0 },
    // A devDependency is never bundled with the client, even when something else brings it.
    { input: 'node_modules/test-runner/index.js', client: 0, modules: 0 },
    { input: 'node_modules/debug-extra/index.js', client: 0, modules: 0 },
    { input: 'node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js', client: 0, modules: 0 },
    { input: 'node_modules/tslib/tslib.es6.mjs', client: 0, modules: 0 },
    // The SDK's own copy of a package the client also uses is the SDK's.
    { input: 'node_modules/@aws-sdk/client-dynamodb/node_modules/debug/src/node.js', client: 0, modules: 0 },
    { input: 'lambda/shared/shared-cache.ts', client: 0, modules: 1 },
    { input: 'lambda/shared/valkey-cache-client.ts', client: 0, modules: 1 },
    { input: 'lambda/idempotency/shared-record-entry.ts', client: 0, modules: 1 },
    { input: 'lambda/idempotency/shared-record-cache.ts', client: 0, modules: 1 },
    { input: 'lambda/payments/handlers/movement-cache-layer.ts', client: 0, modules: 1 },
    { input: 'lambda/payments/cache/order-markers.ts', client: 0, modules: 1 },
    { input: 'lambda/payments/handlers/shared-cache-metrics.ts', client: 0, modules: 1 },
    { input: 'lambda/shared/shared-cache-settings.ts', client: 0, modules: 0 },
    { input: 'lambda/payments/handlers/movement-handler.ts', client: 0, modules: 0 },
    { input: 'lambda/idempotency/record-store.ts', client: 0, modules: 0 },
    { input: 'bench/lambda/shared/shared-cache.ts', client: 0, modules: 0 },
  ])('attributes $input to the client ($client) or the cache modules ($modules)', ({ input, client, modules }) => {
    expect(cacheBundleBytes(root, { [input]: 1000 }, 'valkey-client')).toEqual({ client: client * 1000, modules: modules * 1000 });
  });

  it('adds up the bytes of every input of a bundle', () => {
    const bytesByInput = {
      'node_modules/valkey-client/built/index.js': 40_000,
      'node_modules/@valkey/commands/built/commands.json': 9_000,
      'node_modules/debug/src/node.js': 3_000,
      'node_modules/ms/index.js': 1_200,
      'node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js': 150_000,
      'node_modules/tslib/tslib.es6.mjs': 2_000,
      'lambda/shared/shared-cache.ts': 2_500,
      'lambda/payments/cache/order-markers.ts': 800,
      'lambda/payments/handlers/movement-handler.ts': 6_000,
    };
    expect(cacheBundleBytes(root, bytesByInput, 'valkey-client')).toEqual({ client: 53_200, modules: 3_300 });
  });

  it('counts only the closure of the package it is asked about', () => {
    const bytesByInput = { 'node_modules/valkey-client/built/index.js': 40_000, 'node_modules/debug/src/node.js': 3_000, 'node_modules/ms/index.js': 1_200 };
    expect(cacheBundleBytes(root, bytesByInput, 'debug')).toEqual({ client: 4_200, modules: 0 });
  });

  it('is zero for a bundle without the cache', () => {
    expect(cacheBundleBytes(root, { 'lambda/payments/handlers/movement-handler.ts': 6_000, 'node_modules/tslib/tslib.es6.mjs': 2_000 }, 'valkey-client')).toEqual({ client: 0, modules: 0 });
  });

  // A wrong root or package name would otherwise report a client of 0 bytes as a measurement.
  it('refuses a client package that is not installed under the root', () => {
    expect(() => cacheBundleBytes(root, { 'node_modules/valkey-client/built/index.js': 1000 }, 'valkey-clinet')).toThrow(
      `valkey-clinet is not installed under ${root}`,
    );
    expect(() => cacheBundleBytes(path.join(root, 'elsewhere'), { 'node_modules/valkey-client/built/index.js': 1000 }, 'valkey-client')).toThrow(
      'valkey-client is not installed under',
    );
  });

  it('refuses a package.json it cannot read, rather than leaving that package out', () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'cache-bundle-bytes-broken-'));
    try {
      installPackage(broken, 'valkey-client', { dependencies: { debug: '^4' } });
      mkdirSync(path.join(broken, 'node_modules', 'debug'), { recursive: true });
      writeFileSync(path.join(broken, 'node_modules', 'debug', 'package.json'), '{ "name": "debug", ');
      expect(() => cacheBundleBytes(broken, { 'node_modules/debug/src/node.js': 1000 }, 'valkey-client')).toThrow(/debug[/\\]package\.json/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
