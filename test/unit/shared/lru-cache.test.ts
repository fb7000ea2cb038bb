import { describe, expect, it } from 'vitest';
import { LruCache } from '../../../lambda/shared/lru-cache.js';

describe('LruCache', () => {
  it('returns what was stored until it expires, and drops it then', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1, 1_000);
    expect(cache.get('a', 999)).toBe(1);
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1, 10);
    cache.set('b', 2, 10);
    expect(cache.get('a', 0)).toBe(1);
    cache.set('c', 3, 10);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
    expect(cache.get('c', 0)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('replaces an entry in place without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1, 10);
    cache.set('a', 2, 20);
    expect(cache.size).toBe(1);
    expect(cache.get('a', 15)).toBe(2);
  });

  it('keeps nothing at size 0, and refuses a size that is not a non-negative integer', () => {
    const disabled = new LruCache<string, number>(0);
    disabled.set('a', 1);
    expect(disabled.get('a')).toBeUndefined();
    expect(disabled.size).toBe(0);
    expect(() => new LruCache(-1)).toThrow(RangeError);
    expect(() => new LruCache(1.5)).toThrow(RangeError);
  });

  it('keeps entries without an expiry until they are evicted', () => {
    const cache = new LruCache<string, number>(1);
    cache.set('a', 1);
    expect(cache.get('a', Number.MAX_SAFE_INTEGER)).toBe(1);
    cache.set('b', 2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.peek('b')).toBe(2);
  });
});
