/**
 * DescribeContinuousBackups and UpdateContinuousBackups. The engine keeps no backups: it records
 * whether point-in-time recovery is on (and for how many days), durably under --db-path, and
 * reports it as DynamoDB does. Continuous backups themselves are always ENABLED on DynamoDB.
 */
import { DynamoDBError } from '../errors.js';
import type { Table } from '../storage/table.js';
import type { DescribeContinuousBackupsRequest, UpdateContinuousBackupsRequest } from '../validation/continuous-backups.js';
import type { OperationContext } from './operation-context.js';

/** DynamoDB's recovery period when the request names none. */
const defaultRecoveryPeriodInDays = 35;
/** How far behind now DynamoDB's latest restorable time usually is. */
const restoreLagSeconds = 300;

function backedUpTable(context: OperationContext, name: string): Table {
  const table = context.tables.find(name);
  if (table === undefined) throw new DynamoDBError('TableNotFoundException', `Table not found: ${name}`);
  return table;
}

function description(table: Table, now: number): { ContinuousBackupsDescription: Record<string, unknown> } {
  const pitr = table.pointInTimeRecovery;
  const recovery =
    pitr === undefined
      ? { PointInTimeRecoveryStatus: 'DISABLED' }
      : {
          PointInTimeRecoveryStatus: 'ENABLED',
          RecoveryPeriodInDays: pitr.recoveryPeriodInDays,
          EarliestRestorableDateTime: pitr.enabledAt,
          LatestRestorableDateTime: Math.max(pitr.enabledAt, now / 1000 - restoreLagSeconds),
        };
  return { ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: recovery } };
}

/**
 * Describes the table's continuous backups.
 * @throws DynamoDBError TableNotFoundException "Table not found: <name>".
 */
export function describeContinuousBackups(context: OperationContext, request: DescribeContinuousBackupsRequest): { ContinuousBackupsDescription: Record<string, unknown> } {
  return description(backedUpTable(context, request.tableName), context.now());
}

/**
 * Turns point-in-time recovery on or off (or changes its recovery period).
 * @throws DynamoDBError TableNotFoundException "Table not found: <name>".
 */
export function updateContinuousBackups(context: OperationContext, request: UpdateContinuousBackupsRequest): { ContinuousBackupsDescription: Record<string, unknown> } {
  const table = backedUpTable(context, request.tableName);
  const now = context.now();
  const current = table.pointInTimeRecovery;
  table.pointInTimeRecovery = request.enabled
    ? { enabledAt: current?.enabledAt ?? now / 1000, recoveryPeriodInDays: request.recoveryPeriodInDays ?? current?.recoveryPeriodInDays ?? defaultRecoveryPeriodInDays }
    : undefined;
  context.journal?.recordPointInTimeRecovery(table);
  return description(table, now);
}
