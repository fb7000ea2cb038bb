/**
 * What an operation may use while it runs: the engine's state it reads and changes, and the
 * state of the one request it answers. Operations depend on this, never on the engine itself.
 */
import type { CapacityTally } from '../capacity/capacity-tally.js';
import type { RequestHolds } from '../latency/item-holds.js';
import type { EngineJournal } from '../persistence/engine-journal.js';
import type { TableStore } from '../storage/table-store.js';
import type { TransactionTokens } from '../storage/transaction-tokens.js';
import type { StreamStore } from '../streams/stream-store.js';

/** The context one request's operation runs in. */
export interface OperationContext {
  /** The engine's tables; `apply()` is the one commit point for item changes. */
  readonly tables: TableStore;
  /** TransactWriteItems' remembered ClientRequestTokens. */
  readonly transactionTokens: TransactionTokens;
  /** Clock in milliseconds since the epoch. */
  readonly now: () => number;
  /** How long UpdateTable's transitional statuses are reported, in milliseconds. */
  readonly statusTransitionMs: number;
  /** Durable storage, for changes the table store does not see (TTL settings); absent in memory. */
  readonly journal: EngineJournal | undefined;
  /** The capacity units this request spends; turned into ConsumedCapacity when asked for. */
  readonly capacity: CapacityTally;
  /** The engine's DynamoDB streams: enabled ones record every item change. */
  readonly streams: StreamStore;
  /**
   * The items ongoing transactions hold, when the engine injects latency (a transaction then
   * lasts long enough for others to run meanwhile); undefined otherwise.
   */
  readonly holds: RequestHolds | undefined;
}
