import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodes, problemSample } from '../../../infra/openapi/problem-catalog.js';
import { useLocalApi } from '../../support/local-api.js';

// Debian's chromium (CI installs it: .ci/run). Without one the page test is reported skipped.
const browserPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p !== undefined && p !== '' && existsSync(p));
const installHint = 'no chromium found: install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)';

const operations = ['createAccount', 'getAccount', 'createDeposit', 'listLedger', 'createPayment', 'getPayment', 'createRefund'];


const api = useLocalApi('reference', { instances: 1 });

describe('the local runner\'s API reference', () => {
  it('serves the document for this runner: relative server, no SigV4, X-Caller-Id on every operation', async () => {
    const response = await fetch(`${api().url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { servers: { url: string }[]; security: unknown[]; paths: Record<string, Record<string, { operationId: string; parameters: { name?: string }[] }>> };
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.security).toEqual([]);
    const all = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(all.map((op) => op.operationId).sort()).toEqual([...operations].sort());
    for (const op of all) expect(op.parameters.map((p) => p.name)).toContain('X-Caller-Id');
  });

  it.each([
    ['/docs', 'text/html'],
    ['/docs/swagger-ui.css', 'text/css'],
    ['/docs/swagger-ui-bundle.js', 'text/javascript'],
    ['/docs/start.js', 'text/javascript'],
  ])('serves %s itself (%s)', async (path, type) => {
    const response = await fetch(`${api().url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it.each(problemCodes)('serves the page the type of %s points to, with its anchor', async (code) => {
    const type = problemSample(code).body.type;
    expect(typeof type).toBe('string');
    const target = new URL(String(type), api().url);
    const response = await fetch(target);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain(`id="${target.hash.slice(1)}"`);
  });

  // Without chromium this block is reported as skipped, its name carrying the install command.
  describe.skipIf(browserPath === undefined)(browserPath === undefined ? `in a headless browser (SKIPPED: ${installHint})` : 'in a headless browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({ ...(browserPath === undefined ? {} : { executablePath: browserPath }), args: ['--no-sandbox'] });
    }, 60_000);

    afterAll(async () => {
      await browser.close();
    });

    it('loads without console errors, lists the seven operations, and its "Try it out" opens an account (201)', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(`${api().url}/`)) elsewhere.push(request.url());
      });
      page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));

      await page.goto(`${api().url}/docs`);
      await page.locator('.opblock').nth(operations.length - 1).waitFor();
      expect(await page.locator('.opblock').count()).toBe(operations.length);
      for (const operationId of operations) await expect(page.locator(`[id$="-${operationId}"]`).count()).resolves.toBe(1);

      const operation = page.locator('[id$="-createAccount"]');
      await operation.locator('.opblock-summary').click();
      const key = `reference-${randomUUID()}`;
      const caller = `reference-${randomUUID().slice(0, 8)}`;
      await operation.locator('tr[data-param-name="Idempotency-Key"] input').fill(key);
      await operation.locator('tr[data-param-name="X-Caller-Id"] input').fill(caller);
      const sent = page.waitForResponse((response) => response.url() === `${api().url}/accounts` && response.request().method() === 'POST');
      await operation.locator('button.execute').click();
      const response = await sent;
      expect(response.status()).toBe(201);
      const headers = response.request().headers();
      expect(headers['idempotency-key']).toBe(key);
      expect(headers['x-caller-id']).toBe(caller);
      await expect(operation.locator('.live-responses-table tbody .response-col_status').first().textContent()).resolves.toContain('201');

      // The account exists for that caller, as the page's request opened it.
      const body = (await response.json()) as { accountId: string };
      const read = await fetch(`${api().url}/accounts/${body.accountId}`, { headers: { 'x-caller-id': caller } });
      expect(read.status).toBe(200);
      expect(errors).toEqual([]);
      // Everything the page loaded came from the runner: no CDN.
      expect(elsewhere).toEqual([]);
    }, 60_000);
  });
});
