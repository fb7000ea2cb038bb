/**
 * The engine: tables, the transaction token cache, and the table of operations. Reached over
 * HTTP only through {@link Engine.handle}; the handle itself (reset, fault injection, TTL
 * sweeps, durable storage) is for in-process callers such as tests.
 *
 * Every operation runs synchronously from validation to response: nothing awaits between
 * reading an item and writing it, so concurrent requests can never interleave inside one.
 * Only acknowledging may wait: for the journal's fsync, and for injected latency. Under a
 * latency profile a transaction's items stay held until its answer is sent, as DynamoDB holds
 * them for the transaction's duration (see latency/item-holds.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CapacityTally } from './capacity/capacity-tally.js';
import { consumedCapacityField, consumedCapacityList, type ReturnConsumedCapacity } from './capacity/consumed-capacity.js';
import { DynamoDBError } from './errors.js';
import { FaultInjector } from './faults/fault-injector.js';
import { withFaults } from './faults/with-faults.js';
import { ItemHolds, type RequestHolds } from './latency/item-holds.js';
import { checkLatencyProfile, type LatencyProfile } from './latency/latency-profile.js';
import { batchGetItem } from './operations/batch-get-item.js';
import { batchWriteItem } from './operations/batch-write-item.js';
import { query } from './operations/query.js';
import { scan } from './operations/scan.js';
import type { EngineJournal } from './persistence/engine-journal.js';
import { sweepExpiredItems } from './storage/sweep-expired-items.js';
import { validateBatchGetItem } from './validation/batch-get-item.js';
import { validateBatchWriteItem } from './validation/batch-write-item.js';
import { validateQuery, validateScan } from './validation/read-request.js';
import { createTable } from './operations/create-table.js';
import { deleteItem } from './operations/delete-item.js';
import { deleteTable } from './operations/delete-table.js';
import { describeTable } from './operations/describe-table.js';
import { describeTimeToLive } from './operations/describe-time-to-live.js';
import { getItem } from './operations/get-item.js';
import type { OperationContext } from './operations/operation-context.js';
import { describeContinuousBackups, updateContinuousBackups } from './operations/continuous-backups.js';
import { describeEndpoints } from './operations/describe-endpoints.js';
import { describeLimits } from './operations/describe-limits.js';
import { listTables } from './operations/list-tables.js';
import { listTagsOfResource } from './operations/list-tags-of-resource.js';
import { tagResource, untagResource } from './operations/tag-resource.js';
import { putItem } from './operations/put-item.js';
import { transactGetItems } from './operations/transact-get-items.js';
import { transactWriteItems } from './operations/transact-write-items.js';
import { updateItem } from './operations/update-item.js';
import { updateTable } from './operations/update-table.js';
import { updateTimeToLive } from './operations/update-time-to-live.js';
import { TableStore } from './storage/table-store.js';
import { StreamStore } from './streams/stream-store.js';
import { describeStream } from './operations/describe-stream.js';
import { getRecords } from './operations/get-records.js';
import { getShardIterator } from './operations/get-shard-iterator.js';
import { listStreams } from './operations/list-streams.js';
import { validateDescribeStream } from './validation/describe-stream.js';
import { validateGetRecords } from './validation/get-records.js';
import { validateGetShardIterator } from './validation/get-shard-iterator.js';
import { validateListStreams } from './validation/list-streams.js';
import { TransactionTokens } from './storage/transaction-tokens.js';
import { validateCreateTable } from './validation/create-table.js';
import { validateDeleteItem } from './validation/delete-item.js';
import { validateDeleteTable } from './validation/delete-table.js';
import { validateDescribeTable } from './validation/describe-table.js';
import { validateDescribeTimeToLive } from './validation/describe-time-to-live.js';
import { validateGetItem } from './validation/get-item.js';
import { validateDescribeContinuousBackups, validateUpdateContinuousBackups } from './validation/continuous-backups.js';
import { validateListTables } from './validation/list-tables.js';
import { validateNoMembersRequest } from './validation/no-members-request.js';
import { validateListTagsOfResource } from './validation/list-tags-of-resource.js';
import { validateTagResource, validateUntagResource } from './validation/tag-resource.js';
import { validatePutItem } from './validation/put-item.js';
import { validateTransactGetItems } from './validation/transact-get-items.js';
import { validateTransactWriteItems } from './validation/transact-write-items.js';
import { validateUpdateItem } from './validation/update-item.js';
import { validateUpdateTable } from './validation/update-table.js';
import { validateUpdateTimeToLive } from './validation/update-time-to-live.js';
import { compareValues } from './values/compare-values.js';

/** One operation: validates the raw request body, then executes it in the request's context. */
export type OperationHandler = (context: OperationContext, body: unknown) => unknown;

/** Pairs an operation's validation with its semantics. */
function operation<R>(validate: (body: unknown) => R, execute: (context: OperationContext, request: R) => unknown): OperationHandler {
  return (context, body) => execute(context, validate(body));
}

