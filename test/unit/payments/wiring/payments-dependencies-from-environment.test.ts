import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../../lambda/payments/wiring/configuration-error.js';
import { paymentsDependenciesFromEnvironment } from '../../../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import type { PaymentsDependencies } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import { SharedCache } from '../../../../lambda/shared/shared-cache.js';
import { paymentsTablesEnvironment } from '../../../support/payments-environment.js';

// Nothing listens there: these tests never reach DynamoDB.
const environment = { ...paymentsTablesEnvironment, DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' };

describe('paymentsDependenciesFromEnvironment', () => {
  const built: PaymentsDependencies[] = [];
  const build = (env: Record<string, string>): PaymentsDependencies => {
    const deps = paymentsDependenciesFromEnvironment(env);
    built.push(deps);
    return deps;
  };

  afterEach(() => {
    vi.unstubAllEnvs();
    for (const deps of built.splice(0)) deps.client.destroy();
  });

  it('gives the functions a shared cache only when CACHE_URL is set (its client connects on first use, not here)', () => {
    expect(build(environment).sharedCache).toBeUndefined();
    expect(build({ ...environment, CACHE_URL: 'redis://127.0.0.1:1' }).sharedCache).toBeInstanceOf(SharedCache);
  });

  it('refuses CACHE_URL at cold start in a function bundled without the cache, rather than run without it', () => {
    // What the stack's esbuild define makes of every check in a function deployed without the cache.
    vi.stubEnv('SHARED_CACHE_BUNDLE', 'excluded');
    expect(build(environment).sharedCache).toBeUndefined();
    const refused = (() => {
      try {
        return build({ ...environment, CACHE_URL: 'redis://127.0.0.1:1' });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect(refused).toMatchObject({ variable: 'CACHE_URL' });
    expect(String(refused)).toContain('-c cache=valkey');
  });
});
