import { Redis } from 'iovalkey';
import { describe, expect, it } from 'vitest';
import { CacheServerUnavailableError, findCacheServerProgram, startCacheServer } from '../../../local/cache/cache-server.js';
import { cacheServerInstalled, cacheSuiteName } from '../../support/cache-server.js';

describe('startCacheServer without a server program', () => {
  it('finds nothing on an empty PATH and fails saying how to install one', async () => {
    expect(findCacheServerProgram({ PATH: '' })).toBeUndefined();
    const failure = startCacheServer({ PATH: '/nonexistent' });
    await expect(failure).rejects.toBeInstanceOf(CacheServerUnavailableError);
    await expect(failure).rejects.toThrow(/apt-get install redis-server/);
  });
});

describe.skipIf(!cacheServerInstalled)(cacheSuiteName('startCacheServer'), () => {
  it('serves on a loopback port, keeps nothing across a restart, and stops', async () => {
    const server = await startCacheServer();
    expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:[0-9]+$/);
    expect(server.program).toMatch(/(valkey|redis)-server$/);
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);

      await server.kill();
      await server.restart();
      await expect.poll(async () => client.get('k').catch(() => 'unreachable'), { timeout: 10_000 }).toBeNull();
    } finally {
      client.disconnect();
      await server.stop();
    }
    const after = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
    after.on('error', () => undefined);
    await expect(after.connect()).rejects.toThrow();
  });
});
