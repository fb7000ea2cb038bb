import { randomUUID } from 'node:crypto';
import {
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { asInstance } from './support/as-instance.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTestTable, deleteTestTables } from './support/test-tables.js';

type Values = Record<string, AttributeValue>;

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });

const cancelledMessage = (codes: readonly string[]): string =>
  `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`;

describe('transactions', () => {
  const client = testDynamoDBClient();
  const table = uniqueTableName('tx');
  const other = uniqueTableName('tx-other');

  beforeAll(async () => {
    await createTestTable(client, table, { hash: { name: 'pk', type: 'S' } });
    await createTestTable(client, other, { hash: { name: 'id', type: 'S' }, range: { name: 'seq', type: 'N' } });
  });

  afterAll(async () => {
    await deleteTestTables(client, [table, other]);
    client.destroy();
  });

  async function read(pk: string): Promise<Values | undefined> {
    return (await client.send(new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }))).Item;
  }

  async function put(item: Values): Promise<void> {
    await client.send(new PutItemCommand({ TableName: table, Item: item }));
  }

  const unique = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

  describe('TransactWriteItems', () => {
    it('applies Put, Update, Delete and ConditionCheck together, across tables', async () => {
      const [p, u, d, c] = [unique('put'), unique('upd'), unique('del'), unique('chk')];
      await put({ pk: S(u), n: N('1') });
      await put({ pk: S(d) });
      await put({ pk: S(c), state: S('open') });
      const result = await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: S(p), v: S('new') }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: table,
                Key: { pk: S(u) },
                UpdateExpression: 'SET n = n + :one',
                ConditionExpression: 'n = :one',
                ExpressionAttributeValues: { ':one': N('1') },
              },
            },
            { Delete: { TableName: table, Key: { pk: S(d) }, ConditionExpression: 'attribute_exists(pk)' } },
            {
              ConditionCheck: {
                TableName: table,
                Key: { pk: S(c) },
                ConditionExpression: '#s = :open',
                ExpressionAttributeNames: { '#s': 'state' },
                ExpressionAttributeValues: { ':open': S('open') },
              },
            },
            { Put: { TableName: other, Item: { id: S(p), seq: N('1') } } },
          ],
        }),
      );
      expect(result.$metadata.httpStatusCode).toBe(200);
      expect(await read(p)).toEqual({ pk: S(p), v: S('new') });
      expect(await read(u)).toEqual({ pk: S(u), n: N('2') });
      expect(await read(d)).toBeUndefined();
      expect(await read(c)).toEqual({ pk: S(c), state: S('open') });
      const otherItem = await client.send(new GetItemCommand({ TableName: other, Key: { id: S(p), seq: N('1') }, ConsistentRead: true }));
      expect(otherItem.Item).toEqual({ id: S(p), seq: N('1') });
    });

    it('applies nothing when one condition fails, and gives one reason per action', async () => {
      const [p, u, c] = [unique('put'), unique('upd'), unique('chk')];
      await put({ pk: S(u), n: N('1') });
      await put({ pk: S(c), state: S('closed') });
      const error = await expectDynamoDBError(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: S(p) } } },
              {
                Update: {
                  TableName: table,
                  Key: { pk: S(u) },
                  UpdateExpression: 'SET n = :two',
                  ExpressionAttributeValues: { ':two': N('2') },
                },
              },
              {
                ConditionCheck: {
                  TableName: table,
                  Key: { pk: S(c) },
                  ConditionExpression: '#s = :open',
                  ExpressionAttributeNames: { '#s': 'state' },
                  ExpressionAttributeValues: { ':open': S('open') },
                },
              },
            ],
          }),
        ),
        'TransactionCanceledException',
        cancelledMessage(['None', 'None', 'ConditionalCheckFailed']),
      );
      expect(error).toBeInstanceOf(TransactionCanceledException);
      const reasons = asInstance(error, TransactionCanceledException).CancellationReasons;
      expect(reasons).toEqual([
        { Code: 'None' },
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      ]);
      expect(await read(p)).toBeUndefined();
      expect(await read(u)).toEqual({ pk: S(u), n: N('1') });
      expect(await read(c)).toEqual({ pk: S(c), state: S('closed') });
    });

    it('returns the current item in the reason when ALL_OLD is asked on the failing action', async () => {
      const [a, b] = [unique('a'), unique('b')];
      await put({ pk: S(a), balance: N('5') });
      await put({ pk: S(b), balance: N('0') });
      const error = await expectDynamoDBError(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: { pk: S(a) },
                  UpdateExpression: 'SET balance = balance - :amount',
                  ConditionExpression: 'balance >= :amount',
                  ExpressionAttributeValues: { ':amount': N('10') },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                Update: {
                  TableName: table,
                  Key: { pk: S(b) },
                  UpdateExpression: 'SET balance = balance + :amount',
                  ConditionExpression: 'attribute_not_exists(pk)',
                  ExpressionAttributeValues: { ':amount': N('10') },
                },
              },
            ],
          }),
        ),
        'TransactionCanceledException',
        cancelledMessage(['ConditionalCheckFailed', 'ConditionalCheckFailed']),
      );
      expect(asInstance(error, TransactionCanceledException).CancellationReasons).toEqual([
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: S(a), balance: N('5') } },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      ]);
      expect(await read(a)).toEqual({ pk: S(a), balance: N('5') });
      expect(await read(b)).toEqual({ pk: S(b), balance: N('0') });
    });

    it('rejects two actions on the same item with a ValidationException and applies nothing', async () => {
      const [a, b] = [unique('a'), unique('b')];
      await expectDynamoDBError(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: S(b) } } },
              { Put: { TableName: table, Item: { pk: S(a), v: N('1') } } },
              {
                Update: {
                  TableName: table,
                  Key: { pk: S(a) },
                  UpdateExpression: 'SET v = :two',
                  ExpressionAttributeValues: { ':two': N('2') },
                },
              },
            ],
          }),
        ),
        'ValidationException',
        'Transaction request cannot include multiple operations on one item',
      );
      expect(await read(a)).toBeUndefined();
      expect(await read(b)).toBeUndefined();
    });

    it('finds two actions on one item among many (the first and the last of 40)', async () => {
      const prefix = unique('dup');
      const actions: TransactWriteItem[] = Array.from({ length: 40 }, (_, index) => ({
        Put: { TableName: table, Item: { pk: S(`${prefix}-${index === 39 ? 0 : index}`) } },
      }));
      await expectDynamoDBError(
        client.send(new TransactWriteItemsCommand({ TransactItems: actions })),
        'ValidationException',
        'Transaction request cannot include multiple operations on one item',
      );
      expect(await read(`${prefix}-1`)).toBeUndefined();
    });

    it('rejects more than 100 actions', async () => {
      const prefix = unique('many');
      const actions: TransactWriteItem[] = Array.from({ length: 101 }, (_, index) => ({
        Put: { TableName: table, Item: { pk: S(`${prefix}-${index}`) } },
      }));
      await expectDynamoDBError(
        client.send(new TransactWriteItemsCommand({ TransactItems: actions })),
        'ValidationException',
        /Member must have length less than or equal to 100/,
      );
      expect(await read(`${prefix}-0`)).toBeUndefined();
    });

    it('accepts exactly 100 actions', async () => {
      const prefix = unique('hundred');
      const actions: TransactWriteItem[] = Array.from({ length: 100 }, (_, index) => ({
        Put: { TableName: table, Item: { pk: S(`${prefix}-${index}`) } },
      }));
      await client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
      expect(await read(`${prefix}-0`)).toEqual({ pk: S(`${prefix}-0`) });
      expect(await read(`${prefix}-99`)).toEqual({ pk: S(`${prefix}-99`) });
    });

    it('rejects an empty list of actions', async () => {
      await expectDynamoDBError(
        client.send(new TransactWriteItemsCommand({ TransactItems: [] })),
        'ValidationException',
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it('answers ResourceNotFoundException for a table that does not exist and applies nothing', async () => {
      const p = unique('put');
      await expectDynamoDBError(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: S(p) } } },
              { Put: { TableName: uniqueTableName('tx-missing'), Item: { pk: S(p) } } },
            ],
          }),
        ),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
      expect(await read(p)).toBeUndefined();
    });

    it('rejects an action with an invalid expression as a ValidationException', async () => {
      const p = unique('put');
      await expectDynamoDBError(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: S(p) } } },
              {
                Update: {
                  TableName: table,
                  Key: { pk: S(unique('upd')) },
                  UpdateExpression: 'SET a = :v',
                  ExpressionAttributeValues: { ':v': N('1'), ':unused': N('2') },
                },
              },
            ],
          }),
        ),
        'ValidationException',
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
      );
      expect(await read(p)).toBeUndefined();
    });
  });

  describe('ClientRequestToken', () => {
    const increment = (pk: string): TransactWriteItem[] => [
      {
        Update: {
          TableName: table,
          Key: { pk: S(pk) },
          UpdateExpression: 'ADD hits :one',
          ExpressionAttributeValues: { ':one': N('1') },
        },
      },
    ];

    it('applies a repeated request with the same token only once, and the repeat succeeds', async () => {
      const pk = unique('token');
      const token = randomUUID();
      await client.send(new TransactWriteItemsCommand({ TransactItems: increment(pk), ClientRequestToken: token }));
      const repeat = await client.send(new TransactWriteItemsCommand({ TransactItems: increment(pk), ClientRequestToken: token }));
      expect(repeat.$metadata.httpStatusCode).toBe(200);
      expect(await read(pk)).toEqual({ pk: S(pk), hits: N('1') });
      await client.send(new TransactWriteItemsCommand({ TransactItems: increment(pk), ClientRequestToken: randomUUID() }));
      expect(await read(pk)).toEqual({ pk: S(pk), hits: N('2') });
    });

    it('applies the same request twice without a token', async () => {
      const pk = unique('no-token');
      await client.send(new TransactWriteItemsCommand({ TransactItems: increment(pk) }));
      await client.send(new TransactWriteItemsCommand({ TransactItems: increment(pk) }));
      expect(await read(pk)).toEqual({ pk: S(pk), hits: N('2') });
    });

    it('rejects a different request with a used token with IdempotentParameterMismatchException', async () => {
      const [first, second] = [unique('token-a'), unique('token-b')];
      const token = randomUUID();
      await client.send(new TransactWriteItemsCommand({ TransactItems: increment(first), ClientRequestToken: token }));
      const error = await expectDynamoDBError(
        client.send(new TransactWriteItemsCommand({ TransactItems: increment(second), ClientRequestToken: token })),
        'IdempotentParameterMismatchException',
      );
      expect(error).toBeInstanceOf(IdempotentParameterMismatchException);
      expect(await read(first)).toEqual({ pk: S(first), hits: N('1') });
      expect(await read(second)).toBeUndefined();
    });
  });

  describe('TransactGetItems', () => {
    it('reads several items in request order, with an empty response for a missing item', async () => {
      const [a, b] = [unique('get-a'), unique('get-b')];
      await put({ pk: S(a), v: N('1'), extra: S('x') });
      await put({ pk: S(b), v: N('2') });
      const result = await client.send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: table, Key: { pk: S(b) } } },
            { Get: { TableName: table, Key: { pk: S(unique('none')) } } },
            { Get: { TableName: table, Key: { pk: S(a) }, ProjectionExpression: 'v, #e', ExpressionAttributeNames: { '#e': 'extra' } } },
          ],
        }),
      );
      expect(result.Responses).toHaveLength(3);
      expect(result.Responses?.[0]?.Item).toEqual({ pk: S(b), v: N('2') });
      expect(result.Responses?.[1]?.Item).toBeUndefined();
      expect(result.Responses?.[2]?.Item).toEqual({ v: N('1'), extra: S('x') });
    });

    it('rejects more than 100 gets', async () => {
      await expectDynamoDBError(
        client.send(
          new TransactGetItemsCommand({
            TransactItems: Array.from({ length: 101 }, (_, index) => ({ Get: { TableName: table, Key: { pk: S(`g-${index}`) } } })),
          }),
        ),
        'ValidationException',
        /Member must have length less than or equal to 100/,
      );
    });

    it.each<[string, Values]>([
      ['an empty key', {}],
      ['a key of the wrong type', { pk: N('1') }],
    ])('cancels the transaction for %s, with reason ValidationError for that get alone', async (_case, badKey) => {
      const error = await expectDynamoDBError(
        client.send(
          new TransactGetItemsCommand({
            TransactItems: [{ Get: { TableName: table, Key: { pk: S(unique('fine')) } } }, { Get: { TableName: table, Key: badKey } }],
          }),
        ),
        'TransactionCanceledException',
        cancelledMessage(['None', 'ValidationError']),
      );
      expect(asInstance(error, TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'ValidationError']);
    });

    it('answers ResourceNotFoundException for a table that does not exist', async () => {
      await expectDynamoDBError(
        client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: uniqueTableName('tx-missing'), Key: { pk: S('x') } } }] })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
    });
  });
});
