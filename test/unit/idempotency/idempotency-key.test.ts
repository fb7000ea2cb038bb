import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxIdempotencyHeaderLength, parseIdempotencyKey } from '../../../lambda/idempotency/idempotency-key.js';

const visibleAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 255 });

describe('parseIdempotencyKey', () => {
  it.each([
    ['a bare key of visible ASCII as is', 'order-42_retry:1', 'order-42_retry:1'],
    ['a structured-field string without its quotes', '"abc-123"', 'abc-123'],
    ['\\" and \\\\ inside a structured-field string unescaped', '"a\\"b\\\\c"', 'a"b\\c'],
    ['a key with whitespace around it without the whitespace', ' \tkey-1 ', 'key-1'],
  ])('reads %s', (_label, value, key) => {
    expect(parseIdempotencyKey(value)).toEqual({ ok: true, key });
  });

  it('accepts exactly 255 characters and refuses 256', () => {
    expect(parseIdempotencyKey('k'.repeat(255))).toEqual({ ok: true, key: 'k'.repeat(255) });
    expect(parseIdempotencyKey('k'.repeat(256)).ok).toBe(false);
    expect(parseIdempotencyKey(`"${'k'.repeat(255)}"`).ok).toBe(true);
    expect(parseIdempotencyKey(`"${'k'.repeat(256)}"`).ok).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '   '],
    ['empty quoted string', '""'],
    ['inner space', 'a b'],
    ['space inside quotes', '"a b"'],
    ['non-ASCII', 'clé'],
    ['control character', 'a\u0001b'],
    ['DEL', 'a\u007fb'],
    ['unterminated quote', '"abc'],
    ['text after the closing quote', '"abc"x'],
    ['structured-field parameters', '"abc";p=1'],
    ['unknown escape', '"a\\nb"'],
    ['trailing backslash', '"abc\\"'],
  ])('refuses a key with %s', (_label, value) => {
    const parsed = parseIdempotencyKey(value);
    expect(parsed.ok).toBe(false);
  });

  it.each([
    ['a repeated header joined by a comma', 'K1, K1', 'more than one value'],
    ['two bare keys joined without space', 'K1,K2', 'more than one value'],
    ['two quoted keys', '"K1", "K1"', 'more than one value'],
    ['a comma inside a quoted key', '"K1,K2"', 'may not contain a comma'],
    ['a structured-field string with parameters', '"K1";a=1', 'parameters are not accepted'],
    ['a key of 256 characters', 'k'.repeat(256), 'longer than 255 characters'],
    ['a header value past the read limit', ' '.repeat(600) + 'k', 'header value is longer than'],
  ])('refuses %s with a reason that says so', (_label, value, reason) => {
    const parsed = parseIdempotencyKey(value);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('reads long runs of whitespace in linear time', () => {
    // A backtracking trim regex is quadratic on such input; 10^5 iterations of it take seconds.
    const value = `${' '.repeat(maxIdempotencyHeaderLength - 2)}k `;
    const started = performance.now();
    for (let round = 0; round < 2_000; round += 1) parseIdempotencyKey(value);
    expect(parseIdempotencyKey(value)).toEqual({ ok: true, key: 'k' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads every bare visible-ASCII key that does not start with a quote as itself', () => {
    fc.assert(
      fc.property(
        visibleAscii.filter((key) => !key.startsWith('"') && !key.includes(',')),
        (key) => {
          expect(parseIdempotencyKey(key)).toEqual({ ok: true, key });
        },
      ),
    );
  });

  it('round-trips every key through structured-field quoting', () => {
    fc.assert(
      fc.property(visibleAscii.filter((key) => !key.includes(',')), (key) => {
        const quoted = `"${key.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
        expect(parseIdempotencyKey(quoted)).toEqual({ ok: true, key });
      }),
    );
  });

  it('never throws, whatever the header value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        const parsed = parseIdempotencyKey(value);
        if (parsed.ok) expect(parsed.key).toMatch(/^[\x21-\x2b\x2d-\x7e]{1,255}$/);
      }),
    );
  });
});
