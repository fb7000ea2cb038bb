/**
 * The one source of truth for the DynamoDB tables. The CDK stack provisions them from these
 * definitions and the local runner creates them in the local engine from the same objects.
 * `lambda/` never imports this file: functions learn physical table names from the environment
 * variable named by `envVar`.
 */

/** The attribute types DynamoDB allows in a key. */
export type KeyAttributeType = 'S' | 'N' | 'B';

/** One key attribute of a table or index. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

/** A table, described once for both CDK and the local runner. */
export interface TableDefinition {
  /** Stable logical id, used for CDK construct ids and grants. */
  readonly id: TableId;
  /** Physical name used locally; in AWS, CloudFormation names the table. */
  readonly localName: string;
  /** Environment variable through which functions receive the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Attribute holding an expiry in epoch seconds, if the table uses DynamoDB TTL. */
  readonly ttlAttribute?: string;
  /**
   * Money tables keep their data when the stack is deleted (RETAIN + deletion protection);
   * the idempotency table holds only replayable responses and may be destroyed.
   */
  readonly holdsMoney: boolean;
}

/** Logical ids of every table the API uses. */
export type TableId = 'idempotency' | 'accounts' | 'payments' | 'ledger' | 'references';

export const idempotencyTable: TableDefinition = {
  id: 'idempotency',
  localName: 'idempotency',
  envVar: 'IDEMPOTENCY_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  ttlAttribute: 'expiresAt',
  holdsMoney: false,
};

export const accountsTable: TableDefinition = {
  id: 'accounts',
  localName: 'accounts',
  envVar: 'ACCOUNTS_TABLE',
  partitionKey: { name: 'accountId', type: 'S' },
  holdsMoney: true,
};

/**
 * Payments are keyed by (owner, order): the key itself is the unique constraint that lets an
 * order be paid once per caller, whatever idempotency key the client sends.
 */
export const paymentsTable: TableDefinition = {
  id: 'payments',
  localName: 'payments',
  envVar: 'PAYMENTS_TABLE',
  partitionKey: { name: 'ownerId', type: 'S' },
  sortKey: { name: 'orderId', type: 'S' },
  holdsMoney: true,
};

/** Ledger entries of one account, ordered by the account's entry sequence number. */
export const ledgerTable: TableDefinition = {
  id: 'ledger',
  localName: 'ledger',
  envVar: 'LEDGER_TABLE',
  partitionKey: { name: 'accountId', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
  holdsMoney: true,
};

/**
 * The natural keys of money movements: one item per (kind, scope, reference) — a deposit's
 * external transfer id per account, a refund's reference per payment, an account's customer id per
 * caller. Written in the movement's own transaction with attribute_not_exists and never deleted,
 * it refuses a second movement with the same reference at any time, long after its idempotency
 * key expired.
 */
export const referencesTable: TableDefinition = {
  id: 'references',
  localName: 'references',
  envVar: 'REFERENCES_TABLE',
  partitionKey: { name: 'naturalKey', type: 'S' },
  holdsMoney: true,
};

/** Every table, in creation order. */
export const tables: readonly TableDefinition[] = [idempotencyTable, accountsTable, paymentsTable, ledgerTable, referencesTable];
