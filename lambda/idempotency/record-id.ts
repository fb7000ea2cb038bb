import { createHash } from 'node:crypto';

/**
 * The record id of a key within a scope: hex SHA-256 over both, unambiguously joined. The raw
 * key is never stored or logged; this hash stands for it everywhere.
 */
export function recordIdOf(scope: string, key: string): string {
  return createHash('sha256').update(JSON.stringify([scope, key])).digest('hex');
}
