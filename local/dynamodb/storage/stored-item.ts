/**
 * One item as the storage keeps it: the attributes, with the key and size computed once at
 * write time so reads, Query and the table's size accounting never recompute them.
 */
import type { AttributeValue, Item } from '../values/attribute-value.js';

/** An item at rest. Never mutated: a write replaces the whole record. */
export interface StoredItem {
  /** Canonical identity of the item within its table. */
  readonly id: string;
  /** Canonical identity of its partition (hash key). */
  readonly partition: string;
  /** Its range key value, when the table has a range key. */
  readonly rangeValue?: AttributeValue;
  /** The attributes (numbers canonical). */
  readonly item: Item;
  /** Its size in bytes as DynamoDB counts it. */
  readonly size: number;
}
