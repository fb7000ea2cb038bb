import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalApi, startLocalApi } from '../../local/http/start-local-api.js';
import { testDynamoDBClient, uniqueTableName } from '../support/dynamodb.js';

// What the API accepts as one request, through the local runner: the idempotency key's grammar,
// the request equivalence rule and the media type. Every refusal is checked to change nothing.
let api: LocalApi;
const dynamodb = testDynamoDBClient();

beforeAll(async () => {
  api = await startLocalApi({
    port: 0,
    instances: 2,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    deleteTablesOnStop: true,
    tableNamePrefix: `${uniqueTableName('e2e-contract')}-`,
    onLog: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await api.stop();
  dynamodb.destroy();
});

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly json: Record<string, unknown>;
}

interface Sent {
  readonly caller: string;
  /** Header lines, sent as given: an array value becomes repeated lines. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
}

/** One request with node:http, so repeated header lines go out as separate lines. */
function send(method: string, path: string, sent: Sent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${api.url}${path}`, { method, headers: { 'x-caller-id': sent.caller, ...sent.headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON: the tests that care look at the status
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(sent.body);
  });
}

const json = { 'content-type': 'application/json' };

/** Every item of every table, so a refusal can be shown to have written nothing. */
async function allItems(): Promise<string> {
  const tables = await Promise.all(
    Object.values(api.tableNames).map(async (TableName) => {
      const scanned = await dynamodb.send(new ScanCommand({ TableName, ConsistentRead: true }));
      return JSON.stringify(scanned.Items ?? []);
    }),
  );
  return tables.join('\n');
}

describe('the Idempotency-Key header carries exactly one key', () => {
  it.each([
    ['two header lines with the same key', ['K1', 'K1'], 'more than one value'],
    ['a comma-joined repeat in one line', 'K1, K1', 'more than one value'],
    ['a structured-field string with parameters', '"K1";a=1', 'parameters are not accepted'],
    ['a key of 256 characters', 'k'.repeat(256), 'longer than 255 characters'],
    ['a header value past the read limit', 'k'.repeat(4_000), 'header value is longer than'],
  ])('refuses %s with 400 idempotency_key_invalid and writes nothing', async (_label, key, detail) => {
    const caller = `contract-${randomUUID()}`;
    const before = await allItems();
    const reply = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: '{"currency":"USD"}' });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe('idempotency_key_invalid');
    expect(String(reply.json.detail)).toContain(detail);
    expect(await allItems()).toBe(before);
  });

  it('accepts a key of exactly 255 characters, bare or quoted, as the same key', async () => {
    const caller = `contract-${randomUUID()}`;
    const key = `${randomUUID()}${'k'.repeat(255 - 36)}`;
    const first = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': key }, body: '{"currency":"USD"}' });
    const again = await send('POST', '/accounts', { caller, headers: { ...json, 'idempotency-key': `"${key}"` }, body: '{"currency":"USD"}' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.accountId).toBe(first.json.accountId);
  });
});
