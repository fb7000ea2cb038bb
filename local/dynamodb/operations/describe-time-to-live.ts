/**
 * DescribeTimeToLive.
 */
import type { OperationContext } from './operation-context.js';
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
export function describeTimeToLive(context: OperationContext, request: TableNameRequest): DescribeTimeToLiveResponse {
  const ttl = managedTable(context, request.TableName).timeToLive;
  if (ttl?.enabled !== true) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } };
}
