import { DynamoDBError } from '../errors.js';
import { transactionConflictCancellation, transactionConflictException } from '../operations/transaction-conflict.js';

/** The errors a fault rule can make an operation fail with. */
export type FaultErrorKind =
  | 'ProvisionedThroughputExceededException'
  | 'ThrottlingException'
  | 'InternalServerError'
  | 'TransactionConflict';

/** Operations whose TransactionConflict surfaces as a cancelled transaction. */
const transactional = new Set(['TransactWriteItems', 'TransactGetItems']);

/** Number of actions in a transaction request, for one cancellation reason per action. */
function actionCount(request: Readonly<Record<string, unknown>>): number {
  const items = request.TransactItems;
  return Array.isArray(items) && items.length > 0 ? items.length : 1;
}

/**
 * The error DynamoDB would send for this fault, with DynamoDB's wording.
 *
 * A TransactionConflict on a transaction is a TransactionCanceledException whose reasons name
 * `TransactionConflict` for the action at `conflictIndex` and `None` for the others; on a
 * single-item operation it is the TransactionConflictException DynamoDB sends when the item
 * is part of an ongoing transaction.
 */
export function faultError(
  kind: FaultErrorKind,
  operation: string,
  request: Readonly<Record<string, unknown>>,
  conflictIndex = 0,
): DynamoDBError {
  switch (kind) {
    case 'ProvisionedThroughputExceededException':
      return new DynamoDBError(
        'ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      );
    case 'ThrottlingException':
      return new DynamoDBError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
    case 'InternalServerError':
      return new DynamoDBError('InternalServerError', 'Internal server error');
    case 'TransactionConflict': {
      if (!transactional.has(operation)) return transactionConflictException();
      const count = actionCount(request);
      return transactionConflictCancellation(count, new Set([Math.min(Math.max(0, conflictIndex), count - 1)]));
    }
  }
}