/** The operations this engine speaks, by X-Amz-Target name. */
const operations: ReadonlyMap<string, OperationHandler> = new Map<string, OperationHandler>([
  ['CreateTable', operation(validateCreateTable, createTable)],
  ['DescribeTable', operation(validateDescribeTable, describeTable)],
  ['DeleteTable', operation(validateDeleteTable, deleteTable)],
  ['ListTables', operation(validateListTables, listTables)],
  ['UpdateTable', operation(validateUpdateTable, updateTable)],
  ['UpdateTimeToLive', operation(validateUpdateTimeToLive, updateTimeToLive)],
  ['DescribeTimeToLive', operation(validateDescribeTimeToLive, describeTimeToLive)],
  ['DescribeContinuousBackups', operation(validateDescribeContinuousBackups, describeContinuousBackups)],
  ['UpdateContinuousBackups', operation(validateUpdateContinuousBackups, updateContinuousBackups)],
  ['DescribeEndpoints', operation((body) => validateNoMembersRequest(body, 'DescribeEndpointsRequest'), describeEndpoints)],
  ['DescribeLimits', operation((body) => validateNoMembersRequest(body, 'DescribeLimitsInput'), describeLimits)],
  ['TagResource', operation(validateTagResource, tagResource)],
  ['UntagResource', operation(validateUntagResource, untagResource)],
  ['ListTagsOfResource', operation(validateListTagsOfResource, listTagsOfResource)],
  ['PutItem', operation(validatePutItem, putItem)],
  ['GetItem', operation(validateGetItem, getItem)],
  ['UpdateItem', operation(validateUpdateItem, updateItem)],
  ['DeleteItem', operation(validateDeleteItem, deleteItem)],
  ['TransactWriteItems', operation(validateTransactWriteItems, transactWriteItems)],
  ['TransactGetItems', operation(validateTransactGetItems, transactGetItems)],
  ['Query', operation(validateQuery, query)],
  ['Scan', operation(validateScan, scan)],
  ['BatchGetItem', operation(validateBatchGetItem, batchGetItem)],
  ['BatchWriteItem', operation(validateBatchWriteItem, batchWriteItem)],
  // DynamoDB Streams, reached with the `DynamoDBStreams_20120810.` target prefix.
  ['ListStreams', operation(validateListStreams, listStreams)],
  ['DescribeStream', operation(validateDescribeStream, describeStream)],
  ['GetShardIterator', operation(validateGetShardIterator, getShardIterator)],
  ['GetRecords', operation(validateGetRecords, getRecords)],
]);

/** Operations whose ConsumedCapacity is one object (one table) or a list (one per table). */
const singleTableOperations = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
const multiTableOperations = new Set(['TransactWriteItems', 'TransactGetItems']);

function requestedCapacity(body: unknown): ReturnConsumedCapacity | undefined {
  if (typeof body !== 'object' || body === null || !('ReturnConsumedCapacity' in body)) return undefined;
  const mode = body.ReturnConsumedCapacity;
  return mode === 'TOTAL' || mode === 'INDEXES' ? mode : undefined;
}

function withConsumedCapacity(operation: string, body: unknown, result: unknown, tally: CapacityTally): unknown {
  const mode = requestedCapacity(body);
  if (mode === undefined || typeof result !== 'object' || result === null || 'ConsumedCapacity' in result) return result;
  if (singleTableOperations.has(operation)) {
    const tableName = typeof body === 'object' && body !== null && 'TableName' in body && typeof body.TableName === 'string' ? body.TableName : undefined;
    return tableName === undefined ? result : { ...result, ...consumedCapacityField(tally, tableName, mode) };
  }
  if (multiTableOperations.has(operation)) return { ...result, ...consumedCapacityList(tally, mode) };
  return result;
}

/** Options of an {@link Engine}. */
export interface EngineOptions {
  /**
   * Clock in milliseconds since the epoch (token expiry, TTL, stream records, iterator expiry and
   * retention); injectable for tests.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How long a table or index reports a transitional status (UPDATING, CREATING, DELETING)
   * after UpdateTable, in milliseconds. The change itself is applied at once; the status only
   * lets clients that poll for ACTIVE see DynamoDB's sequence of states.
   * @default 500
   */
  readonly statusTransitionMs?: number;
  /**
   * Milliseconds added to each operation's answer (e.g. `latencyProfiles['in-region']`), waited
   * without blocking the engine, so the waits of concurrent requests overlap. While it is set, a
   * transaction holds its items until its answer is sent. No latency, and no holding, by default.
   * @default {}
   */
  readonly latency?: LatencyProfile;
}

/** An in-memory DynamoDB-compatible engine. */
export class Engine {
  readonly tables = new TableStore(compareValues);
  readonly transactionTokens: TransactionTokens;
  readonly now: () => number;
  readonly statusTransitionMs: number;
  /** Every DynamoDB stream, enabled or within its 24 hours after being disabled. */
  readonly streams: StreamStore;
  /** Fault injection for tests: empty, and so free, unless a test adds rules. */
  readonly faults = new FaultInjector();
  /** Durable storage, when the engine runs with a db path. */
  #journal: EngineJournal | undefined;
  readonly #latency: LatencyProfile;
  /** Items of ongoing transactions; only ever filled under a latency profile. */
  readonly #holds = new ItemHolds();
  /** True under a latency profile: then every request, however fast itself, respects the holds. */
  readonly #holdsItems: boolean;

