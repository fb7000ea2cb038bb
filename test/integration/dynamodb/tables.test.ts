import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { createTableFromInput, createTestTable, deleteTestTables } from './support/test-tables.js';

describe('tables', () => {
  const client = testDynamoDBClient();
  const created: string[] = [];

  function track(name: string): string {
    created.push(name);
    return name;
  }

  afterAll(async () => {
    await deleteTestTables(client, created);
    client.destroy();
  });

  async function tableExists(name: string): Promise<boolean> {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  }

  describe('CreateTable and DescribeTable', () => {
    it('creates a hash-key table and describes it', async () => {
      const name = track(uniqueTableName('tables-hash'));
      const created = await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const description = created.TableDescription;
      expect(description?.TableName).toBe(name);
      expect(['CREATING', 'ACTIVE']).toContain(description?.TableStatus);
      expect(description?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
      expect(description?.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
      expect(description?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(description?.TableArn).toMatch(new RegExp(`^arn:aws:dynamodb:[a-z0-9-]+:\\d{12}:table/${name}$`));
      expect(description?.TableId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(description?.CreationDateTime).toBeInstanceOf(Date);
      expect(description?.ItemCount).toBe(0);
      expect(description?.TableSizeBytes).toBe(0);

      await waitUntilTableExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.TableName).toBe(name);
      expect(described.Table?.TableStatus).toBe('ACTIVE');
      expect(described.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
      expect(described.Table?.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
      expect(described.Table?.TableArn).toBe(description?.TableArn);
      expect(described.Table?.TableId).toBe(description?.TableId);
      expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(described.Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(0);
      expect(described.Table?.ProvisionedThroughput?.WriteCapacityUnits).toBe(0);
    });

    it('answers CREATING for the table and its global indexes, then describes them ACTIVE', async () => {
      const name = track(uniqueTableName('tables-creating'));
      const created = await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'S' },
          ],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [{ IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        }),
      );
      expect(created.TableDescription?.TableStatus).toBe('CREATING');
      expect(created.TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('CREATING');
      expect(created.TableDescription?.GlobalSecondaryIndexes?.[0]?.Backfilling).toBeUndefined();

      await waitUntilTableExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.TableStatus).toBe('ACTIVE');
      expect(described.Table?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('ACTIVE');
    });

    it('creates a hash-and-range table with provisioned throughput', async () => {
      const name = track(uniqueTableName('tables-range'));
      const created = await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: 'owner', AttributeType: 'S' },
            { AttributeName: 'seq', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'seq', KeyType: 'RANGE' },
          ],
          ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
        }),
      );
      expect(created.TableDescription?.ProvisionedThroughput?.ReadCapacityUnits).toBe(3);
      expect(created.TableDescription?.ProvisionedThroughput?.WriteCapacityUnits).toBe(4);
      await waitUntilTableExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.KeySchema).toEqual([
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ]);
      expect(described.Table?.AttributeDefinitions).toEqual(
        expect.arrayContaining([
          { AttributeName: 'owner', AttributeType: 'S' },
          { AttributeName: 'seq', AttributeType: 'N' },
        ]),
      );
      expect(described.Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(3);
      expect(described.Table?.ProvisionedThroughput?.WriteCapacityUnits).toBe(4);
    });

    it('accepts BillingMode PROVISIONED with both capacities', async () => {
      const name = track(uniqueTableName('tables-prov'));
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PROVISIONED',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        }),
      );
      await waitUntilTableExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'B' }]);
    });

    it('rejects a second table with the same name with ResourceInUseException', async () => {
      const name = track(uniqueTableName('tables-dup'));
      await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });
      const error = await expectDynamoDBError(
        createTestTable(client, name, { hash: { name: 'other', type: 'N' } }),
        'ResourceInUseException',
        `Table already exists: ${name}`,
      );
      expect(error).toBeInstanceOf(ResourceInUseException);
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      expect(described.Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    });

    const base = (name: string): CreateTableCommandInput => ({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
    });

    async function expectRejected(input: CreateTableCommandInput, message: string | RegExp): Promise<void> {
      await expectDynamoDBError(client.send(new CreateTableCommand(input)), 'ValidationException', message);
      expect(await tableExists(input.TableName ?? '')).toBe(false);
    }

    it('rejects a key attribute missing from AttributeDefinitions', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: [
            { AttributeName: 'a', AttributeType: 'S' },
            { AttributeName: 'c', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'b', KeyType: 'RANGE' },
          ],
        },
        'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. ' +
          'Keys: [a, b], AttributeDefinitions: [a, c]',
      );
    });

    it('rejects an attribute definition that no key uses', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: [
            { AttributeName: 'a', AttributeType: 'S' },
            { AttributeName: 'unused', AttributeType: 'N' },
          ],
        },
        'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match ' +
          'number of attributes defined in AttributeDefinitions',
      );
    });

    it('rejects an attribute type outside S, N and B', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        { ...base(name), AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'BOOL' as 'S' }] },
        /^1 validation error detected: Value 'BOOL' at 'attributeDefinitions\.1\.member\.attributeType' failed to satisfy constraint: Member must satisfy enum value set: \[[BNS], [BNS], [BNS]\]$/,
      );
    });

    it('rejects a key schema with more keys than attribute definitions', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'b', KeyType: 'RANGE' },
          ],
        },
        'Invalid KeySchema: Some index key attribute have no definition',
      );
    });

    it('rejects a key schema whose first element is not the HASH key', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: [
            { AttributeName: 'a', AttributeType: 'S' },
            { AttributeName: 'b', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'a', KeyType: 'RANGE' },
            { AttributeName: 'b', KeyType: 'HASH' },
          ],
        },
        'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
      );
    });

    it('counts definitions before names: one attribute as hash and range key with one definition has "no definition"', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'a', KeyType: 'RANGE' },
          ],
        },
        'Invalid KeySchema: Some index key attribute have no definition',
      );
    });

    it('rejects hash and range keys with the same name', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: [
            { AttributeName: 'a', AttributeType: 'S' },
            { AttributeName: 'b', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'a', KeyType: 'RANGE' },
          ],
        },
        'Both the Hash Key and the Range Key element in the KeySchema have the same name',
      );
    });

    it('rejects a table name that is too short or has forbidden characters', async () => {
      await expectDynamoDBError(
        client.send(new CreateTableCommand(base('ab'))),
        'ValidationException',
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
      await expectDynamoDBError(
        client.send(new CreateTableCommand(base('bad name!'))),
        'ValidationException',
        "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: " +
          'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
      );
    });

    it("reports a bad table name's constraints alone, before the other members'", async () => {
      await expectDynamoDBError(
        client.send(new CreateTableCommand({ TableName: 'x!', AttributeDefinitions: [], KeySchema: [] })),
        'ValidationException',
        "2 validation errors detected: Value 'x!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
          "Value 'x!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
      await expectDynamoDBError(
        client.send(new CreateTableCommand({ ...base('abc'), TableName: undefined })),
        'ValidationException',
        "The parameter 'TableName' is required but was not present in the request",
      );
    });

    it('words a short name in its own message on DescribeTable and DeleteTable', async () => {
      const message = 'TableName must be at least 3 characters long and at most 255 characters long';
      await expectDynamoDBError(client.send(new DescribeTableCommand({ TableName: 'ab' })), 'ValidationException', message);
      await expectDynamoDBError(client.send(new DeleteTableCommand({ TableName: 'ab' })), 'ValidationException', message);
    });

    it('shows a key schema of more than two elements as DynamoDB prints it', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        {
          ...base(name),
          AttributeDefinitions: ['a', 'b', 'c'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
          KeySchema: [
            { AttributeName: 'a', KeyType: 'HASH' },
            { AttributeName: 'b', KeyType: 'RANGE' },
            { AttributeName: 'c', KeyType: 'RANGE' },
          ],
        },
        // DynamoDB prints the elements either way, depending on the server that answers.
        /^1 validation error detected: Value '\[(KeySchemaElement\(attributeName=\w, keyType=(HASH|RANGE)\)|com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+)(, (KeySchemaElement\(attributeName=\w, keyType=(HASH|RANGE)\)|com\.amazonaws\.dynamodb\.v20120810\.KeySchemaElement@[0-9a-f]+)){2}\]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/,
      );
    });

    it('rejects PAY_PER_REQUEST with provisioned throughput', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        { ...base(name), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be ' +
          'specified when BillingMode is PAY_PER_REQUEST',
      );
    });

    it('rejects PROVISIONED without throughput', async () => {
      const name = uniqueTableName('tables-bad');
      await expectRejected(
        { ...base(name), BillingMode: 'PROVISIONED' },
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be ' +
          'specified when BillingMode is PROVISIONED',
      );
    });
  });

  describe('DeleteTable', () => {
    it('deletes a table so that it can no longer be described or written', async () => {
      const name = uniqueTableName('tables-del');
      await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });
      const deleted = await client.send(new DeleteTableCommand({ TableName: name }));
      expect(deleted.TableDescription?.TableName).toBe(name);
      expect(['DELETING', 'ACTIVE']).toContain(deleted.TableDescription?.TableStatus);
      await waitUntilTableNotExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
      expect(await tableExists(name)).toBe(false);
      const listed = await listAllTables();
      expect(listed).not.toContain(name);
    });

    it('describes the deleted table with less than DescribeTable: no key schema, attributes, creation time or indexes', async () => {
      const name = uniqueTableName('tables-del-desc');
      await createTableFromInput(client, {
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'by-g', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        LocalSecondaryIndexes: [
          {
            IndexName: 'by-pk-g',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'g', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      });
      const described = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
      const deleted = (await client.send(new DeleteTableCommand({ TableName: name }))).TableDescription;
      expect(deleted?.TableName).toBe(name);
      expect(deleted?.TableStatus).toBe('DELETING');
      expect(deleted?.TableArn).toBe(described?.TableArn);
      expect(deleted?.TableId).toBe(described?.TableId);
      expect(deleted?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(deleted?.ProvisionedThroughput).toEqual({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
      for (const member of ['KeySchema', 'AttributeDefinitions', 'CreationDateTime', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const) {
        expect(described?.[member]).toBeDefined();
        expect(deleted?.[member]).toBeUndefined();
      }
      await waitUntilTableNotExists({ client, maxWaitTime: 180, minDelay: 1, maxDelay: 5 }, { TableName: name });
    });

    it('answers ResourceNotFoundException for a table that does not exist', async () => {
      const error = await expectDynamoDBError(
        client.send(new DeleteTableCommand({ TableName: uniqueTableName('tables-none') })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
      expect(error).toBeInstanceOf(ResourceNotFoundException);
    });

    it('answers ResourceNotFoundException when describing a table that does not exist', async () => {
      await expectDynamoDBError(
        client.send(new DescribeTableCommand({ TableName: uniqueTableName('tables-none') })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
    });
  });

  async function listAllTables(): Promise<string[]> {
    const names: string[] = [];
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand(start === undefined ? {} : { ExclusiveStartTableName: start }));
      names.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
    return names;
  }

  describe('ListTables', () => {
    it('lists tables in name order and pages through them with Limit and ExclusiveStartTableName', async () => {
      const prefix = uniqueTableName('tables-list');
      const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`].map(track);
      for (const name of names) await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });

      const all = await listAllTables();
      const ours = all.filter((name) => name.startsWith(prefix));
      expect(ours).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      expect([...all].sort()).toEqual(all);

      const first = await client.send(new ListTablesCommand({ ExclusiveStartTableName: `${prefix}-`, Limit: 2 }));
      expect(first.TableNames).toEqual([`${prefix}-a`, `${prefix}-b`]);
      expect(first.LastEvaluatedTableName).toBe(`${prefix}-b`);
      const second = await client.send(
        new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 1 }),
      );
      expect(second.TableNames).toEqual([`${prefix}-c`]);
    });

    it('returns no LastEvaluatedTableName on the last page', async () => {
      const after = await client.send(new ListTablesCommand({ ExclusiveStartTableName: 'zzzzzzzzzzzzzzzz' }));
      expect(after.TableNames).toEqual([]);
      expect(after.LastEvaluatedTableName).toBeUndefined();
    });

    it('rejects a Limit outside 1..100', async () => {
      await expectDynamoDBError(
        client.send(new ListTablesCommand({ Limit: 0 })),
        'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
          'Member must have value greater than or equal to 1',
      );
      await expectDynamoDBError(
        client.send(new ListTablesCommand({ Limit: 101 })),
        'ValidationException',
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: " +
          'Member must have value less than or equal to 100',
      );
    });
  });

  describe('UpdateTimeToLive and DescribeTimeToLive', () => {
    it('reports TTL as DISABLED on a new table', async () => {
      const name = track(uniqueTableName('tables-ttl'));
      await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });
      const described = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
      expect(described.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    });

    it('enables TTL on an attribute and describes it, and refuses to enable it twice', async () => {
      const name = track(uniqueTableName('tables-ttl'));
      await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });
      const updated = await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      );
      expect(updated.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      const described = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
      expect(described.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
      expect(['ENABLING', 'ENABLED']).toContain(described.TimeToLiveDescription?.TimeToLiveStatus);

      await expectDynamoDBError(
        client.send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          }),
        ),
        'ValidationException',
        /TimeToLive is already enabled/,
      );
      const after = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
      expect(after.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
    });

    // AWS refuses a second TTL change within an hour, so only the local engine can show disabling.
    it.runIf(inject('dynamodbIsLocalEngine'))('disables TTL again', async () => {
      const name = track(uniqueTableName('tables-ttl'));
      await createTestTable(client, name, { hash: { name: 'id', type: 'S' } });
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }),
      );
      const disabled = await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false } }),
      );
      expect(disabled.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: false });
      const described = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
      expect(['DISABLING', 'DISABLED']).toContain(described.TimeToLiveDescription?.TimeToLiveStatus);
    });

    it('answers ResourceNotFoundException for TTL calls on a missing table', async () => {
      const missing = uniqueTableName('tables-none');
      await expectDynamoDBError(
        client.send(new DescribeTimeToLiveCommand({ TableName: missing })),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
      await expectDynamoDBError(
        client.send(
          new UpdateTimeToLiveCommand({ TableName: missing, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }),
        ),
        'ResourceNotFoundException',
        /^Requested resource not found/,
      );
    });
  });
});
