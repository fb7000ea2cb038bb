import type { CacheClient } from '@aws-lambda-powertools/idempotency/cache/types';
import { Redis } from 'iovalkey';

/** A Powertools cache client with the connection it must be closed with. */
export interface PowertoolsCacheConnection {
  readonly client: CacheClient;
  readonly close: () => void;
}

/**
 * Powertools' CachePersistenceLayer over an iovalkey connection (benchmark only). Powertools calls
 * the client the way `@redis/client` is called (`set(key, value, { EX, NX })`); iovalkey takes the
 * same SET as words, so this passes them through, and the benchmark needs no second Redis library.
 */
export function powertoolsCacheConnection(url: string): PowertoolsCacheConnection {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    client: {
      get: async (name) => redis.get(name),
      set: async (name, value, options) => {
        const words: (string | number)[] = [String(name), typeof value === 'string' ? value : JSON.stringify(value)];
        const { EX, NX } = (options ?? {}) as { readonly EX?: number; readonly NX?: boolean };
        if (EX !== undefined) words.push('EX', EX);
        if (NX === true) words.push('NX');
        const answer = await redis.call('SET', ...words);
        return typeof answer === 'string' ? answer : null;
      },
      del: async (keys) => redis.del(...keys),
    },
    close: () => {
      redis.disconnect();
    },
  };
}
