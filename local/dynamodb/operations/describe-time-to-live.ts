/**
 * DescribeTimeToLive.
 */
import type { Engine } from '../engine.js';
import type { TableNameRequest } from '../validation/table-name-request.js';
import { managedTable } from './managed-table.js';

/** DescribeTimeToLive's response. */
export interface DescribeTimeToLiveResponse {
  TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED' | 'DISABLED'; AttributeName?: string };
}

/**
 * Describes the table's TTL setting.
 * @throws DynamoDBError ResourceNotFoundException when there is no such table.
 */
export function describeTimeToLive(engine: Engine, request: TableNameRequest): DescribeTimeToLiveResponse {
  const ttl = managedTable(engine, request.TableName).timeToLive;
  if (ttl?.enabled !== true) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } };
}
