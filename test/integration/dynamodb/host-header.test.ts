import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { startDynamoDB } from '../../../local/dynamodb/server.js';
import { useOwnEngine } from './support/own-engine.js';
import { requestWithHost } from '../../support/request-with-host.js';

// DNS rebinding: a request that reaches the engine on loopback but names another site in Host.
const table = 'host-header-items';
const engine = useOwnEngine(table, { ttlSweepIntervalMs: 0, allowedHosts: ['dynamodb.internal'] });

function putItem(host: string, id: string): ReturnType<typeof requestWithHost> {
  return requestWithHost(`${engine().server.endpoint}/`, host, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.PutItem',
      // Unchecked by the engine, but required to be present.
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ TableName: table, Item: { id: { S: id } } }),
  });
}

async function stored(id: string): Promise<boolean> {
  const { Item } = await engine().client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }));
  return Item !== undefined;
}

describe('the Host header', () => {
  it.each(['evil.example', 'evil.example:8000', '127.0.0.1.nip.io', 'localhost.evil.example'])(
    'refuses a PutItem naming Host %s with 400 AccessDeniedException, storing nothing',
    async (host) => {
      const reply = await putItem(host, `refused-${host}`);
      expect(reply.status).toBe(400);
      expect(reply.headers['x-amzn-requestid']).toEqual(expect.any(String));
      expect(JSON.parse(reply.body)).toEqual({
        __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException',
        message: expect.stringContaining('Host header') as unknown,
      });
      expect(await stored(`refused-${host}`)).toBe(false);
    },
  );

  it('refuses the health check too', async () => {
    const reply = await requestWithHost(`${engine().server.endpoint}/`, 'evil.example', { method: 'GET' });
    expect(reply.status).toBe(400);
  });

  it.each(['127.0.0.1:1234', 'localhost', '[::1]:8000', 'dynamodb.internal', 'DynamoDB.Internal:8000'])('answers a PutItem naming Host %s', async (host) => {
    const reply = await putItem(host, `accepted-${host}`);
    expect(reply.status).toBe(200);
    expect(await stored(`accepted-${host}`)).toBe(true);
  });

  it('serves the SDK, which names 127.0.0.1:port', async () => {
    await engine().client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'sdk' } } }));
    expect(await stored('sdk')).toBe(true);
  });
});

describe('the listening address', () => {
  it('refuses a non-loopback address unless allowNonLoopback is set', async () => {
    await expect(startDynamoDB({ port: 0, host: '0.0.0.0', ttlSweepIntervalMs: 0 })).rejects.toThrow(/allow-non-loopback/);
  });

  it('listens on one when asked, warning that no signatures are checked', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const open = await startDynamoDB({ port: 0, host: '0.0.0.0', ttlSweepIntervalMs: 0, allowNonLoopback: true });
      await open.stop();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('checks no signatures'));
    } finally {
      warn.mockRestore();
    }
  });
});
