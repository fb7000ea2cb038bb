/**
 * When a table's or a global index's provisioned throughput last went up or down, and how many
 * decreases it had this UTC day: the bookkeeping fields of ProvisionedThroughputDescription.
 * Kept in memory only (like CreationDateTime, it is regenerated after a restart).
 */
import type { ProvisionedThroughput } from './table-definition.js';

/** The history of one throughput (the table's, or one index's). */
export interface ThroughputChanges {
  /** Seconds since the epoch. */
  readonly lastIncrease?: number;
  readonly lastDecrease?: number;
  readonly decreasesToday: number;
  /** The UTC day (YYYY-MM-DD) `decreasesToday` counts. */
  readonly day?: string;
}

const none: ThroughputChanges = { decreasesToday: 0 };

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Throughput histories by owner: '' for the table, the index name for a global index. */
export class ThroughputHistory {
  readonly #changes = new Map<string, ThroughputChanges>();

  /** The history of `owner` as it stands at `now` (the decrease count resets each UTC day). */
  of(owner: string, now: number): ThroughputChanges {
    const changes = this.#changes.get(owner) ?? none;
    return changes.day === undefined || changes.day === utcDay(now) ? changes : { ...changes, decreasesToday: 0 };
  }

  /** Records a change from `before` to `after` made at `now`. */
  record(owner: string, before: ProvisionedThroughput, after: ProvisionedThroughput, now: number): void {
    const current = this.of(owner, now);
    const seconds = now / 1000;
    const increased = after.ReadCapacityUnits > before.ReadCapacityUnits || after.WriteCapacityUnits > before.WriteCapacityUnits;
    const decreased = after.ReadCapacityUnits < before.ReadCapacityUnits || after.WriteCapacityUnits < before.WriteCapacityUnits;
    this.#changes.set(owner, {
      ...current,
      ...(increased ? { lastIncrease: seconds } : {}),
      ...(decreased ? { lastDecrease: seconds, decreasesToday: current.decreasesToday + 1, day: utcDay(now) } : {}),
    });
  }

  /** Forgets an owner (a deleted index). */
  forget(owner: string): void {
    this.#changes.delete(owner);
  }
}
