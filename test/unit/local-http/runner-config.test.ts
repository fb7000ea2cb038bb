import { describe, expect, it } from 'vitest';
import { RunnerConfigurationError, runnerConfig } from '../../../local/http/runner-config.js';

describe('runnerConfig', () => {
  it.each([
    ['nothing', {}, [], undefined],
    ['DB_PATH', { DB_PATH: '/tmp/a' }, [], '/tmp/a'],
    ['--db-path DIR', {}, ['--db-path', '/tmp/b'], '/tmp/b'],
    ['--db-path=DIR', {}, ['--db-path=/tmp/c'], '/tmp/c'],
    ['--db-path over DB_PATH', { DB_PATH: '/tmp/a' }, ['--quiet', '--db-path', '/tmp/b'], '/tmp/b'],
  ])('reads the data directory from %s', (_what, env, argv, dbPath) => {
    expect(runnerConfig(env, argv).dbPath).toBe(dbPath);
  });

  it.each([
    ['nothing', [], {}],
    ['one --allow-host', ['--allow-host', 'a.internal'], { allowedHosts: ['a.internal'] }],
    ['repeated --allow-host', ['--allow-host', 'a.internal', '--allow-host=b.internal'], { allowedHosts: ['a.internal', 'b.internal'] }],
    ['--allow-non-loopback', ['--allow-non-loopback'], { allowNonLoopback: true }],
  ])('reads the host settings from %s', (_what, argv, expected) => {
    const { allowedHosts, allowNonLoopback } = runnerConfig({}, argv);
    expect({ ...(allowedHosts === undefined ? {} : { allowedHosts }), ...(allowNonLoopback === undefined ? {} : { allowNonLoopback }) }).toEqual(expected);
  });

  it.each([
    ['nothing', {}, undefined],
    ['LOG_FORMAT=json', { LOG_FORMAT: 'json' }, 'json'],
    ['LOG_FORMAT=pretty', { LOG_FORMAT: 'pretty' }, 'pretty'],
  ])('reads the log format from %s', (_what, env, logFormat) => {
    expect(runnerConfig(env, []).logFormat).toBe(logFormat);
  });

  it.each([
    ['nothing', {}, [], {}],
    ['CACHE_URL', { CACHE_URL: 'rediss://cache.example:6379' }, [], { cache: 'rediss://cache.example:6379' }],
    ['--cache', {}, ['--cache'], { cache: 'start' }],
    ['--cache and CACHE_TIMEOUT_MS', { CACHE_TIMEOUT_MS: '50' }, ['--cache'], { cache: 'start', cacheTimeoutMs: 50 }],
  ])('reads the shared cache from %s', (_what, env, argv, expected) => {
    const { cache, cacheTimeoutMs } = runnerConfig(env, argv);
    expect({ ...(cache === undefined ? {} : { cache }), ...(cacheTimeoutMs === undefined ? {} : { cacheTimeoutMs }) }).toEqual(expected);
  });

  it.each([
    ['an unknown flag', {}, ['--db-pth', 'x'], /not understood/],
    ['an empty --db-path', {}, ['--db-path='], /needs a directory/],
    ['DB_PATH with DYNAMODB_ENDPOINT', { DB_PATH: '/tmp/a', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }, [], /DYNAMODB_ENDPOINT/],
    ['an unknown LOG_FORMAT', { LOG_FORMAT: 'yaml' }, [], /LOG_FORMAT must be pretty or json/],
    ['a CACHE_URL that is not redis', { CACHE_URL: 'http://127.0.0.1:6379' }, [], /CACHE_URL must be a redis/],
    ['CACHE_URL with --cache', { CACHE_URL: 'redis://127.0.0.1:6379' }, ['--cache'], /--cache starts a cache server of its own/],
    ['a CACHE_TIMEOUT_MS over a second', { CACHE_TIMEOUT_MS: '5000' }, [], /CACHE_TIMEOUT_MS/],
  ])('refuses %s', (_what, env, argv, message) => {
    expect(() => runnerConfig(env, argv)).toThrow(RunnerConfigurationError);
    expect(() => runnerConfig(env, argv)).toThrow(message);
  });
});
