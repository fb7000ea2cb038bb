import { afterAll, beforeAll, inject } from 'vitest';
import { type LocalApi, type LocalApiOptions, startLocalApi } from '../../local/http/start-local-api.js';
import { uniqueTableName } from './dynamodb.js';

/**
 * Starts the local API once for the test file (or describe block) that calls it, on a free port,
 * against the suite's engine, with tables of its own (prefixed from `name`) that are deleted when
 * it stops after the last test. Handler output is dropped unless `options.onLog` takes it.
 * Returns the running API; call it inside tests and hooks, not at collection time.
 */
export function useLocalApi(name: string, options: LocalApiOptions = {}): () => LocalApi {
  let api: LocalApi | undefined;
  beforeAll(async () => {
    api = await startLocalApi({
      port: 0,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      deleteTablesOnStop: true,
      tableNamePrefix: `${uniqueTableName(name)}-`,
      onLog: () => undefined,
      ...options,
    });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });
  return () => {
    if (api === undefined) throw new Error('useLocalApi: the API is started in beforeAll; use it inside a test or hook');
    return api;
  };
}
