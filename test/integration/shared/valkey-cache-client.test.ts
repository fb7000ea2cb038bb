import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedCacheUnavailableError } from '../../../lambda/shared/shared-cache.js';
import { isCacheUrl, ValkeyCacheClient } from '../../../lambda/shared/valkey-cache-client.js';
import { startCacheServer, type CacheServer } from '../../../local/cache/cache-server.js';
import { cacheServerInstalled, cacheSuiteName, refusingUrl, startSilentServer } from '../../support/cache-server.js';

describe('ValkeyCacheClient without a server', () => {
  it.each(['redis://h:6379', 'rediss://user:pw@h:6379/0', 'valkey://h', 'valkeys://h'])('accepts %s', (url) => {
    expect(isCacheUrl(url)).toBe(true);
    expect(() => new ValkeyCacheClient(url)).not.toThrow();
  });

  it.each(['http://h:6379', 'h:6379', ''])('refuses %j', (url) => {
    expect(() => new ValkeyCacheClient(url)).toThrow(TypeError);
  });

  it('opens no connection until its first operation', async () => {
    const silent = await startSilentServer();
    try {
      const client = new ValkeyCacheClient(silent.url);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await silent.connections()).toBe(0);
      void client.get('k').catch(() => undefined);
      await expect.poll(() => silent.connections()).toBe(1);
      await client.close();
    } finally {
      await silent.close();
    }
  });

  it('opens its connection on connect(), ahead of any operation, and fails it fast when refused', async () => {
    const silent = await startSilentServer();
    try {
      const client = new ValkeyCacheClient(silent.url);
      await client.connect();
      expect(await silent.connections()).toBe(1);
      await client.close();
    } finally {
      await silent.close();
    }
    const refused = new ValkeyCacheClient(await refusingUrl());
    await expect(refused.connect()).rejects.toBeInstanceOf(SharedCacheUnavailableError);
    await refused.close();
  });

  it('fails fast with SharedCacheUnavailableError when the connection is refused, every time', async () => {
    const client = new ValkeyCacheClient(await refusingUrl());
    await expect(client.get('k')).rejects.toBeInstanceOf(SharedCacheUnavailableError);
    await expect(client.setIfAbsent('k', 'v', 1_000)).rejects.toBeInstanceOf(SharedCacheUnavailableError);
    await client.close();
  });
});

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('ValkeyCacheClient'), () => {
  let server: CacheServer;
  let client: ValkeyCacheClient;

  beforeAll(async () => {
    server = await startCacheServer();
    client = new ValkeyCacheClient(server.url, { maxReconnectDelayMs: 100 });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('reads nothing, sets once (NX) with a TTL, and reads the value back', async () => {
    expect(await client.get('absent')).toBeUndefined();
    expect(await client.setIfAbsent('once', 'first', 60_000)).toBe(true);
    expect(await client.setIfAbsent('once', 'second', 60_000)).toBe(false);
    expect(await client.get('once')).toBe('first');
    expect(await client.setIfAbsent('short', 'v', 50)).toBe(true);
    await expect.poll(() => client.get('short'), { timeout: 5_000 }).toBeUndefined();
  });

  it('reconnects on its own after the server restarts', async () => {
    await client.setIfAbsent('before', 'v', 60_000);
    await server.restart();
    await expect.poll(() => client.get('before').catch((error: unknown) => (error instanceof Error ? error.name : 'failed')), { timeout: 10_000 }).toBeUndefined();
    expect(await client.setIfAbsent('after', 'v', 60_000)).toBe(true);
  });
});

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('ValkeyCacheClient in cluster mode (as ElastiCache Serverless needs)'), () => {
  let server: CacheServer;
  let client: ValkeyCacheClient;

  beforeAll(async () => {
    server = await startCacheServer(process.env, { cluster: true });
    client = new ValkeyCacheClient(server.url, { cluster: true, maxReconnectDelayMs: 100 });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('reads, sets once (NX) with a TTL, and reads back through the slot map', async () => {
    expect(await client.get('absent')).toBeUndefined();
    expect(await client.setIfAbsent('once', 'first', 60_000)).toBe(true);
    expect(await client.setIfAbsent('once', 'second', 60_000)).toBe(false);
    expect(await client.get('once')).toBe('first');
  });

  it('reconnects on its own after the server restarts', async () => {
    await server.restart();
    await expect
      .poll(() => client.setIfAbsent('after', 'v', 60_000).catch((error: unknown) => (error instanceof Error ? error.name : 'failed')), { timeout: 15_000 })
      .toBe(true);
    expect(await client.get('after')).toBe('v');
  });
});
