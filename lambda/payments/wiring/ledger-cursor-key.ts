import { minimumCursorKeyLength } from '../handlers/ledger-cursor.js';
import { ConfigurationError } from './configuration-error.js';
import { EnvironmentReader, type Environment } from './environment-reader.js';
import { readSecretsManagerSecret } from './secrets-manager-secret.js';

/**
 * LEDGER_CURSOR_KEY: the HMAC key that makes ledger cursors tamper-evident.
 *
 * @throws ConfigurationError when missing or shorter than 32 characters.
 */
export function ledgerCursorKey(env: Environment): string {
  return new EnvironmentReader(env).secret('LEDGER_CURSOR_KEY', minimumCursorKeyLength);
}

/** Resolves to the cursor key to use for the request at hand. */
export type CursorKeySource = () => Promise<string>;

/** Reads the text of a secret by id (Secrets Manager in AWS; a fake in tests). */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** How long a key read from Secrets Manager is used before it is read again (picks up a rotation). */
export const cursorKeyMaxAgeMs = 15 * 60 * 1000;

/**
 * Where the list-ledger function gets its cursor key. LEDGER_CURSOR_KEY, when set, is used as
 * is (the local runner and the tests). Otherwise LEDGER_CURSOR_KEY_SECRET_ARN names a Secrets
 * Manager secret: read on the first request rather than at cold start, then reused for
 * `cursorKeyMaxAgeMs`. A failed read fails that request and the next one tries again; a failed
 * re-read after the key aged keeps serving the key already known.
 *
 * @throws ConfigurationError (at cold start) when neither variable is set, or the key is too short.
 */
export function ledgerCursorKeySource(
  env: Environment,
  readSecret: SecretReader = readSecretsManagerSecret,
  now: () => number = Date.now,
): CursorKeySource {
  if (env.LEDGER_CURSOR_KEY !== undefined) {
    const key = ledgerCursorKey(env);
    return () => Promise.resolve(key);
  }
  const secretId = new EnvironmentReader(env).requiredString('LEDGER_CURSOR_KEY_SECRET_ARN');
  let known: { key: string; readAt: number } | undefined;
  let reading: Promise<string> | undefined;

  const read = async (): Promise<string> => {
    const key = await readSecret(secretId);
    if (key === undefined || key.length < minimumCursorKeyLength) {
      throw new ConfigurationError('LEDGER_CURSOR_KEY_SECRET_ARN', `must name a text secret of at least ${minimumCursorKeyLength} characters`);
    }
    known = { key, readAt: now() };
    return key;
  };

  return async () => {
    if (known !== undefined && now() - known.readAt < cursorKeyMaxAgeMs) return known.key;
    // One read at a time per instance, shared by whoever asks meanwhile.
    reading ??= read().finally(() => {
      reading = undefined;
    });
    if (known === undefined) return reading;
    const stale = known.key;
    return reading.catch(() => stale);
  };
}
