/**
 * The items of one partition (one hash key value) of a table with a range key, kept sorted by
 * range key as DynamoDB orders them, so Query can walk a range in either direction.
 */
import type { AttributeValue } from '../values/attribute-value.js';
import type { StoredItem } from './stored-item.js';

/** Orders two range key values of the same type: negative, zero or positive. */
export type RangeComparator = (a: AttributeValue, b: AttributeValue) => number;

/** A partition's items in range key order. */
export class SortedPartition {
  /** The items, ascending by range key. Read-only for callers: mutate through put/delete. */
  readonly entries: StoredItem[] = [];

  constructor(private readonly compare: RangeComparator) {}

  /**
   * Index of the first entry whose range key is >= `range` (entries.length when none).
   * Query uses it to start a walk.
   */
  lowerBound(range: AttributeValue): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.entries[middle];
      if (entry?.rangeValue !== undefined && this.compare(entry.rangeValue, range) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index of the first entry whose range key is > `range` (entries.length when none). */
  upperBound(range: AttributeValue): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.entries[middle];
      if (entry?.rangeValue !== undefined && this.compare(entry.rangeValue, range) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Inserts the item, or replaces the one with the same range key. */
  put(stored: StoredItem): void {
    const range = stored.rangeValue;
    if (range === undefined) throw new Error('SortedPartition.put needs an item with a range key');
    const index = this.lowerBound(range);
    const existing = this.entries[index];
    if (existing?.rangeValue !== undefined && this.compare(existing.rangeValue, range) === 0) {
      this.entries[index] = stored;
    } else {
      this.entries.splice(index, 0, stored);
    }
  }

  /** Removes the item with this range key, if present. */
  delete(range: AttributeValue): void {
    const index = this.lowerBound(range);
    const existing = this.entries[index];
    if (existing?.rangeValue !== undefined && this.compare(existing.rangeValue, range) === 0) {
      this.entries.splice(index, 1);
    }
  }

  /** Number of items in the partition. */
  get size(): number {
    return this.entries.length;
  }
}
