import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shortest accepted HMAC key, in characters. */
export const minimumCursorKeyLength = 32;

// A cursor is `<payload>.<mac>`, both base64url; anything longer than this is not one of ours.
const maxCursorLength = 256;
const cursorPattern = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/**
 * Opaque, tamper-evident ledger cursors. The payload says where the next page starts
 * (`before`: entries with a smaller seq); an HMAC-SHA256 over the payload, the caller and the
 * account binds the cursor to that caller's listing of that account, so a forged, edited or
 * foreign cursor is refused instead of read.
 */
export class LedgerCursorCodec {
  readonly #key: Buffer;

  /** @throws RangeError when `key` is shorter than `minimumCursorKeyLength` characters. */
  constructor(key: string) {
    if (key.length < minimumCursorKeyLength) throw new RangeError(`the ledger cursor key must have at least ${minimumCursorKeyLength} characters`);
    this.#key = Buffer.from(key, 'utf8');
  }

  /** The cursor for the page of `caller`'s listing of `accountId` that starts below seq `before`. */
  encode(caller: string, accountId: string, before: number): string {
    const payload = Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url');
    return `${payload}.${this.#mac(caller, accountId, payload).toString('base64url')}`;
  }

  /**
   * The `before` seq of a cursor made by `encode` for this caller and account, or undefined
   * when the cursor is malformed, forged, or made for another caller or account.
   */
  decode(caller: string, accountId: string, cursor: string): number | undefined {
    if (cursor.length > maxCursorLength) return undefined;
    const match = cursorPattern.exec(cursor);
    const payload = match?.[1];
    const mac = match?.[2];
    if (payload === undefined || mac === undefined) return undefined;
    // Compared as text: the last base64url character of a 32-byte MAC carries 4 unused bits, so
    // decoding first would accept cursors that differ from the one we issued.
    const expected = Buffer.from(this.#mac(caller, accountId, payload).toString('base64url'), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { before } = decoded as Record<string, unknown>;
    return typeof before === 'number' && Number.isSafeInteger(before) && before >= 1 ? before : undefined;
  }

  #mac(caller: string, accountId: string, payload: string): Buffer {
    // NUL separators: neither an ARN, an account id nor base64url contains one, so the fields
    // cannot be shifted into each other.
    return createHmac('sha256', this.#key).update(`ledger-cursor/v1\0${caller}\0${accountId}\0${payload}`).digest();
  }
}
