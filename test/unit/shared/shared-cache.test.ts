import { describe, expect, it } from 'vitest';
import { SharedCache, SharedCacheUnavailableError, type SharedCacheClient } from '../../../lambda/shared/shared-cache.js';

/** A client whose answers each test chooses. */
function client(answers: Partial<SharedCacheClient>): SharedCacheClient {
  return {
    get: answers.get ?? (() => Promise.resolve(undefined)),
    setIfAbsent: answers.setIfAbsent ?? (() => Promise.resolve(true)),
    ...(answers.connect === undefined ? {} : { connect: answers.connect }),
  };
}

function errorWithCode(code: string): Error {
  return Object.assign(new Error('socket'), { code });
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('SharedCache', () => {
  it('reports a value as a hit and none as a miss', async () => {
    expect(await new SharedCache(client({ get: () => Promise.resolve('v') })).read('k')).toEqual({ kind: 'hit', value: 'v' });
    expect(await new SharedCache(client({})).read('k')).toEqual({ kind: 'miss' });
  });

  it('reports a write as written, or present when the key held a value', async () => {
    expect(await new SharedCache(client({})).writeIfAbsent('k', 'v', 1_000)).toEqual({ kind: 'written' });
    expect(await new SharedCache(client({ setIfAbsent: () => Promise.resolve(false) })).writeIfAbsent('k', 'v', 1_000)).toEqual({ kind: 'present' });
  });

  it('passes the TTL in whole milliseconds, and writes nothing with less than 1 ms to keep', async () => {
    const ttls: number[] = [];
    const cache = new SharedCache(
      client({
        setIfAbsent: (_key, _value, ttl) => {
          ttls.push(ttl);
          return Promise.resolve(true);
        },
      }),
    );
    await cache.writeIfAbsent('k', 'v', 1_500.7);
    expect(await cache.writeIfAbsent('k', 'v', 0.5)).toEqual({ kind: 'present' });
    expect(await cache.writeIfAbsent('k', 'v', -10)).toEqual({ kind: 'present' });
    expect(ttls).toEqual([1_500]);
  });

  it('answers a timeout when the client does not settle within the budget', async () => {
    const cache = new SharedCache(client({ get: never, setIfAbsent: never }), 5);
    expect(await cache.read('k')).toEqual({ kind: 'fault', fault: 'timeout' });
    expect(await cache.writeIfAbsent('k', 'v', 1_000)).toEqual({ kind: 'fault', fault: 'timeout' });
  });

  it.each<[string, Error, string]>([
    ['SharedCacheUnavailableError', new SharedCacheUnavailableError('down'), 'unavailable'],
    ['ECONNREFUSED', errorWithCode('ECONNREFUSED'), 'unavailable'],
    ['ECONNRESET', errorWithCode('ECONNRESET'), 'unavailable'],
    ['a server error reply', new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), 'error'],
    ['an error with a numeric code', Object.assign(new Error('odd'), { code: 42 }), 'error'],
  ])('classifies %s as %s, never rejecting', async (_label, failure, fault) => {
    const rejecting = new SharedCache(client({ get: () => Promise.reject(failure) }));
    expect(await rejecting.read('k')).toEqual({ kind: 'fault', fault });
    const throwing = new SharedCache(
      client({
        get: () => {
          throw failure;
        },
      }),
    );
    expect(await throwing.read('k')).toEqual({ kind: 'fault', fault });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a budget of %s ms', (timeoutMs) => {
    expect(() => new SharedCache(client({}), timeoutMs)).toThrow(RangeError);
  });

  describe('connect', () => {
    it.each([
      ['a client that connects on its own', client({}), { kind: 'connected' }],
      ['a connection that opens', client({ connect: () => Promise.resolve() }), { kind: 'connected' }],
      ['a refused connection', client({ connect: () => Promise.reject(new SharedCacheUnavailableError('refused')) }), { kind: 'fault', fault: 'unavailable' }],
      ['a connection that never opens', client({ connect: never }), { kind: 'fault', fault: 'timeout' }],
    ] as const)('reports %s, never rejecting', async (_label, cacheClient, outcome) => {
      expect(await new SharedCache(cacheClient).connect(20)).toEqual(outcome);
    });

    it('waits for the connection up to its own budget, not the operations\' one', async () => {
      const opening = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 40));
      expect(await new SharedCache(client({ connect: opening }), 5).connect(1_000)).toEqual({ kind: 'connected' });
      expect(await new SharedCache(client({ connect: opening }), 1_000).connect(5)).toEqual({ kind: 'fault', fault: 'timeout' });
    });
  });
});
