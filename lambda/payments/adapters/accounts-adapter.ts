import { GetItemCommand, QueryCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AccountSnapshot } from '../domain/account-snapshot.js';
import { accountFromItem, accountItem } from './account-item.js';
import { integerValue, stringValue } from './item-attributes.js';
import { ledgerEntryFromItem, ledgerItem, type StoredLedgerEntry } from './ledger-item.js';

/** A money movement's change to an account, pinned to the version it was computed from. */
export interface AccountMovement {
  /** The account as the movement was computed from it (its version is the condition). */
  readonly before: AccountSnapshot;
  /** The caller, who must own the account. */
  readonly caller: string;
  /** The movement's currency, which must be the account's. */
  readonly currency: string;
  readonly balanceAfter: number;
  /** For debits: the amount the balance must cover. */
  readonly debit?: number;
  readonly at: string;
}

/** One page of an account's ledger, newest first. */
export interface LedgerPage {
  readonly entries: readonly StoredLedgerEntry[];
}

/**
 * DynamoDB access for the account family: the accounts table and each account's ledger.
 * Reads are strongly consistent: they feed money decisions and read-your-writes responses.
 */
export class AccountsAdapter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly accountsTable: string,
    private readonly ledgerTable: string,
  ) {}

  /** The account, or undefined when no account has this id (whoever owns it). */
  async getAccount(accountId: string): Promise<AccountSnapshot | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.accountsTable, Key: { accountId: stringValue(accountId) }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : accountFromItem(Item);
  }

  /** Transaction action creating `account`; fails if the id is taken. */
  createAccountAction(account: AccountSnapshot): TransactWriteItem {
    return {
      Put: {
        TableName: this.accountsTable,
        Item: accountItem(account),
        ConditionExpression: 'attribute_not_exists(accountId)',
      },
    };
  }

  /**
   * Transaction action moving the account to `balanceAfter` at version + 1. Its condition is the
   * whole safety of the movement: the account exists, is the caller's, is in this currency, is
   * still at the version the movement was computed from (so `balanceAfter` is exact), and for a
   * debit covers the amount. ALL_OLD makes a failure say which, and is the fresh snapshot.
   */
  movementAction(movement: AccountMovement): TransactWriteItem {
    const { before } = movement;
    const debit = movement.debit === undefined ? '' : ' AND #balance >= :debit';
    return {
      Update: {
        TableName: this.accountsTable,
        Key: { accountId: stringValue(before.accountId) },
        UpdateExpression: 'SET #balance = :balanceAfter, #version = :next, #updatedAt = :at',
        ConditionExpression: `attribute_exists(accountId) AND #ownerId = :caller AND #currency = :currency AND #version = :version${debit}`,
        ExpressionAttributeNames: {
          '#balance': 'balance',
          '#version': 'version',
          '#updatedAt': 'updatedAt',
          '#ownerId': 'ownerId',
          '#currency': 'currency',
        },
        ExpressionAttributeValues: {
          ':balanceAfter': integerValue(movement.balanceAfter),
          ':next': integerValue(before.version + 1),
          ':at': stringValue(movement.at),
          ':caller': stringValue(movement.caller),
          ':currency': stringValue(movement.currency),
          ':version': integerValue(before.version),
          ...(movement.debit === undefined ? {} : { ':debit': integerValue(movement.debit) }),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /** Transaction action appending `entry` to the ledger; fails if its seq is taken. */
  ledgerEntryAction(entry: StoredLedgerEntry): TransactWriteItem {
    return {
      Put: {
        TableName: this.ledgerTable,
        Item: ledgerItem(entry),
        ConditionExpression: 'attribute_not_exists(#seq)',
        ExpressionAttributeNames: { '#seq': 'seq' },
      },
    };
  }

  /**
   * Up to `limit` ledger entries of the account, newest first, with `seq` below `beforeSeq`
   * when given.
   */
  async ledgerPage(accountId: string, limit: number, beforeSeq?: number): Promise<LedgerPage> {
    const before = beforeSeq === undefined ? '' : ' AND #seq < :before';
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.ledgerTable,
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
    return { entries: Items.map(ledgerEntryFromItem) };
  }
}
