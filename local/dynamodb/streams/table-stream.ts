/**
 * One DynamoDB stream of one table: its identity (ARN, label, view type), its one shard, and the
 * records that shard holds. A stream is ENABLED until the table's stream is disabled or the table
 * is deleted; then its shard is closed (it gets an ending sequence number) and what it holds stays
 * readable until retention trims it.
 *
 * Records are appended in commit order with sequence numbers from one engine-wide counter, so the
 * records of one item are always in order. Images are references to the stored items, which are
 * never mutated, so capturing costs no copy.
 */
import type { Item } from '../values/attribute-value.js';
import { itemSize } from '../values/item-size.js';
import type { KeySchemaElement } from '../storage/table-definition.js';

/** What a stream record carries besides the keys. */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** The kind of change a record describes. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** One record as the shard keeps it. */
export interface StoredStreamRecord {
  readonly sequence: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly eventName: StreamEventName;
  readonly keys: Item;
  readonly newImage?: Item;
  readonly oldImage?: Item;
  readonly sizeBytes: number;
  /** True for a deletion by the TTL sweeper (the record names the service as its author). */
  readonly expired: boolean;
}

/** Everything that identifies a stream; what a snapshot keeps besides the records. */
export interface StreamIdentity {
  readonly tableName: string;
  readonly label: string;
  readonly viewType: StreamViewType;
  readonly keySchema: readonly KeySchemaElement[];
  /** When the stream was requested, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** The first sequence number this stream's shard may hold. */
  readonly startingSequence: number;
}

/** Records DynamoDB keeps: 24 hours. */
export const retentionMs = 24 * 60 * 60 * 1000;

/** A page of records read from a shard. */
export interface ShardPage {
  readonly records: readonly StoredStreamRecord[];
  /** Where the next read starts: one past the last record returned, or the position read from. */
  readonly nextPosition: number;
  /** True when the shard is closed and nothing lies beyond this page. */
  readonly endOfShard: boolean;
}

const engineRegion = 'us-east-1';
const engineAccount = '000000000000';

/** The table ARN part of a stream ARN. */
export function streamArnOf(tableName: string, label: string): string {
  return `arn:aws:dynamodb:${engineRegion}:${engineAccount}:table/${tableName}/stream/${label}`;
}

/** A stream label: the creation time as ISO 8601 without the zone, as DynamoDB writes it. */
export function streamLabelAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, -1);
}

/** A sequence number as the API shows it: decimal digits, at least 21 of them. */
export function formatSequence(sequence: number): string {
  return String(sequence).padStart(21, '0');
}

/** What a stream needs from the engine: its clock, and the engine-wide sequence counter. */
export interface StreamContext {
  /** Milliseconds since the epoch. */
  now(): number;
  /** The next sequence number (each call returns a larger one). */
  nextSequence(): number;
}

/** One stream and its shard. */
export class TableStream {
  readonly arn: string;
  readonly shardId: string;
  #disabledAt: number | undefined;
  #endingSequence: number | undefined;
  /** Records from `#head` on are retained; earlier slots are trimmed and compacted away lazily. */
  #records: StoredStreamRecord[] = [];
  #head = 0;
  /** The highest sequence number trimmed so far (0 when nothing was). */
  #trimmedThrough = 0;

  constructor(
    readonly identity: StreamIdentity,
    readonly context: StreamContext,
  ) {
    this.arn = streamArnOf(identity.tableName, identity.label);
    this.shardId = `shardId-${String(identity.createdAt).padStart(20, '0')}-${hex8(this.arn)}`;
  }

  /** The table the stream belongs to (it may since have been deleted). */
  get tableName(): string {
    return this.identity.tableName;
  }

  /** The view type fixed when the stream was enabled. */
  get viewType(): StreamViewType {
    return this.identity.viewType;
  }

  /** True until the stream is disabled (or its table deleted). */
  get enabled(): boolean {
    return this.#disabledAt === undefined;
  }

  /** When the stream was disabled, if it was. */
  get disabledAt(): number | undefined {
    return this.#disabledAt;
  }

  /** The shard's last sequence number, once it is closed. */
  get endingSequence(): number | undefined {
    return this.#endingSequence;
  }

