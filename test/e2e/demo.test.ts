import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { runDemo } from '../../local/demo/run-demo.js';
import { startLocalApi } from '../../local/http/start-local-api.js';
import { uniqueTableName } from '../support/dynamodb.js';
import { expectDescribedByContract } from '../support/openapi-contract.js';

describe('npm run demo', () => {
  it('plays all six stories against a self-hosted API and exits 0', async () => {
    // Exactly what CI runs; pointed at the suite's DynamoDB so no second engine starts.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/demo/cli.ts', '--self-host'], {
      env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(output).toContain('6 passed, 0 failed, 0 skipped');
    expect(exitCode, output).toBe(0);
    for (const story of ['1. ', '2. ', '3. ', '4. ', '5. ', '6. ']) expect(output).toContain(`\n${story}`);
    expect(output).toContain('idempotency_key_reused');
    expect(output).toContain('order_already_paid');
    expect(output).toContain('deposit_already_applied');
    // It ends with the stories as metrics, from the runner's /_local/metrics.
    expect(output).toContain('The stories as metrics');
    expect(output).toMatch(/POST \/payments\s+PaymentSucceeded\s+5\n/);
    expect(output).toMatch(/POST \/payments\s+IdempotencyKeyReused\s+1\n/);
  }, 120_000);

  it('gets only answers openapi.json describes, in all six stories', async () => {
    const faultToken = randomUUID();
    const api = await startLocalApi({
      port: 0,
      faultToken,
      timeoutSeconds: 3,
      functionEnvironment: { IDEMPOTENCY_RETENTION_SECONDS: '2' },
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      deleteTablesOnStop: true,
      tableNamePrefix: `${uniqueTableName('demo-contract')}-`,
      onLog: () => undefined,
    });
    const printed: string[] = [];
    let checked = 0;
    try {
      const report = await runDemo({
        url: api.url,
        faultToken,
        keyRetentionSeconds: 2,
        print: (text) => printed.push(text),
        // The contract tests' hook: a response the document does not describe fails its story.
        onResponse: (request, response) => {
          expectDescribedByContract(request, response);
          checked++;
        },
      });
      expect(report.stories.map((s) => s.outcome), printed.join('\n')).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
      expect(checked).toBeGreaterThan(40);
      // The stories read as metrics: five charges (stories 1 to 5), each replay and duplicate counted.
      const payments = api.metrics().routes['POST /payments'] ?? {};
      expect(payments).toMatchObject({ PaymentSucceeded: 5, OrderAlreadyPaid: 1, IdempotencyKeyReused: 1 });
      expect(payments.IdempotencyReplayed).toBeGreaterThanOrEqual(2);
      expect(payments.IdempotencyInProgress).toBeGreaterThanOrEqual(1);
    } finally {
      await api.stop();
    }
  }, 120_000);

  it('reports failure, without throwing, when the API does not behave', async () => {
    // An "API" that answers every request 201 {} fails every story's checks.
    const server = createServer((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const printed: string[] = [];
    try {
      const report = await runDemo({ url: `http://127.0.0.1:${port}`, print: (text) => printed.push(text) });
      expect(report.passed).toBe(false);
      expect(report.stories.map((s) => s.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'skipped', 'skipped']);
      expect(printed.join('\n')).toContain('FAILED');
    } finally {
      server.close();
    }
  });
});
