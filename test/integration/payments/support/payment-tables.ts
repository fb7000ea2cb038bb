import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { tables, type TableId } from '../../../../infra/definitions/tables.js';
import type { PaymentTables } from '../../../../lambda/payments/wiring/payments-dependencies.js';
import { createTables } from '../../../../local/http/create-tables.js';
import { testDynamoDBClient, uniqueTableName } from '../../../support/dynamodb.js';
import { PaymentsHarness } from './payments-harness.js';

/**
 * Creates the four tables from the shared definitions (the local runner's own table creation)
 * under names unique to this test file.
 */
export async function createPaymentTables(client: DynamoDBClient): Promise<PaymentTables> {
  const names: Record<TableId, string> = {
    idempotency: uniqueTableName('payments-test-idempotency'),
    accounts: uniqueTableName('payments-test-accounts'),
    payments: uniqueTableName('payments-test-payments'),
    ledger: uniqueTableName('payments-test-ledger'),
    references: uniqueTableName('payments-test-references'),
  };
  await createTables(client, tables, (definition) => names[definition.id]);
  return names;
}

/** Deletes the tables made by createPaymentTables. */
export async function deletePaymentTables(client: DynamoDBClient, names: PaymentTables): Promise<void> {
  for (const name of [names.idempotency, names.accounts, names.payments, names.ledger]) await client.send(new DeleteTableCommand({ TableName: name }));
}

/**
 * Registers the hooks every payments test file needs: its own tables before the file, the
 * money invariants (balance == sum of ledger, one payment per order) after every test, and the
 * tables' deletion after the file. Returns the harness getter (valid inside tests).
 */
export function usePaymentsHarness(): () => PaymentsHarness {
  const setupClient = testDynamoDBClient();
  let harness: PaymentsHarness | undefined;
  const current = (): PaymentsHarness => {
    if (harness === undefined) throw new Error('the payments harness exists only inside tests');
    return harness;
  };
  beforeAll(async () => {
    harness = new PaymentsHarness(await createPaymentTables(setupClient));
  });
  afterEach(async () => {
    await current().checkInvariants();
  });
  afterAll(async () => {
    await deletePaymentTables(setupClient, current().tables);
  });
  return current;
}