  constructor(options: EngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.statusTransitionMs = options.statusTransitionMs ?? 500;
    if (!Number.isFinite(this.statusTransitionMs) || this.statusTransitionMs < 0) {
      throw new Error(`Invalid statusTransitionMs: ${this.statusTransitionMs}`);
    }
    this.#latency = options.latency ?? {};
    checkLatencyProfile(this.#latency);
    this.#holdsItems = Object.values(this.#latency).some((milliseconds) => milliseconds !== undefined && milliseconds > 0);
    this.transactionTokens = new TransactionTokens(this.now);
    this.streams = new StreamStore(this.now);
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
    return this.#execute(operation, body, undefined);
  }

  #execute(operation: string, body: unknown, holds: RequestHolds | undefined): unknown {
    const handler = operations.get(operation);
    if (handler === undefined) throw new DynamoDBError('UnknownOperationException', '');
    // Everything one request accumulates (its capacity) lives in its own context, so nothing of a
    // request outlives it on the engine.
    const context: OperationContext = {
      tables: this.tables,
      transactionTokens: this.transactionTokens,
      now: this.now,
      journal: this.#journal,
      statusTransitionMs: this.statusTransitionMs,
      capacity: new CapacityTally(),
      streams: this.streams,
      holds,
    };
    const result = handler(context, body);
    return withConsumedCapacity(operation, body, result, context.capacity);
  }

  /**
   * Runs one request as the wire receives it: with injected faults, and, under durable
   * storage, resolving only once the request's writes are on disk. Synchronous (returns the
   * body itself) when neither applies, which is the common case.
   * @throws DynamoDBError as {@link Engine.execute} does, or an injected fault.
   */
  handle(operation: string, body: unknown): unknown {
    if (!this.#holdsItems) return this.#handleNow(operation, body, undefined);
    return this.#handleLate(operation, body, this.#latency[operation] ?? 0);
  }

  #handleNow(operation: string, body: unknown, holds: RequestHolds | undefined): unknown {
    if (!this.faults.active) return this.#durably(this.#execute(operation, body, holds));
    const request = typeof body === 'object' && body !== null ? (body as Readonly<Record<string, unknown>>) : {};
    return withFaults(this.faults, operation, request, () => {
      try {
        return Promise.resolve(this.#durably(this.#execute(operation, body, holds)));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /**
   * Runs the request at once (its reads and writes happen on arrival), then answers after
   * `latencyMs`: the answer, or the error, waits; the engine does not. What a transaction holds
   * is let go of only once that wait is over.
   */
  async #handleLate(operation: string, body: unknown, latencyMs: number): Promise<unknown> {
    const held: string[] = [];
    const waited = latencyMs > 0 ? sleep(latencyMs) : undefined;
    try {
      const result = await this.#handleNow(operation, body, this.#holds.forRequest(held));
      await waited;
      return result;
    } catch (error) {
      await waited;
      throw error;
    } finally {
      this.#holds.release(held);
    }
  }

  #durably(result: unknown): unknown {
    const pending = this.#journal?.takePending();
    return pending === undefined ? result : pending.then(() => result);
  }

  /**
   * Binds durable storage: from now on every table and item change is journaled, and
   * {@link Engine.handle} acknowledges a write only once its record is durable.
   */
  attachJournal(journal: EngineJournal): void {
    this.#journal = journal;
    this.tables.observer = {
      tableCreated: (definition) => {
        journal.recordCreate(definition);
      },
      tableDeleted: (name) => {
        journal.recordDrop(name);
      },
      itemsChanged: (changes, streamedAt, expired) => {
        journal.recordChanges(changes, streamedAt, expired);
      },
    };
    this.streams.observer = {
      streamEnabled: (identity) => {
        journal.recordStreamEnabled(identity);
      },
      streamDisabled: (arn, tableName, at) => {
        journal.recordStreamDisabled(arn, tableName, at);
      },
    };
  }

  /** How many items ongoing transactions hold (only ever non-zero under a latency profile). */
  get heldItems(): number {
    return this.#holds.size;
  }

  /** The durable storage bound to this engine, if any. */
  get journal(): EngineJournal | undefined {
    return this.#journal;
  }

  /**
   * Deletes every item whose TTL has passed, on tables with TTL enabled: what the background
   * sweeper does at each interval, callable by tests at will.
   * @returns how many items were deleted.
   */
  sweepExpiredItems(): number {
    return sweepExpiredItems(this.tables, this.now());
  }

  /** Drops every table and stream and every remembered transaction token, and clears injected faults. */
  reset(): void {
    for (const name of this.tables.names()) this.tables.delete(name);
    this.streams.clear();
    this.transactionTokens.clear();
    this.faults.clear();
    this.#holds.clear();
  }
}
