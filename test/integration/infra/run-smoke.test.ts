import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { crashStorySkipReason, runSmoke } from '../../../infra/run-smoke.js';
import { type LocalApi, startLocalApi } from '../../../local/http/start-local-api.js';
import { uniqueTableName } from '../../support/dynamodb.js';

// The smoke test against the local runner, where the steps are the same as against a stack:
// signed with made-up credentials (the runner ignores the signature; the caller comes from
// X-Caller-Id there), every story checked, the crash and key-expiry stories skipped with their reasons.
let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    deleteTablesOnStop: true,
    tableNamePrefix: `${uniqueTableName('smoke')}-`,
    onLog: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await api.stop();
});

describe('npm run smoke', () => {
  it('plays stories 1-4 with signed requests and checks each; skips 5 (fault injection), saying why', async () => {
    const printed: string[] = [];
    const report = await runSmoke({
      apiUrl: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
      print: (text) => printed.push(text),
    });
    expect(report.stories.map((s) => s.outcome), printed.join('\n')).toEqual(['passed', 'passed', 'passed', 'passed', 'skipped', 'skipped']);
    expect(report.stories[4]?.reason).toBe(crashStorySkipReason);
    expect(report.passed).toBe(true);
    expect(printed.join('\n')).toContain('4 passed, 0 failed, 2 skipped');
  }, 120_000);
});
