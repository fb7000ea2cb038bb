import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../../lambda/payments/wiring/configuration-error.js';
import { ledgerCursorKey } from '../../../../lambda/payments/wiring/ledger-cursor-key.js';
import { paymentsConfiguration } from '../../../../lambda/payments/wiring/payments-configuration.js';
import { paymentsTablesEnvironment } from '../../../support/payments-environment.js';

const complete = paymentsTablesEnvironment;

describe('paymentsConfiguration', () => {
  it('reads the tables, and the optional endpoint and retention', () => {
    expect(paymentsConfiguration(complete)).toEqual({
      tables: { idempotency: 'idem', accounts: 'accounts', payments: 'payments', ledger: 'ledger', references: 'references' },
      dynamodbEndpoint: undefined,
      idempotencyRetentionSeconds: undefined,
      cacheUrl: undefined,
      cacheClusterMode: false,
      cacheTimeoutMs: undefined,
    });
    const local = paymentsConfiguration({ ...complete, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', IDEMPOTENCY_RETENTION_SECONDS: '3600' });
    expect(local.dynamodbEndpoint).toBe('http://127.0.0.1:8000');
    expect(local.idempotencyRetentionSeconds).toBe(3600);
    const cached = paymentsConfiguration({ ...complete, CACHE_URL: 'rediss://cache.example:6379', CACHE_TIMEOUT_MS: '25', CACHE_CLUSTER_MODE: 'true' });
    expect(cached).toMatchObject({ cacheUrl: 'rediss://cache.example:6379', cacheTimeoutMs: 25, cacheClusterMode: true });
  });

  it('fails loudly, naming the variable, on a missing or bad value', () => {
    expect(() => paymentsConfiguration({ ...complete, LEDGER_TABLE: undefined })).toThrow(/LEDGER_TABLE/);
    expect(() => paymentsConfiguration({ ...complete, ACCOUNTS_TABLE: 'a b' })).toThrow(ConfigurationError);
    expect(() => paymentsConfiguration({ ...complete, DYNAMODB_ENDPOINT: 'ftp://x' })).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => paymentsConfiguration({ ...complete, IDEMPOTENCY_RETENTION_SECONDS: '1.5' })).toThrow(/IDEMPOTENCY_RETENTION_SECONDS/);
    expect(() => paymentsConfiguration({ ...complete, IDEMPOTENCY_RETENTION_SECONDS: '0' })).toThrow(ConfigurationError);
    expect(() => paymentsConfiguration({ ...complete, CACHE_URL: 'http://cache.example' })).toThrow(/CACHE_URL/);
    expect(() => paymentsConfiguration({ ...complete, CACHE_URL: 'rediss://user:s3cret@' })).not.toThrow(/s3cret/);
    expect(() => paymentsConfiguration({ ...complete, CACHE_TIMEOUT_MS: '0' })).toThrow(/CACHE_TIMEOUT_MS/);
    expect(() => paymentsConfiguration({ ...complete, CACHE_TIMEOUT_MS: '1001' })).toThrow(/CACHE_TIMEOUT_MS/);
    expect(() => paymentsConfiguration({ ...complete, CACHE_CLUSTER_MODE: 'yes' })).toThrow(/CACHE_CLUSTER_MODE must be true or false/);
  });

  it('requires a cursor key of at least 32 characters, without quoting it', () => {
    expect(ledgerCursorKey({ LEDGER_CURSOR_KEY: 'x'.repeat(32) })).toBe('x'.repeat(32));
    expect(() => ledgerCursorKey({ LEDGER_CURSOR_KEY: 'secret-but-short' })).toThrow(/at least 32/);
    expect(() => ledgerCursorKey({ LEDGER_CURSOR_KEY: 'secret-but-short' })).not.toThrow(/secret-but-short/);
    expect(() => ledgerCursorKey({})).toThrow(ConfigurationError);
  });
});
