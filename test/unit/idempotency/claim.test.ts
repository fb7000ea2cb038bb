import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  findIdempotencyClaim,
  IdempotencyClaim,
  IdempotencyClaimMisuseError,
  IdempotencyClaimMissingError,
  idempotencyClaimOf,
} from '../../../lambda/idempotency/claim.js';
import { idempotencyDefaults } from '../../../lambda/idempotency/options.js';
import { IdempotencyResponseTooLargeError } from '../../../lambda/idempotency/record.js';
import { IdempotencyRecordStore } from '../../../lambda/idempotency/record-store.js';

// Building actions makes no call; the client is never used.
const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const store = new IdempotencyRecordStore(client, 'idem', idempotencyDefaults.attributes);
const now = 1_700_000_000_000;

function claim(leaseToken = '6f1b6a44-0000-4000-8000-000000000000', maxStoredResponseBytes = 10_000): IdempotencyClaim {
  return new IdempotencyClaim('a'.repeat(64), 'f'.repeat(64), leaseToken, now + 30_000, {
    store,
    clock: () => now,
    retentionSeconds: 3_600,
    limits: { compressThresholdBytes: 1_000, maxStoredResponseBytes },
  });
}

describe('IdempotencyClaim', () => {
  it('derives ClientRequestTokens of at most 36 characters DynamoDB accepts, stable per attempt', () => {
    const held = claim();
    const first = held.clientRequestToken(1);
    expect(first).toMatch(/^[a-zA-Z0-9-]{1,36}$/);
    expect(held.clientRequestToken(1)).toBe(first);
    expect(held.clientRequestToken(2)).not.toBe(first);
    expect(claim('6f1b6a44-0000-4000-8000-000000000001').clientRequestToken(1)).not.toBe(first);
  });

  it('refuses an attempt number that is not a positive integer', () => {
    expect(() => claim().clientRequestToken(0)).toThrow(RangeError);
    expect(() => claim().clientRequestToken(1.5)).toThrow(RangeError);
  });

  it('builds a completion Update conditioned on IN_PROGRESS and its own lease token', () => {
    const response = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"id":"p1"}' };
    const action = claim().completionAction(response);
    expect(action.Update?.TableName).toBe('idem');
    expect(action.Update?.Key).toEqual({ id: { S: 'a'.repeat(64) } });
    expect(action.Update?.ConditionExpression).toBe('#status = :inProgress AND #leaseToken = :mine');
    expect(action.Update?.UpdateExpression).toContain('REMOVE #leaseToken, #leaseExpiresAt');
    expect(action.Update?.ExpressionAttributeValues?.[':mine']).toEqual({ S: '6f1b6a44-0000-4000-8000-000000000000' });
    expect(action.Update?.ExpressionAttributeValues?.[':expiresAt']).toEqual({ N: String(now / 1000 + 3_600) });
    expect(JSON.parse(action.Update?.ExpressionAttributeValues?.[':response']?.S ?? '')).toEqual(response);
  });

  it('refuses to complete with a 5xx or an oversized response', () => {
    expect(() => claim().completionAction({ statusCode: 503, body: '' })).toThrow(IdempotencyClaimMisuseError);
    const incompressible = { statusCode: 200, body: randomBytes(5_000).toString('base64') };
    expect(() => claim('t', 100).completionAction(incompressible)).toThrow(IdempotencyResponseTooLargeError);
  });

  it('accepts markCompleted only for a response it built a completion for', () => {
    const held = claim();
    const first = { statusCode: 402, body: '{"code":"insufficient_funds"}' };
    const second = { statusCode: 201, body: '{"balanceAfter":5}' };
    expect(held.completionAction(first).Update).toBeDefined();
    expect(held.completionAction(second).Update).toBeDefined();
    expect(() => {
      held.markCompleted({ statusCode: 201, body: '{"balanceAfter":6}' });
    }).toThrow(IdempotencyClaimMisuseError);
    expect(held.committed).toBeUndefined();
    held.markCompleted(second);
    expect(held.committed?.response).toEqual(second);
  });
});

describe('idempotencyClaimOf', () => {
  it('throws when the middleware holds no claim for the context', () => {
    const context = {} as Context;
    expect(() => idempotencyClaimOf(context)).toThrow(IdempotencyClaimMissingError);
    expect(findIdempotencyClaim(context)).toBeUndefined();
  });
});