  /** The sequence number of the newest record, if any was ever written. */
  get lastSequence(): number | undefined {
    const last = this.#records[this.#records.length - 1];
    return last?.sequence ?? (this.#trimmedThrough === 0 ? undefined : this.#trimmedThrough);
  }

  /** The highest trimmed sequence number (0 when nothing was trimmed). */
  get trimmedThrough(): number {
    return this.#trimmedThrough;
  }

  /** The retained records, oldest first. */
  retained(): readonly StoredStreamRecord[] {
    return this.#head === 0 ? this.#records : this.#records.slice(this.#head);
  }

  /**
   * Appends the record of one change. `previous` and `next` are the item before and after (one
   * of them absent for an insert or a removal); only what the view type shows is kept.
   */
  capture(at: number, keys: Item, previous: Item | undefined, next: Item | undefined, expired: boolean): void {
    const sequence = this.context.nextSequence();
    const viewType = this.identity.viewType;
    const newImage = next !== undefined && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') ? next : undefined;
    const oldImage = previous !== undefined && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') ? previous : undefined;
    const eventName: StreamEventName = previous === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY';
    const sizeBytes = itemSize(keys) + (newImage === undefined ? 0 : itemSize(newImage)) + (oldImage === undefined ? 0 : itemSize(oldImage));
    const record: StoredStreamRecord = { sequence, at, eventName, keys, sizeBytes, expired, ...(newImage === undefined ? {} : { newImage }), ...(oldImage === undefined ? {} : { oldImage }) };
    this.#records.push(record);
    const oldest = this.#records[this.#head];
    if (oldest !== undefined && oldest.at < at - retentionMs) this.trim(at);
  }

  /** Restores a record read back from a snapshot. */
  restore(record: StoredStreamRecord): void {
    this.#records.push(record);
  }

  /** Closes the shard: no record is captured after this. */
  disable(at: number): void {
    if (this.#disabledAt !== undefined) return;
    this.#disabledAt = at;
    this.#endingSequence = Math.max(this.identity.startingSequence, this.lastSequence ?? 0);
  }

  /** Restores the closed state read back from a snapshot. */
  restoreDisabled(at: number, endingSequence: number, trimmedThrough: number): void {
    this.#disabledAt = at;
    this.#endingSequence = endingSequence;
    this.#trimmedThrough = trimmedThrough;
  }

  /** Restores how far retention had trimmed, read back from a snapshot. */
  restoreTrimmed(trimmedThrough: number): void {
    this.#trimmedThrough = trimmedThrough;
  }

  /** Drops the records older than the retention period. */
  trim(now: number): void {
    const cutoff = now - retentionMs;
    let head = this.#head;
    const records = this.#records;
    while (head < records.length) {
      const record = records[head];
      if (record === undefined || record.at >= cutoff) break;
      this.#trimmedThrough = record.sequence;
      head += 1;
    }
    if (head === this.#head) return;
    // Compacted once the trimmed prefix is half the array, so trimming stays O(1) amortized.
    if (head * 2 >= records.length) {
      this.#records = records.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
  }

  /** True when the stream itself is past retention: disabled more than 24 hours ago. */
  expired(now: number): boolean {
    return this.#disabledAt !== undefined && now - this.#disabledAt > retentionMs;
  }

  /**
   * Reads records whose sequence number is at least `position`, at most `limit` of them and at
   * most `maxBytes` in total (the record that crosses it is included, so a page is never empty
   * when a record is due).
   */
  read(position: number, limit: number, maxBytes: number): ShardPage {
    const records = this.#records;
    let index = this.#firstAtOrAfter(position);
    const page: StoredStreamRecord[] = [];
    let bytes = 0;
    while (index < records.length && page.length < limit && bytes < maxBytes) {
      const record = records[index];
      if (record === undefined) break;
      page.push(record);
      bytes += record.sizeBytes;
      index += 1;
    }
    const last = page[page.length - 1];
    const nextPosition = last === undefined ? position : last.sequence + 1;
    // A closed shard gets no more records: once everything retained was read, it has ended.
    return { records: page, nextPosition, endOfShard: this.#endingSequence !== undefined && index >= records.length };
  }

  #firstAtOrAfter(position: number): number {
    let low = this.#head;
    let high = this.#records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const record = this.#records[middle];
      if (record !== undefined && record.sequence < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Eight hex digits derived from a text (FNV-1a), so a shard id is the same after a restart. */
function hex8(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
