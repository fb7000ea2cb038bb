import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { scanTable, type TableItem } from './scan-table.js';

/** Physical names of the three money tables a test reads back. */
export interface MoneyTableNames {
  readonly accounts: string;
  readonly payments: string;
  readonly ledger: string;
}

/** Everything stored in the money tables, read in one go. */
export interface MoneyState {
  readonly accounts: readonly TableItem[];
  readonly payments: readonly TableItem[];
  readonly ledger: readonly TableItem[];
}

/** Reads the accounts, payments and ledger tables in full. */
export async function readMoneyState(client: DynamoDBClient, tables: MoneyTableNames): Promise<MoneyState> {
  const [accounts, payments, ledger] = await Promise.all([
    scanTable(client, tables.accounts),
    scanTable(client, tables.payments),
    scanTable(client, tables.ledger),
  ]);
  return { accounts, payments, ledger };
}
