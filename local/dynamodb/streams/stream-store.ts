/**
 * Every stream of the engine, by ARN: the enabled stream of each table and the disabled ones
 * (of tables whose stream was disabled, or which were deleted) until their 24 hours are over.
 * Owns the engine-wide sequence counter and the streams' clock.
 */
import type { Table } from '../storage/table.js';
import { streamArnOf, streamLabelAt, TableStream, type StreamContext, type StreamIdentity, type StreamViewType } from './table-stream.js';

/** Told of every change to the set of streams: the durable journal listens here. */
export interface StreamStoreObserver {
  streamEnabled(identity: StreamIdentity): void;
  streamDisabled(arn: string, tableName: string, at: number): void;
}

/** All streams of one engine. */
export class StreamStore implements StreamContext {
  readonly #streams = new Map<string, TableStream>();
  #lastSequence = 0;
  /** Set once storage is loaded; every later enable or disable is reported to it. */
  observer: StreamStoreObserver | undefined;

  constructor(readonly now: () => number) {}

  /** The last sequence number handed out. */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /** Restores the counter read back from a snapshot. */
  restoreLastSequence(sequence: number): void {
    this.#lastSequence = Math.max(this.#lastSequence, sequence);
  }

  nextSequence(): number {
    this.#lastSequence += 1;
    return this.#lastSequence;
  }

  /**
   * Gives `table` a new enabled stream (a new ARN and label, even if the table had one before).
   * `createdAt` is given when replaying; otherwise the clock's time is used, moved on by a
   * millisecond if the table already had a stream with that label.
   */
  enable(table: Table, viewType: StreamViewType, createdAt?: number, startingSequence?: number): TableStream {
    let at = createdAt ?? this.now();
    while (createdAt === undefined && this.#streams.has(streamArnOf(table.name, streamLabelAt(at)))) at += 1;
    const identity: StreamIdentity = {
      tableName: table.name,
      label: streamLabelAt(at),
      viewType,
      keySchema: table.definition.keySchema,
      createdAt: at,
      startingSequence: startingSequence ?? this.#lastSequence + 1,
    };
    const stream = this.adopt(identity);
    table.stream = stream;
    table.latestStream = stream;
    this.observer?.streamEnabled(identity);
    return stream;
  }

  /** Registers a stream read back from a snapshot (its table, if any, is attached by the caller). */
  adopt(identity: StreamIdentity): TableStream {
    const stream = new TableStream(identity, this);
    this.#streams.set(stream.arn, stream);
    return stream;
  }

  /** Closes the table's enabled stream, if it has one; it stays readable for 24 hours. */
  disable(table: Table, at: number = this.now()): void {
    const stream = table.stream;
    if (stream === undefined) return;
    stream.disable(at);
    table.stream = undefined;
    this.observer?.streamDisabled(stream.arn, stream.tableName, at);
  }

  /** Closes the stream with this ARN (replay of a disable whose table may be gone). */
  disableByArn(arn: string, at: number, table: Table | undefined): void {
    const stream = this.#streams.get(arn);
    if (stream === undefined) return;
    stream.disable(at);
    if (table?.stream === stream) table.stream = undefined;
  }

  /** The stream with this ARN, unless it is past retention. */
  find(arn: string): TableStream | undefined {
    this.#expire();
    return this.#streams.get(arn);
  }

  /** Streams still readable, newest first, optionally only those of one table. */
  list(tableName?: string): TableStream[] {
    this.#expire();
    const streams = [...this.#streams.values()].filter((stream) => tableName === undefined || stream.tableName === tableName);
    return streams.reverse();
  }

  /** Every stream, including records, for a snapshot. */
  all(): IterableIterator<TableStream> {
    return this.#streams.values();
  }

  /** Forgets every stream (the engine's reset). */
  clear(): void {
    this.#streams.clear();
  }

  #expire(): void {
    const now = this.now();
    for (const [arn, stream] of this.#streams) {
      if (stream.expired(now)) this.#streams.delete(arn);
      else stream.trim(now);
    }
  }
}
