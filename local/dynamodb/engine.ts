/**
 * The engine: tables, the transaction token cache, and the table of operations. Reached over
 * HTTP only through {@link Engine.execute}; the handle itself (reset, and in part two fault
 * injection and TTL sweeps) is for in-process callers such as tests.
 *
 * Every operation runs synchronously from validation to response: nothing awaits between
 * reading an item and writing it, so concurrent requests can never interleave inside one.
 */
import { DynamoDBError } from './errors.js';
import { createTable } from './operations/create-table.js';
import { deleteItem } from './operations/delete-item.js';
import { deleteTable } from './operations/delete-table.js';
import { describeTable } from './operations/describe-table.js';
import { describeTimeToLive } from './operations/describe-time-to-live.js';
import { getItem } from './operations/get-item.js';
import { listTables } from './operations/list-tables.js';
import { putItem } from './operations/put-item.js';
import { transactGetItems } from './operations/transact-get-items.js';
import { transactWriteItems } from './operations/transact-write-items.js';
import { updateItem } from './operations/update-item.js';
import { updateTimeToLive } from './operations/update-time-to-live.js';
import { TableStore } from './storage/table-store.js';
import { TransactionTokens } from './storage/transaction-tokens.js';
import { validateCreateTable } from './validation/create-table.js';
import { validateDeleteItem } from './validation/delete-item.js';
import { validateDeleteTable } from './validation/delete-table.js';
import { validateDescribeTable } from './validation/describe-table.js';
import { validateDescribeTimeToLive } from './validation/describe-time-to-live.js';
import { validateGetItem } from './validation/get-item.js';
import { validateListTables } from './validation/list-tables.js';
import { validatePutItem } from './validation/put-item.js';
import { validateTransactGetItems } from './validation/transact-get-items.js';
import { validateTransactWriteItems } from './validation/transact-write-items.js';
import { validateUpdateItem } from './validation/update-item.js';
import { validateUpdateTimeToLive } from './validation/update-time-to-live.js';
import { compareValues } from './values/compare-values.js';

/** One operation: validates the raw request body, then executes it against the engine. */
export type OperationHandler = (engine: Engine, body: unknown) => unknown;

/** Pairs an operation's validation with its semantics. */
function operation<R>(validate: (body: unknown) => R, execute: (engine: Engine, request: R) => unknown): OperationHandler {
  return (engine, body) => execute(engine, validate(body));
}

/**
 * The operations this engine speaks, by X-Amz-Target name. Part two adds Query, Scan,
 * BatchGetItem and BatchWriteItem here.
 */
const operations: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ['CreateTable', operation(validateCreateTable, createTable)],
  ['DescribeTable', operation(validateDescribeTable, describeTable)],
  ['DeleteTable', operation(validateDeleteTable, deleteTable)],
  ['ListTables', operation(validateListTables, listTables)],
  ['UpdateTimeToLive', operation(validateUpdateTimeToLive, updateTimeToLive)],
  ['DescribeTimeToLive', operation(validateDescribeTimeToLive, describeTimeToLive)],
  ['PutItem', operation(validatePutItem, putItem)],
  ['GetItem', operation(validateGetItem, getItem)],
  ['UpdateItem', operation(validateUpdateItem, updateItem)],
  ['DeleteItem', operation(validateDeleteItem, deleteItem)],
  ['TransactWriteItems', operation(validateTransactWriteItems, transactWriteItems)],
  ['TransactGetItems', operation(validateTransactGetItems, transactGetItems)],
]);

/** Options of an {@link Engine}. */
export interface EngineOptions {
  /**
   * Clock in milliseconds since the epoch (token expiry, TTL); injectable for tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** An in-memory DynamoDB-compatible engine. */
export class Engine {
  readonly tables = new TableStore(compareValues);
  readonly transactionTokens: TransactionTokens;
  readonly now: () => number;

  constructor(options: EngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.transactionTokens = new TransactionTokens(this.now);
  }

  /** True when `operation` (an X-Amz-Target operation name) is implemented. */
  supports(operation: string): boolean {
    return operations.has(operation);
  }

  /**
   * Validates and executes one request, synchronously.
   * @returns the response body.
   * @throws DynamoDBError the error DynamoDB would answer; UnknownOperationException for an
   * operation this engine does not implement.
   */
  execute(operation: string, body: unknown): unknown {
    const handler = operations.get(operation);
    if (handler === undefined) throw new DynamoDBError('UnknownOperationException', '');
    return handler(this, body);
  }

  /** Drops every table and every remembered transaction token. */
  reset(): void {
    this.tables.clear();
    this.transactionTokens.clear();
  }
}
