/**
 * How a function is bundled when the stack is deployed without the shared cache (no
 * `-c cache=valkey`): esbuild replaces `process.env.SHARED_CACHE_BUNDLE` with `'excluded'`, the
 * runtime's checks of it fold to constants, and the branches that reach the cache's modules
 * (movement-handler.ts, idempotency-observer.ts, payments-dependencies-from-environment.ts) are
 * dropped with those modules. Unbundled code (tests, `npm start`) never sees the value, so it
 * keeps the cache and uses it when given one.
 */
export const sharedCacheExcludedDefine: Readonly<Record<string, string>> = {
  'process.env.SHARED_CACHE_BUNDLE': JSON.stringify('excluded'),
};

/** The cache's client library: left out of a bundle without the cache (it is imported only when CACHE_URL is set). */
export const cacheClientModules: readonly string[] = ['iovalkey'];
