import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  type AttributeValue,
  type CreateTableCommandInput,
  type GlobalSecondaryIndexDescription,
  type UpdateTableCommandInput,
  type UpdateTableCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { deleteTestTables, waitForTableAndIndexesActive } from './support/test-tables.js';

/** Long enough for AWS, where a billing switch or an index build takes minutes. */
const slow = 1_800_000;

describe('UpdateTable', () => {
  const client = testDynamoDBClient();
  const created: string[] = [];

  afterAll(async () => {
    for (const name of created) await waitForTableAndIndexesActive(client, name).catch(() => undefined);
    await deleteTestTables(client, created);
    client.destroy();
  });

  async function createTable(prefix: string, input: Omit<CreateTableCommandInput, 'TableName'>): Promise<string> {
    const name = uniqueTableName(prefix);
    created.push(name);
    await client.send(new CreateTableCommand({ TableName: name, ...input }));
    await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: name });
    return name;
  }

  function provisionedTable(prefix: string, extra: Partial<CreateTableCommandInput> = {}): Promise<string> {
    return createTable(prefix, {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      ...extra,
    });
  }

  function onDemandTable(prefix: string, extra: Partial<CreateTableCommandInput> = {}): Promise<string> {
    return createTable(prefix, {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...extra,
    });
  }

  function update(input: UpdateTableCommandInput): Promise<UpdateTableCommandOutput> {
    return client.send(new UpdateTableCommand(input));
  }

  function index(description: { GlobalSecondaryIndexes?: GlobalSecondaryIndexDescription[] | undefined } | undefined, name: string): GlobalSecondaryIndexDescription | undefined {
    return description?.GlobalSecondaryIndexes?.find((i) => i.IndexName === name);
  }

  describe('validation before the table is looked up', () => {
    const name = 'update-table-validation-missing';

    it('needs at least one change', async () => {
      await expectDynamoDBError(
        update({ TableName: name }),
        'ValidationException',
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required',
      );
    });

    it.each<[string, Omit<UpdateTableCommandInput, 'TableName'>, string]>([
      [
        'BillingMode PROVISIONED without throughput',
        { BillingMode: 'PROVISIONED' },
        'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
      ],
      [
        'an empty GlobalSecondaryIndexUpdates beside another change',
        { GlobalSecondaryIndexUpdates: [], DeletionProtectionEnabled: true },
        'One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is empty',
      ],
      [
        'an index update naming no action',
        { GlobalSecondaryIndexUpdates: [{}] },
        'One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null',
      ],
      [
        'two actions on one index',
        { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'gsi1' } }, { Update: { IndexName: 'gsi1', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } } }] },
        'One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: gsi1',
      ],
      [
        'deletion protection beside another change',
        { DeletionProtectionEnabled: true, BillingMode: 'PAY_PER_REQUEST' },
        'One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request',
      ],
      [
        'an index created while the table throughput changes',
        {
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
          AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: 'gsi2', KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
          ],
        },
        'One or more parameter values were invalid: You cannot create or delete index while updating table IOPS',
      ],
    ])('refuses %s', async (_case, members, message) => {
      await expectDynamoDBError(update({ TableName: name, ...members }), 'ValidationException', message);
    });

    it('refuses a table name out of bounds with the shape message', async () => {
      await expectDynamoDBError(
        update({ TableName: 'ab', BillingMode: 'PAY_PER_REQUEST' }),
        'ValidationException',
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
    });

    it('answers ResourceNotFoundException for a table that does not exist', async () => {
      await expectDynamoDBError(
        update({ TableName: name, BillingMode: 'PAY_PER_REQUEST' }),
        'ResourceNotFoundException',
        `Requested resource not found: Table: ${name} not found`,
      );
    });
  });

  describe('provisioned throughput and billing mode', () => {
    it('changes provisioned throughput: UPDATING, then ACTIVE with the new capacity and its history', async () => {
      const name = await provisionedTable('update-pt');
      const increased = await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } });
      expect(increased.TableDescription?.TableStatus).toBe('UPDATING');
      const afterIncrease = await waitForTableAndIndexesActive(client, name);
      expect(afterIncrease.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 3, NumberOfDecreasesToday: 0 });
      expect(afterIncrease.ProvisionedThroughput?.LastIncreaseDateTime).toBeInstanceOf(Date);

      await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 3 } });
      const afterDecrease = await waitForTableAndIndexesActive(client, name);
      expect(afterDecrease.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 1, WriteCapacityUnits: 3, NumberOfDecreasesToday: 1 });
      expect(afterDecrease.ProvisionedThroughput?.LastDecreaseDateTime).toBeInstanceOf(Date);
    }, slow);

    it('refuses throughput equal to the current one', async () => {
      const name = await provisionedTable('update-pt-same');
      await expectDynamoDBError(
        update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        'ValidationException',
        'The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. Current WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
    });

    it('refuses provisioned throughput on an on-demand table', async () => {
      const name = await onDemandTable('update-pt-ppr');
      await expectDynamoDBError(
        update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        'ValidationException',
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
    });

    it('switches on-demand to provisioned and back', async () => {
      const name = await onDemandTable('update-billing');
      const toProvisioned = await update({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 } });
      expect(toProvisioned.TableDescription?.TableStatus).toBe('UPDATING');
      const provisioned = await waitForTableAndIndexesActive(client, name);
      expect(provisioned.BillingModeSummary?.BillingMode).toBe('PROVISIONED');
      expect(provisioned.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
      expect(provisioned.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 2 });

      await update({ TableName: name, BillingMode: 'PAY_PER_REQUEST' });
      const onDemand = await waitForTableAndIndexesActive(client, name);
      expect(onDemand.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(onDemand.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
    }, slow);

    it('switching to provisioned needs throughput for every global index', async () => {
      const name = await onDemandTable('update-billing-gsi', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'a', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      });
      await expectDynamoDBError(
        update({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        'ValidationException',
        'One or more parameter values were invalid: ProvisionedThroughput must be specified for index: gsi1',
      );
      await expectDynamoDBError(
        update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'gsi1', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }] }),
        'ValidationException',
        'One or more parameter values were invalid: The only Updates for index: gsi1 when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput',
      );
    });

    it('turns deletion protection on and off without leaving ACTIVE', async () => {
      const name = await onDemandTable('update-protection');
      const protectedTable = await update({ TableName: name, DeletionProtectionEnabled: true });
      expect(protectedTable.TableDescription?.DeletionProtectionEnabled).toBe(true);
      await expectDynamoDBError(
        client.send(new DeleteTableCommand({ TableName: name })),
        'ValidationException',
        'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
      );
      await update({ TableName: name, DeletionProtectionEnabled: false });
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.DeletionProtectionEnabled).toBe(false);
    });
  });

  describe('global secondary indexes', () => {
    const status = (value: string): Record<string, AttributeValue> => ({ status: { S: value } });

    async function orders(prefix: string): Promise<string> {
      const name = await onDemandTable(prefix);
      for (const [pk, extra] of [
        ['o1', status('open')],
        ['o2', status('open')],
        ['o3', status('closed')],
        ['o4', {}],
      ] as const) {
        await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk }, ...extra } }));
      }
      return name;
    }

    const byStatus = {
      IndexName: 'byStatus',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' as const }],
      Projection: { ProjectionType: 'ALL' as const },
    };

    async function queryByStatus(name: string, value: string): Promise<string[]> {
      const result = await client.send(
        new QueryCommand({
          TableName: name,
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: value } },
        }),
      );
      return (result.Items ?? []).map((item) => item.pk?.S ?? '').sort();
    }

    it('creates an index, backfills it from the existing items, and keeps it current', async () => {
      const name = await orders('update-gsi-create');
      const response = await update({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: byStatus }],
      });
      expect(response.TableDescription?.TableStatus).toBe('UPDATING');
      expect(response.TableDescription?.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ]),
      );
      const creating = index(response.TableDescription, 'byStatus');
      expect(creating).toMatchObject({ IndexName: 'byStatus', IndexStatus: 'CREATING', Backfilling: false, KeySchema: byStatus.KeySchema, Projection: byStatus.Projection });
      expect(creating?.IndexArn).toBe(`${response.TableDescription?.TableArn ?? ''}/index/byStatus`);
      await expectDynamoDBError(
        client.send(new QueryCommand({ TableName: name, IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'open' } } })),
        'ValidationException',
        'Cannot read from backfilling global secondary index: byStatus',
      );

      const settled = await waitForTableAndIndexesActive(client, name);
      const active = index(settled, 'byStatus');
      expect(active?.IndexStatus).toBe('ACTIVE');
      expect(active?.Backfilling).toBeUndefined();
      expect(await queryByStatus(name, 'open')).toEqual(['o1', 'o2']);
      expect(await queryByStatus(name, 'closed')).toEqual(['o3']);

      await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'o5' }, ...status('open') } }));
      expect(await queryByStatus(name, 'open')).toEqual(['o1', 'o2', 'o5']);
    }, slow);

    it('deletes an index: DELETING, then gone, and its attribute definition with it', async () => {
      const name = await onDemandTable('update-gsi-delete', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [byStatus],
      });
      const response = await update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byStatus' } }] });
      expect(response.TableDescription?.TableStatus).toBe('UPDATING');
      expect(index(response.TableDescription, 'byStatus')?.IndexStatus).toBe('DELETING');

      const settled = await waitForTableAndIndexesActive(client, name);
      expect(index(settled, 'byStatus')).toBeUndefined();
      expect(settled.AttributeDefinitions).toEqual([{ AttributeName: 'pk', AttributeType: 'S' }]);
      await expectDynamoDBError(queryByStatus(name, 'open'), 'ValidationException', 'The table does not have the specified index: byStatus');
    }, slow);

    it('updates an index throughput on a provisioned table', async () => {
      const name = await provisionedTable('update-gsi-throughput', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ ...byStatus, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }],
      });
      await expectDynamoDBError(
        update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byStatus', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }] }),
        'ValidationException',
        'The provisioned throughput for the index byStatus will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for index byStatus: 1. Requested ReadCapacityUnits: 1. Current WriteCapacityUnits provisioned for index byStatus: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
      const response = await update({
        TableName: name,
        GlobalSecondaryIndexUpdates: [{ Update: { IndexName: 'byStatus', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } } }],
      });
      expect(index(response.TableDescription, 'byStatus')?.IndexStatus).toBe('UPDATING');
      const settled = await waitForTableAndIndexesActive(client, name);
      expect(index(settled, 'byStatus')?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 2 });
    }, slow);

    it('refuses index changes DynamoDB refuses', async () => {
      const name = await onDemandTable('update-gsi-errors', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [byStatus],
      });
      const other = (indexName: string): NonNullable<UpdateTableCommandInput['GlobalSecondaryIndexUpdates']>[number] => ({
        Create: { IndexName: indexName, KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
      });
      await expectDynamoDBError(
        update({ TableName: name, AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [{ Create: byStatus }] }),
        'ValidationException',
        'Attempting to create an index which already exists',
      );
      await expectDynamoDBError(
        update({ TableName: name, GlobalSecondaryIndexUpdates: [other('gsi2')] }),
        'ValidationException',
        'One or more parameter values were invalid: AttributeDefinitions is not specified for index: gsi2',
      );
      await expectDynamoDBError(
        update({ TableName: name, AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [other('gsi2'), other('gsi3')] }),
        'LimitExceededException',
        'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
      );
      await expectDynamoDBError(
        update({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'missing' } }] }),
        'ResourceNotFoundException',
        `Requested resource not found: Index missing for table ${name}`,
      );
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byStatus']);
    });

    it('refuses to delete the table while an index is being created', async () => {
      const name = await orders('update-gsi-busy');
      await update({ TableName: name, AttributeDefinitions: [{ AttributeName: 'status', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [{ Create: byStatus }] });
      await expectDynamoDBError(
        client.send(new DeleteTableCommand({ TableName: name })),
        'ResourceInUseException',
        'Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.',
      );
      await waitForTableAndIndexesActive(client, name);
    }, slow);
  });
});
