import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AccountSnapshot } from '../domain/account.js';
import type { StoredLedgerEntry } from '../domain/ledger.js';
import { accountFromItem } from './account-item.js';
import { integerValue, stringValue } from './item-attributes.js';
import { ledgerEntryFromItem } from './ledger-item.js';

/**
 * Reads of the account family: the accounts table and each account's ledger. Reads are strongly
 * consistent: they feed money decisions and read-your-writes responses.
 */
export class AccountsAdapter {
  readonly #client: DynamoDBClient;
  readonly #accountsTable: string;
  readonly #ledgerTable: string;

  constructor(client: DynamoDBClient, accountsTable: string, ledgerTable: string) {
    this.#client = client;
    this.#accountsTable = accountsTable;
    this.#ledgerTable = ledgerTable;
  }

  /** The account, or undefined when no account has this id (whoever owns it). */
  async getAccount(accountId: string): Promise<AccountSnapshot | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#accountsTable, Key: { accountId: stringValue(accountId) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : accountFromItem(Item);
  }

  /** Up to `limit` ledger entries of the account, newest first, with `seq` below `beforeSeq` when given. */
  async ledgerPage(accountId: string, limit: number, beforeSeq?: number): Promise<readonly StoredLedgerEntry[]> {
    const before = beforeSeq === undefined ? '' : ' AND #seq < :before';
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#ledgerTable,
        KeyConditionExpression: `#accountId = :accountId${before}`,
        ExpressionAttributeNames: { '#accountId': 'accountId', ...(beforeSeq === undefined ? {} : { '#seq': 'seq' }) },
        ExpressionAttributeValues: {
          ':accountId': stringValue(accountId),
          ...(beforeSeq === undefined ? {} : { ':before': integerValue(beforeSeq) }),
        },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map(ledgerEntryFromItem);
  }
}
