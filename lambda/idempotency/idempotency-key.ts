/** The result of reading an `Idempotency-Key` header value. */
export type ParsedIdempotencyKey = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string };

/** Longest key, in characters. */
export const maxIdempotencyKeyLength = 255;

/**
 * Longest header value looked at, in characters: a key of 255 characters that are all escaped
 * inside quotes, with room for whitespace around it. Anything longer is refused unread.
 */
export const maxIdempotencyHeaderLength = 2 * maxIdempotencyKeyLength + 2 + 64;

type Refusal = { readonly ok: false; readonly reason: string };

const refuse = (reason: string): Refusal => ({ ok: false, reason });

/**
 * Reads exactly one idempotency key from a header value: either bare, or an RFC 8941
 * structured-field string (in double quotes, with `\"` and `\\` as the only escapes; the quotes
 * are not part of the key). Either way the key is 1-255 characters of visible ASCII (0x21-0x7E)
 * other than the comma. Optional whitespace around the value is ignored, as HTTP
 * does.
 *
 * A value that is not exactly one key is refused: repeated header lines reach the function
 * joined by commas (`K1, K1`), so a comma outside quotes means more than one value, and
 * structured-field parameters (`"K1";p=1`) are not part of this header's grammar. Runs in time
 * linear in the value, and refuses a value past {@link maxIdempotencyHeaderLength} before
 * looking at it.
 */
export function parseIdempotencyKey(headerValue: string): ParsedIdempotencyKey {
  if (headerValue.length > maxIdempotencyHeaderLength) {
    return refuse(`the header value is longer than ${maxIdempotencyHeaderLength} characters`);
  }
  let start = 0;
  let end = headerValue.length;
  while (start < end && isOptionalWhitespace(headerValue.charCodeAt(start))) start += 1;
  while (end > start && isOptionalWhitespace(headerValue.charCodeAt(end - 1))) end -= 1;
  if (start === end) return refuse('the key is empty');

  let key: string;
  if (headerValue.charCodeAt(start) === quote) {
    const unquoted = unquote(headerValue, start, end);
    if (typeof unquoted !== 'string') return unquoted;
    key = unquoted;
  } else {
    key = headerValue.slice(start, end);
    if (key.includes(',')) return refuse('the header carries more than one value (repeated header lines arrive joined by commas); send exactly one key');
  }
  if (key.length === 0) return refuse('the key is empty');
  if (key.length > maxIdempotencyKeyLength) return refuse(`the key is longer than ${maxIdempotencyKeyLength} characters`);
  for (let index = 0; index < key.length; index += 1) {
    const code = key.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return refuse('the key may only contain visible ASCII characters');
    if (code === comma) return refuse('the key may not contain a comma');
  }
  return { ok: true, key };
}

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;

function isOptionalWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The key inside the quoted string at `value[start]`, which must end exactly at `end`. */
function unquote(value: string, start: number, end: number): string | Refusal {
  const parts: string[] = [];
  let runStart = start + 1;
  for (let index = start + 1; index < end; index += 1) {
    const code = value.charCodeAt(index);
    if (code === backslash) {
      const escaped = value.charCodeAt(index + 1);
      if (index + 1 >= end || (escaped !== quote && escaped !== backslash)) return refuse('a quoted key may only escape " and \\');
      parts.push(value.slice(runStart, index));
      runStart = index + 1;
      index += 1;
    } else if (code === quote) {
      parts.push(value.slice(runStart, index));
      if (index === end - 1) return parts.join('');
      return refuse(afterClosingQuote(value, index + 1, end));
    }
  }
  return refuse('a quoted key has no closing quote');
}

function afterClosingQuote(value: string, from: number, end: number): string {
  let at = from;
  while (at < end && isOptionalWhitespace(value.charCodeAt(at))) at += 1;
  const next = value.charAt(at);
  if (next === ',') return 'the header carries more than one value (repeated header lines arrive joined by commas); send exactly one key';
  if (next === ';') return 'structured-field parameters are not accepted; send the key alone';
  return 'a quoted key must end at its closing quote';
}
