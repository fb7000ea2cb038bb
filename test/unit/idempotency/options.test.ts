import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { idempotency } from '../../../lambda/idempotency/idempotency.js';
import {
  idempotencyDefaults,
  IdempotencyConfigurationError,
  resolveIdempotencyOptions,
  type IdempotencyOptions,
} from '../../../lambda/idempotency/options.js';

const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

function expectRejected(options: IdempotencyOptions, option: string): void {
  let thrown: unknown;
  try {
    resolveIdempotencyOptions(options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(IdempotencyConfigurationError);
  expect((thrown as IdempotencyConfigurationError).option).toBe(option);
  expect((thrown as IdempotencyConfigurationError).code).toBe('idempotency_configuration_invalid');
}

describe('resolveIdempotencyOptions', () => {
  it('merges the defaults under the given options', () => {
    const resolved = resolveIdempotencyOptions({ tableName: 'idempotency', client, retentionSeconds: 60, attributes: { status: 'state' } });
    expect(resolved.retentionSeconds).toBe(60);
    expect(resolved.attributes).toEqual({ ...idempotencyDefaults.attributes, status: 'state' });
    expect(resolved.leaseCapMillis).toBe(900_000);
    expect(resolved.headerName).toBe('Idempotency-Key');
    expect(resolved.required).toBe(true);
    expect(resolved.cacheSize).toBe(0);
  });

  it('keeps the documented defaults', () => {
    expect(idempotencyDefaults.retentionSeconds).toBe(86_400);
    expect(idempotencyDefaults.sharedCache).toBeUndefined();
    expect(idempotencyDefaults.maxStoredResponseBytes).toBeLessThan(400_000);
  });

  it.each<[string, Partial<IdempotencyOptions>, string]>([
    ['a missing table name', { tableName: '' }, 'tableName'],
    ['a table name with a slash', { tableName: 'a/b' }, 'tableName'],
    ['a zero retention', { retentionSeconds: 0 }, 'retentionSeconds'],
    ['a fractional retention', { retentionSeconds: 1.5 }, 'retentionSeconds'],
    ['a lease cap beyond Lambda', { leaseCapMillis: 900_001 }, 'leaseCapMillis'],
    ['a negative cache size', { cacheSize: -1 }, 'cacheSize'],
    ['a header name with a space', { headerName: 'Idempotency Key' }, 'headerName'],
    ['a stored-response limit over the item size', { maxStoredResponseBytes: 400_000 }, 'maxStoredResponseBytes'],
    ['a compression threshold above the limit', { maxStoredResponseBytes: 1_000, compressThresholdBytes: 2_000 }, 'compressThresholdBytes'],
    ['an empty attribute name', { attributes: { status: '' } }, 'attributes.status'],
    ['two roles on one attribute', { attributes: { status: 'id' } }, 'attributes'],
  ])('refuses %s', (_label, override, option) => {
    expectRejected({ tableName: 'idempotency', client, ...override } as IdempotencyOptions, option);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a string for a boolean', { client, required: 'yes' }, 'required'],
    ['a number for the clock', { client, clock: 5 }, 'clock'],
    ['an unknown attribute role', { client, attributes: { colour: 'c' } }, 'attributes.colour'],
    ['an object that is no client', { client: {} }, 'client'],
    ['a shared cache without find and keep', { client, sharedCache: { read: () => undefined } }, 'sharedCache'],
    ['a string for the beforeClaim hook', { client, beforeClaim: 'marker' }, 'beforeClaim'],
    ['a number for the afterCompletion hook', { client, afterCompletion: 1 }, 'afterCompletion'],
  ])('refuses %s from an untyped caller', (_label, override, option) => {
    expectRejected({ tableName: 'idempotency', ...override }, option);
  });

  it('refuses a client together with a client configuration', () => {
    expectRejected({ tableName: 'idempotency', client, clientConfig: {} } as unknown as IdempotencyOptions, 'client');
  });

  it('validates once, when the middleware is built', () => {
    expect(() => idempotency({ tableName: 'idempotency', client, retentionSeconds: -5 })).toThrow(/retentionSeconds/);
  });
});
