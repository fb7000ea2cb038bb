import { CreateTableCommand, DeleteTableCommand, type AttributeDefinition, type DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { tables, type TableDefinition, type TableId } from '../../../../infra/definitions/tables.js';
import type { PaymentTables } from '../../../../lambda/payments/payment-tables.js';
import { uniqueTableName } from '../../../support/dynamodb.js';

/** Creates the four tables from the shared definitions under names unique to this test file. */
export async function createPaymentTables(client: DynamoDBClient): Promise<PaymentTables> {
  const names = {} as Record<TableId, string>;
  for (const table of tables) {
    const name = uniqueTableName(`payments-test-${table.localName}`);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keySchema(table),
        AttributeDefinitions: attributeDefinitions(table),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    names[table.id] = name;
  }
  return { idempotency: names.idempotency, accounts: names.accounts, payments: names.payments, ledger: names.ledger };
}

/** Deletes the tables made by createPaymentTables. */
export async function deletePaymentTables(client: DynamoDBClient, names: PaymentTables): Promise<void> {
  for (const name of [names.idempotency, names.accounts, names.payments, names.ledger]) await client.send(new DeleteTableCommand({ TableName: name }));
}

function keySchema(table: TableDefinition): KeySchemaElement[] {
  return [
    { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
    ...(table.sortKey === undefined ? [] : [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }]),
  ];
}

function attributeDefinitions(table: TableDefinition): AttributeDefinition[] {
  return [table.partitionKey, ...(table.sortKey === undefined ? [] : [table.sortKey])].map((key) => ({
    AttributeName: key.name,
    AttributeType: key.type,
  }));
}
