/**
 * The answers DynamoDB gives a request that touches an item an ongoing transaction includes:
 * a TransactionConflictException for a single-item write, and for a transaction a cancellation
 * whose reason is `TransactionConflict` for each conflicting action and `None` for the others.
 */
import { DynamoDBError } from '../errors.js';

const ongoingMessage = 'Transaction is ongoing for the item';

/** What PutItem, UpdateItem and DeleteItem answer on an item an ongoing transaction holds. */
export function transactionConflictException(): DynamoDBError {
  return new DynamoDBError('TransactionConflictException', ongoingMessage);
}

/**
 * The cancellation of a transaction of `actionCount` actions, those at `conflicting` touching
 * items an ongoing transaction holds.
 */
export function transactionConflictCancellation(actionCount: number, conflicting: ReadonlySet<number>): DynamoDBError {
  const reasons = Array.from({ length: actionCount }, (_, index) =>
    conflicting.has(index) ? { Code: 'TransactionConflict', Message: ongoingMessage } : { Code: 'None' },
  );
  return new DynamoDBError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    { CancellationReasons: reasons },
  );
}
