import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../../lambda/payments/wiring/configuration-error.js';
import { cursorKeyMaxAgeMs, ledgerCursorKeySource } from '../../../../lambda/payments/wiring/ledger-cursor-key.js';

const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LedgerCursorKey-abc';
const keyA = 'a'.repeat(64);
const keyB = 'b'.repeat(64);

describe('ledgerCursorKeySource', () => {
  it('uses LEDGER_CURSOR_KEY from the environment without reading any secret', async () => {
    const readSecret = vi.fn<(id: string) => Promise<string | undefined>>();
    const source = ledgerCursorKeySource({ LEDGER_CURSOR_KEY: keyA, LEDGER_CURSOR_KEY_SECRET_ARN: secretArn }, readSecret);
    await expect(source()).resolves.toBe(keyA);
    expect(readSecret).not.toHaveBeenCalled();
  });

  it('refuses at cold start when neither the key nor a secret is configured, or the key is short', () => {
    expect(() => ledgerCursorKeySource({})).toThrow(/LEDGER_CURSOR_KEY_SECRET_ARN/);
    expect(() => ledgerCursorKeySource({ LEDGER_CURSOR_KEY: 'short' })).toThrow(ConfigurationError);
  });

  it('reads the secret on first use only, once for concurrent requests, and caches it', async () => {
    const readSecret = vi.fn((id: string) => Promise.resolve(id === secretArn ? keyA : undefined));
    const source = ledgerCursorKeySource({ LEDGER_CURSOR_KEY_SECRET_ARN: secretArn }, readSecret);
    expect(readSecret).not.toHaveBeenCalled();
    await expect(Promise.all([source(), source()])).resolves.toEqual([keyA, keyA]);
    await expect(source()).resolves.toBe(keyA);
    expect(readSecret).toHaveBeenCalledTimes(1);
  });

  it('reads again once the key has aged, and keeps the known key when that read fails', async () => {
    let clock = 0;
    const readSecret = vi
      .fn<(id: string) => Promise<string | undefined>>()
      .mockResolvedValueOnce(keyA)
      .mockRejectedValueOnce(new Error('throttled'))
      .mockResolvedValueOnce(keyB);
    const source = ledgerCursorKeySource({ LEDGER_CURSOR_KEY_SECRET_ARN: secretArn }, readSecret, () => clock);
    await expect(source()).resolves.toBe(keyA);
    clock = cursorKeyMaxAgeMs;
    await expect(source()).resolves.toBe(keyA);
    await expect(source()).resolves.toBe(keyB);
    expect(readSecret).toHaveBeenCalledTimes(3);
  });

  it.each([
    ['a binary secret', undefined],
    ['a short secret', 'too-short'],
  ])('fails the request on %s and tries again on the next one', async (_label, value) => {
    const readSecret = vi.fn<(id: string) => Promise<string | undefined>>().mockResolvedValueOnce(value).mockResolvedValueOnce(keyA);
    const source = ledgerCursorKeySource({ LEDGER_CURSOR_KEY_SECRET_ARN: secretArn }, readSecret);
    const failure: unknown = await source().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(String(failure)).not.toContain('too-short');
    await expect(source()).resolves.toBe(keyA);
  });
});
