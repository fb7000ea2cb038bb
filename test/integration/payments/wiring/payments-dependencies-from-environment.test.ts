import { afterEach, describe, expect, it } from 'vitest';
import { tracedPaymentsDependenciesFromEnvironment } from '../../../../lambda/payments/wiring/payments-dependencies-from-environment.js';
import type { PaymentsDependencies } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import { refusingUrl, startSilentServer, type SilentServer } from '../../../support/cache-server.js';
import { paymentsTablesEnvironment } from '../../../support/payments-environment.js';

// Nothing listens there: these tests never reach DynamoDB.
const environment = { ...paymentsTablesEnvironment, DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' };

describe('tracedPaymentsDependenciesFromEnvironment with CACHE_URL', () => {
  const built: PaymentsDependencies[] = [];
  let silent: SilentServer | undefined;

  afterEach(async () => {
    for (const deps of built.splice(0)) deps.client.destroy();
    await silent?.close();
    silent = undefined;
  });

  it("opens the cache's connection at cold start, so the first request does not spend its budget connecting", async () => {
    // A server that accepts and never answers: the connection is open, nothing else happens.
    silent = await startSilentServer();
    const deps = await tracedPaymentsDependenciesFromEnvironment({ ...environment, CACHE_URL: silent.url });
    built.push(deps);
    expect(deps.sharedCache).toBeDefined();
    expect(await silent.connections()).toBe(1);
  });

  it('leaves the cache alone when the function says it does not use it, as the read routes\' entries do', async () => {
    silent = await startSilentServer();
    const deps = await tracedPaymentsDependenciesFromEnvironment({ ...environment, CACHE_URL: silent.url }, { sharedCache: false });
    built.push(deps);
    expect(deps.sharedCache).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await silent.connections()).toBe(0);
  });

  it('starts even when the cache cannot be reached: its operations then report the fault, as without a cold-start connect', async () => {
    const deps = await tracedPaymentsDependenciesFromEnvironment({ ...environment, CACHE_URL: await refusingUrl() });
    built.push(deps);
    expect(await deps.sharedCache?.read('k')).toEqual({ kind: 'fault', fault: 'unavailable' });
  });
});
