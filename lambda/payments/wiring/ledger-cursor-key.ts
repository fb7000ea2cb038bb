import { minimumCursorKeyLength } from '../handlers/ledger-cursor.js';
import { EnvironmentReader, type Environment } from './environment-reader.js';

/**
 * LEDGER_CURSOR_KEY: the HMAC key that makes ledger cursors tamper-evident.
 *
 * @throws ConfigurationError when missing or shorter than 32 characters.
 */
export function ledgerCursorKey(env: Environment): string {
  return new EnvironmentReader(env).secret('LEDGER_CURSOR_KEY', minimumCursorKeyLength);
}
