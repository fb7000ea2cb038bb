/** The result of reading an `Idempotency-Key` header value. */
export type ParsedIdempotencyKey = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string };

/** Longest key, in characters. */
export const maxIdempotencyKeyLength = 255;

/**
 * Reads an idempotency key from a header value: either bare, or an RFC 8941 structured-field
 * string (in double quotes, with `\"` and `\\` as the only escapes; the quotes are not part of
 * the key). Either way the key is 1-255 characters of visible ASCII (0x21-0x7E). Optional
 * whitespace around the value is ignored, as HTTP does.
 */
export function parseIdempotencyKey(headerValue: string): ParsedIdempotencyKey {
  const value = headerValue.replace(/^[ \t]+|[ \t]+$/g, '');
  let key: string;
  if (value.startsWith('"')) {
    const unquoted = unquote(value);
    if (typeof unquoted !== 'string') return unquoted;
    key = unquoted;
  } else {
    key = value;
  }
  if (key.length === 0) return { ok: false, reason: 'the key is empty' };
  if (key.length > maxIdempotencyKeyLength) return { ok: false, reason: `the key is longer than ${maxIdempotencyKeyLength} characters` };
  for (let index = 0; index < key.length; index += 1) {
    const code = key.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return { ok: false, reason: 'the key may only contain visible ASCII characters' };
  }
  return { ok: true, key };
}

function unquote(value: string): string | { readonly ok: false; readonly reason: string } {
  let key = '';
  for (let index = 1; index < value.length; index += 1) {
    const char = value.charAt(index);
    if (char === '\\') {
      const escaped = value.charAt(index + 1);
      if (escaped !== '"' && escaped !== '\\') return { ok: false, reason: 'a quoted key may only escape " and \\' };
      key += escaped;
      index += 1;
    } else if (char === '"') {
      if (index !== value.length - 1) return { ok: false, reason: 'a quoted key must end at its closing quote' };
      return key;
    } else {
      key += char;
    }
  }
  return { ok: false, reason: 'a quoted key has no closing quote' };
}
