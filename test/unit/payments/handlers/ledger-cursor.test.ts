import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerCursorCodec } from '../../../../lambda/payments/handlers/ledger-cursor.js';

const codec = new LedgerCursorCodec('k'.repeat(32));
const alice = 'arn:aws:iam::000000000000:user/alice';
const account = 'acct_0123456789abcdef0123456789abcdef';

describe('LedgerCursorCodec', () => {
  it('decodes what it encoded for the same caller and account', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (before) => {
        expect(codec.decode(alice, account, codec.encode(alice, account, before))).toBe(before);
      }),
    );
  });

  it('refuses a cursor made for another caller, another account, or with another key', () => {
    const cursor = codec.encode(alice, account, 42);
    expect(codec.decode('arn:aws:iam::000000000000:user/mallory', account, cursor)).toBeUndefined();
    expect(codec.decode(alice, 'acct_ffffffffffffffffffffffffffffffff', cursor)).toBeUndefined();
    expect(new LedgerCursorCodec('z'.repeat(32)).decode(alice, account, cursor)).toBeUndefined();
  });

  it('refuses an edited payload even with a valid-looking mac', () => {
    const cursor = codec.encode(alice, account, 42);
    const [, mac = ''] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify({ before: 1_000_000 })).toString('base64url')}.${mac}`;
    expect(codec.decode(alice, account, forged)).toBeUndefined();
  });

  it('refuses every other spelling of the mac, even one that decodes to the same bytes', () => {
    const cursor = codec.encode(alice, account, 42);
    const [payload = '', mac = ''] = cursor.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 43 characters carries 4 unused bits: 3 other characters decode to the same MAC.
    const twins = Array.from(alphabet).filter((char) => char !== mac.at(-1)).map((char) => `${payload}.${mac.slice(0, -1)}${char}`);
    expect(twins.filter((twin) => Buffer.from(twin.split('.')[1] ?? '', 'base64url').equals(Buffer.from(mac, 'base64url')))).toHaveLength(3);
    for (const twin of twins) expect(codec.decode(alice, account, twin)).toBeUndefined();
    expect(codec.decode(alice, account, cursor)).toBe(42);
  });

  it('never throws on arbitrary input and accepts none of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (input) => {
        expect(codec.decode(alice, account, input)).toBeUndefined();
      }),
    );
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => new LedgerCursorCodec('short')).toThrow(RangeError);
  });
});
