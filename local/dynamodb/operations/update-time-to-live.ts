/**
 * UpdateTimeToLive: records which attribute holds the expiry (storage/sweep-expired-items.ts deletes
 * expired items).
 */
import type { OperationContext } from './operation-context.js';
import { validationError } from '../errors.js';
import type { UpdateTimeToLiveRequest } from '../validation/update-time-to-live.js';

/**
 * Enables or disables TTL on the table.
 * @throws DynamoDBError ResourceNotFoundException; ValidationException when TTL is already in
 * the requested state.
 */
export function updateTimeToLive(
  context: OperationContext,
  request: UpdateTimeToLiveRequest,
): { TimeToLiveSpecification: { Enabled: boolean; AttributeName: string } } {
  const table = context.tables.require(request.TableName);
  const { Enabled: enabled, AttributeName: attributeName } = request.TimeToLiveSpecification;
  const current = table.timeToLive;
  if (enabled && current?.enabled === true) throw validationError('TimeToLive is already enabled');
  if (!enabled && current?.enabled !== true) throw validationError('TimeToLive is already disabled');
  table.timeToLive = { attributeName, enabled };
  context.journal?.recordTimeToLive(table.name, table.timeToLive);
  return { TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } };
}
