/**
 * What a table is busy with after UpdateTable, and so which status it reports. DynamoDB takes
 * seconds to minutes for each change; the engine applies the change at once and only reports the
 * transitional status for a short, configurable time, so clients that poll for ACTIVE (the SDK
 * waiters, deployment tools) see the same sequence of states as on AWS.
 *
 * Statuses are computed from the engine's clock when asked, so nothing runs in the background and
 * a restart (which forgets transitions) simply finds everything ACTIVE.
 */
import type { SecondaryIndexDefinition } from './table-definition.js';

/** One change in progress, until `until` (engine clock, milliseconds). */
export type Transition =
  /** Table throughput or billing mode: the table is UPDATING throughout. */
  | { readonly kind: 'throughput'; readonly until: number }
  /** The table's stream being enabled or disabled: the table is UPDATING throughout. */
  | { readonly kind: 'stream'; readonly until: number }
  /**
   * A global index being created: the table is UPDATING until `allocatedAt` (resource allocation,
   * `Backfilling: false`), then ACTIVE while the index backfills (`Backfilling: true`).
   */
  | { readonly kind: 'create-index'; readonly index: string; readonly allocatedAt: number; readonly until: number }
  /** A global index being deleted: the table is UPDATING and the index listed as DELETING. */
  | { readonly kind: 'delete-index'; readonly index: string; readonly definition: SecondaryIndexDefinition; readonly until: number }
  /** A global index's throughput being changed: the index is UPDATING, the table stays ACTIVE. */
  | { readonly kind: 'update-index'; readonly index: string; readonly until: number };

/** A global index's status as DescribeTable reports it. */
export interface IndexState {
  readonly status: 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';
  /** Only for an index created by UpdateTable while it is CREATING. */
  readonly backfilling?: boolean;
}

const active: IndexState = { status: 'ACTIVE' };

/** The transitions of one table. */
export class TableLifecycle {
  #transitions: readonly Transition[] = [];

  /** Starts a transition. */
  begin(transition: Transition): void {
    this.#transitions = [...this.#transitions, transition];
  }

  /** The transitions still in progress at `now`. */
  inProgress(now: number): readonly Transition[] {
    if (this.#transitions.some((t) => t.until <= now)) this.#transitions = this.#transitions.filter((t) => t.until > now);
    return this.#transitions;
  }

  /** The table's status at `now`. */
  tableStatus(now: number): 'ACTIVE' | 'UPDATING' {
    const updating = this.inProgress(now).some(
      (t) => t.kind === 'throughput' || t.kind === 'stream' || t.kind === 'delete-index' || (t.kind === 'create-index' && now < t.allocatedAt),
    );
    return updating ? 'UPDATING' : 'ACTIVE';
  }

  /** A global index's status at `now`. */
  indexState(name: string, now: number): IndexState {
    for (const t of this.inProgress(now)) {
      if (t.kind === 'throughput' || t.kind === 'stream' || t.index !== name) continue;
      if (t.kind === 'create-index') return { status: 'CREATING', backfilling: now >= t.allocatedAt };
      if (t.kind === 'delete-index') return { status: 'DELETING' };
      return { status: 'UPDATING' };
    }
    return active;
  }

  /** Indexes deleted but still listed as DELETING at `now`. */
  deletingIndexes(now: number): SecondaryIndexDefinition[] {
    return this.inProgress(now).flatMap((t) => (t.kind === 'delete-index' ? [t.definition] : []));
  }
}
