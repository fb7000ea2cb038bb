import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DynamoDBServiceException,
  UpdateContinuousBackupsCommand,
  waitUntilTableExists,
  type UpdateContinuousBackupsCommandInput,
  type UpdateContinuousBackupsCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDBClient, uniqueTableName } from '../../support/dynamodb.js';
import { expectDynamoDBError } from './support/expect-dynamodb-error.js';
import { deleteTestTables } from './support/test-tables.js';

describe('DescribeEndpoints, DescribeLimits and continuous backups', () => {
  const client = testDynamoDBClient();
  const name = uniqueTableName('backups');

  beforeAll(async () => {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: name });
  }, 330_000);

  afterAll(async () => {
    await deleteTestTables(client, [name]);
    client.destroy();
  });

  /** On AWS, backups are being enabled for a few seconds after a table becomes ACTIVE. */
  async function updateBackups(input: UpdateContinuousBackupsCommandInput): Promise<UpdateContinuousBackupsCommandOutput> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        return await client.send(new UpdateContinuousBackupsCommand(input));
      } catch (error) {
        const retry = error instanceof DynamoDBServiceException && error.name === 'ContinuousBackupsUnavailableException' && Date.now() < deadline;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  it('describes the regional endpoint', async () => {
    const { Endpoints: endpoints } = await client.send(new DescribeEndpointsCommand({}));
    expect(endpoints).toHaveLength(1);
    expect(endpoints?.[0]?.Address).toMatch(/^dynamodb\.[a-z0-9-]+\.amazonaws\.com$/);
    expect(endpoints?.[0]?.CachePeriodInMinutes).toBe(1440);
  });

  it('describes the account and table capacity limits', async () => {
    const limits = await client.send(new DescribeLimitsCommand({}));
    for (const value of [limits.AccountMaxReadCapacityUnits, limits.AccountMaxWriteCapacityUnits, limits.TableMaxReadCapacityUnits, limits.TableMaxWriteCapacityUnits]) {
      expect(Number.isInteger(value) && (value ?? 0) > 0).toBe(true);
    }
    expect(limits.TableMaxReadCapacityUnits).toBeLessThanOrEqual(limits.AccountMaxReadCapacityUnits ?? 0);
    expect(limits.TableMaxWriteCapacityUnits).toBeLessThanOrEqual(limits.AccountMaxWriteCapacityUnits ?? 0);
  });

  it('reports continuous backups on and point-in-time recovery off for a new table', async () => {
    const described = await client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(described.ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    });
  });

  it('turns point-in-time recovery on, changes its period, and turns it off', async () => {
    const enabled = await updateBackups({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    const recovery = enabled.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    expect(enabled.ContinuousBackupsDescription?.ContinuousBackupsStatus).toBe('ENABLED');
    expect(recovery?.PointInTimeRecoveryStatus).toBe('ENABLED');
    expect(recovery?.RecoveryPeriodInDays).toBe(35);
    expect(recovery?.EarliestRestorableDateTime).toBeInstanceOf(Date);
    expect(recovery?.LatestRestorableDateTime).toBeInstanceOf(Date);

    const described = await client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(described.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');

    const shorter = await updateBackups({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } });
    expect(shorter.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays).toBe(7);

    const disabled = await updateBackups({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } });
    expect(disabled.ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    });
  }, 300_000);

  it('refuses a recovery period when turning point-in-time recovery off', async () => {
    await expectDynamoDBError(
      client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 7 } })),
      'ValidationException',
      'Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.',
    );
  });

  it('refuses a recovery period over 35 days', async () => {
    await expectDynamoDBError(
      client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 36 } })),
      'ValidationException',
      "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35",
    );
  });

  it.each([
    ['DescribeContinuousBackups', () => client.send(new DescribeContinuousBackupsCommand({ TableName: `${name}-missing` }))],
    [
      'UpdateContinuousBackups',
      () => client.send(new UpdateContinuousBackupsCommand({ TableName: `${name}-missing`, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })),
    ],
  ])('%s answers TableNotFoundException for a table that does not exist', async (_operation, call) => {
    await expectDynamoDBError(call(), 'TableNotFoundException', `Table not found: ${name}-missing`);
  });
});
