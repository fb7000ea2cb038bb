import { randomUUID } from 'node:crypto';

/** Prefixes of the ids the service mints: accounts, deposits, payments, refunds, ledger entries. */
export type IdKind = 'acct' | 'dep' | 'pay' | 'ref' | 'led';

/** A new random id such as `pay_3f0c...` (prefix, underscore, 32 hex digits). */
export function newId(kind: IdKind): string {
  return `${kind}_${randomUUID().replaceAll('-', '')}`;
}
