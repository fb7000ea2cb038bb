import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The parts of a request that make up its fingerprint. */
export interface FingerprintInput {
  /** HTTP method; compared case-insensitively. */
  readonly method: string;
  /** Raw path, e.g. `/payments/order-1/refunds`. */
  readonly path: string;
  readonly body?: string | undefined;
  /** True when API Gateway delivered `body` base64-encoded (binary or non-text media types). */
  readonly isBase64Encoded?: boolean | undefined;
  /**
   * The body as validated and normalised before the handler runs (see `findJsonBody`): when
   * present it is fingerprinted instead of `body`, so two requests that execute alike (other
   * whitespace, member order or escapes; `{}` and no body where that is how `{}` is written)
   * fingerprint alike.
   */
  readonly validatedBody?: { readonly value: unknown } | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Hex SHA-256 over the method, the path and the body: the canonical JSON of the validated body
 * when there is one; otherwise its canonical JSON (see
 * {@link canonicalJson}) when the body is UTF-8 JSON, its raw bytes otherwise. A base64-encoded
 * body is decoded first, so the same payload fingerprints alike however API Gateway delivered
 * it. The two body forms are tagged, so a raw body never collides with a JSON one.
 */
export function requestFingerprint(input: FingerprintInput): string {
  if (input.validatedBody !== undefined) {
    // JSON.stringify answers undefined (despite its type) for a value JSON cannot hold.
    const text = JSON.stringify(input.validatedBody.value) as string | undefined;
    const validated = canonicalJson(text ?? 'null') ?? '';
    return createHash('sha256').update(`${input.method.toUpperCase()}\n${input.path}\nvalidated\n`).update(validated, 'utf8').digest('hex');
  }
  const bytes = Buffer.from(input.body ?? '', input.isBase64Encoded === true ? 'base64' : 'utf8');
  const hash = createHash('sha256').update(`${input.method.toUpperCase()}\n${input.path}\n`);
  const canonical = canonicalJson(decodeUtf8(bytes) ?? '');
  if (canonical !== undefined && bytes.byteLength > 0) hash.update('json\n').update(canonical, 'utf8');
  else hash.update('raw\n').update(bytes);
  return hash.digest('hex');
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
