import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalApi } from '../../../local/http/start-local-api.js';
import { callApi, jsonOf } from '../../support/local-api-client.js';

const root = mkdtempSync(path.join(tmpdir(), 'runner-db-path-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('startLocalApi({ dbPath })', () => {
  it('keeps accounts, balances and idempotency records across a restart', async () => {
    const dbPath = path.join(root, 'data');
    const caller = `db-path-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const options = { port: 0, instances: 1, dbPath, onLog: () => undefined };

    const first = await startLocalApi(options);
    let accountId: string;
    let opened: string;
    try {
      const created = await callApi(first.url, { method: 'POST', path: '/accounts', caller, key, body: { currency: 'EUR' } });
      expect(created.status).toBe(201);
      opened = created.text;
      accountId = String(jsonOf(created).accountId);
      const deposit = await callApi(first.url, { method: 'POST', path: `/accounts/${accountId}/deposits`, caller, key: randomUUID(), body: { amount: 4200, currency: 'EUR', reference: 'wire-4200' } });
      expect(deposit.status).toBe(201);
    } finally {
      await first.stop();
    }

    const second = await startLocalApi(options);
    try {
      const account = await callApi(second.url, { method: 'GET', path: `/accounts/${accountId}`, caller });
      expect(account.status).toBe(200);
      expect(jsonOf(account)).toMatchObject({ accountId, currency: 'EUR', balance: 4200 });
      // The idempotency record survived too: the same key replays the first answer.
      const replay = await callApi(second.url, { method: 'POST', path: '/accounts', caller, key, body: { currency: 'EUR' } });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(opened);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('starts empty without it', async () => {
    const api = await startLocalApi({ port: 0, instances: 1, onLog: () => undefined });
    try {
      const missing = await callApi(api.url, { method: 'GET', path: '/accounts/acct_00000000000000000000000000000000', caller: 'nobody' });
      expect(missing.status).toBe(404);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('refuses a dbPath together with another DynamoDB endpoint', async () => {
    await expect(startLocalApi({ port: 0, dbPath: root, dynamodbEndpoint: 'http://127.0.0.1:1' })).rejects.toThrow(/dbPath/);
  });
});
