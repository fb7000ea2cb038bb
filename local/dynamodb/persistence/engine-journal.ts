/**
 * The engine's side of durable storage: what one journal record says (a batch of item changes,
 * a table created, redefined by UpdateTable or deleted, a TTL setting, tags, point-in-time
 * recovery), how the engine's state is snapshotted, and how
 * both are replayed into a fresh engine on start. Records are redo records: the resulting
 * items, not the requests, so replaying one twice gives the same state.
 */
import type { Item } from '../values/attribute-value.js';
import { itemSize } from '../values/item-size.js';
import { resolveItemKey, resolveKey } from '../storage/primary-key.js';
import type { StoredItem } from '../storage/stored-item.js';
import type { TableDefinition } from '../storage/table-definition.js';
import type { PointInTimeRecovery, Table, TimeToLive } from '../storage/table.js';
import type { TableChange, TableStore } from '../storage/table-store.js';
import type { StreamStore } from '../streams/stream-store.js';
import type { StoredStreamRecord, StreamIdentity } from '../streams/table-stream.js';
import { DurableLog } from './durable-log.js';

/** One item change: the new item of a put, or the key of a delete, with the table's name. */
type ItemRecord = { readonly n: string; readonly p: Item } | { readonly n: string; readonly d: Item };

/**
 * One journal record. An `items` record of changes a stream recorded carries the commit's time
 * (`at`) and whether the TTL sweeper made them (`x`): replaying it in order rebuilds the same
 * stream records, with the same sequence numbers, so they are not journaled themselves.
 */
export type JournalRecord =
  | { readonly t: 'items'; readonly c: readonly ItemRecord[]; readonly at?: number; readonly x?: 1 }
  | { readonly t: 'create'; readonly def: TableDefinition }
  | { readonly t: 'drop'; readonly name: string }
  | { readonly t: 'ttl'; readonly name: string; readonly ttl: TimeToLive | null }
  | { readonly t: 'redefine'; readonly def: TableDefinition }
  | { readonly t: 'tags'; readonly name: string; readonly tags: readonly (readonly [string, string])[] }
  | { readonly t: 'pitr'; readonly name: string; readonly pitr: PointInTimeRecovery | null }
  | { readonly t: 'stream-on'; readonly s: StreamIdentity }
  | { readonly t: 'stream-off'; readonly arn: string; readonly name: string; readonly at: number };

/** One table in a snapshot (tags and pitr are absent from snapshots written before they existed). */
interface SavedTable {
  readonly def: TableDefinition;
  readonly ttl: TimeToLive | null;
  readonly tags?: readonly (readonly [string, string])[];
  readonly pitr?: PointInTimeRecovery | null;
  readonly items: readonly Item[];
  /** The ARN of the table's latest stream, if it ever had one. */
  readonly stream?: string;
}

/** A stream as a snapshot holds it. */
interface SavedStream {
  readonly id: StreamIdentity;
  /** When it was disabled, and its shard's ending sequence number, if it was. */
  readonly off?: { readonly at: number; readonly end: number };
  readonly trimmed: number;
  readonly records: readonly StoredStreamRecord[];
}

/** The whole state, as a snapshot holds it. */
interface EngineSnapshot {
  readonly tables: readonly SavedTable[];
  readonly streams?: { readonly last: number; readonly list: readonly SavedStream[] };
}

function storedOf(table: { primaryKey: Parameters<typeof resolveItemKey>[0] }, item: Item): StoredItem {
  const key = resolveItemKey(table.primaryKey, item);
  const size = itemSize(item);
  return key.rangeValue === undefined
    ? { id: key.id, partition: key.partition, item, size }
    : { id: key.id, partition: key.partition, rangeValue: key.rangeValue, item, size };
}

function isRecord(value: unknown): value is JournalRecord {
  return typeof value === 'object' && value !== null && 't' in value && typeof value.t === 'string';
}

function isSnapshot(value: unknown): value is EngineSnapshot {
  return typeof value === 'object' && value !== null && 'tables' in value && Array.isArray(value.tables);
}

/** Options of {@link EngineJournal.open}. */
export interface EngineJournalOptions {
  /** Journal size that triggers a snapshot. @default 64 MiB */
  readonly compactAfterBytes?: number;
  /** The engine's streams, kept and restored with the tables; without it streams are not durable. */
  readonly streams?: StreamStore;
}

/** Durable storage bound to one engine's tables. */
export class EngineJournal {
  readonly #log: DurableLog;
  #pending: Promise<void> | undefined;

  private constructor(log: DurableLog) {
    this.#log = log;
  }

  /**
   * Opens `dir`, loads what it holds into `tables` (which must be empty), and returns the
   * journal to record every later change with.
   * @throws when the directory cannot be read or holds records this engine did not write.
   */
  static async open(dir: string, tables: TableStore, options: EngineJournalOptions = {}): Promise<EngineJournal> {
    const { log, state, records } = await DurableLog.open({
      dir,
      snapshot: () => snapshotOf(tables, options.streams),
      ...(options.compactAfterBytes === undefined ? {} : { compactAfterBytes: options.compactAfterBytes }),
    });
    if (state !== undefined) {
      if (!isSnapshot(state)) throw new Error(`${dir} holds a snapshot this engine cannot read`);
      for (const saved of state.tables) {
        const table = tables.create(saved.def);
        if (saved.ttl !== null) table.timeToLive = saved.ttl;
        restoreSettings(table, saved.tags, saved.pitr);
        tables.apply(saved.items.map((item) => ({ table, change: { kind: 'put', stored: storedOf(table, item) } })));
      }
      // Streams are attached after the items are loaded, so loading records nothing.
      if (options.streams !== undefined && state.streams !== undefined) restoreStreams(tables, options.streams, state);
    }
    for (const record of records) {
      if (!isRecord(record)) throw new Error(`${dir} holds a journal record this engine cannot read`);
      replay(tables, options.streams, record);
    }
    return new EngineJournal(log);
  }

  /**
   * Records a batch of item changes (one write, one transaction, one batch, one sweep), with the
   * commit's time when a stream recorded any of them.
   */
  recordChanges(changes: readonly TableChange[], streamedAt?: number, expired = false): void {
    if (changes.length === 0) return;
    const c = changes.map(({ table, change }): ItemRecord =>
      change.kind === 'put'
        ? { n: table.name, p: change.stored.item }
        : { n: table.name, d: resolveItemKey(table.primaryKey, change.previous.item).key },
    );
    if (streamedAt === undefined) this.#append({ t: 'items', c });
    else this.#append({ t: 'items', c, at: streamedAt, ...(expired ? { x: 1 as const } : {}) });
  }

  /** Records a stream's enabling. */
  recordStreamEnabled(identity: StreamIdentity): void {
    this.#append({ t: 'stream-on', s: identity });
  }

  /** Records a stream's disabling. */
  recordStreamDisabled(arn: string, tableName: string, at: number): void {
    this.#append({ t: 'stream-off', arn, name: tableName, at });
  }

  /** Records a table's creation. */
  recordCreate(definition: TableDefinition): void {
    this.#append({ t: 'create', def: definition });
  }

  /** Records a table's deletion. */
  recordDrop(name: string): void {
    this.#append({ t: 'drop', name });
  }

  /** Records a table's new definition (UpdateTable). */
  recordDefinition(definition: TableDefinition): void {
    this.#append({ t: 'redefine', def: definition });
  }

  /** Records a table's whole tag set. */
  recordTags(table: Table): void {
    this.#append({ t: 'tags', name: table.name, tags: [...table.tags] });
  }

  /** Records a table's point-in-time recovery setting. */
  recordPointInTimeRecovery(table: Table): void {
    this.#append({ t: 'pitr', name: table.name, pitr: table.pointInTimeRecovery ?? null });
  }

  /** Records a table's TTL setting. */
  recordTimeToLive(name: string, ttl: TimeToLive | undefined): void {
    this.#append({ t: 'ttl', name, ttl: ttl ?? null });
  }

  /**
   * The durability of everything recorded since the last call, or undefined when nothing was:
   * the wire handler awaits it before acknowledging the request that made those records.
   */
  takePending(): Promise<void> | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }

  /** Writes a snapshot now and empties the journal. */
  compact(): Promise<void> {
    return this.#log.compact();
  }

  /** Waits for pending records and closes the files. */
  close(): Promise<void> {
    return this.#log.close();
  }

  #append(record: JournalRecord): void {
    // Only the last append matters: the log makes records durable in order, so once it is, so
    // is every earlier one.
    this.#pending = this.#log.append(record);
  }
}

function snapshotOf(tables: TableStore, streams: StreamStore | undefined): EngineSnapshot {
  const saved = {
    tables: tables.names().flatMap((name) => {
      const table = tables.find(name);
      if (table === undefined) return [];
      const stream = streams === undefined ? undefined : table.latestStream?.arn;
      return [
        {
          def: table.definition,
          ttl: table.timeToLive ?? null,
          tags: [...table.tags],
          pitr: table.pointInTimeRecovery ?? null,
          items: [...table.all()].map((stored) => stored.item),
          ...(stream === undefined ? {} : { stream }),
        },
      ];
    }),
  };
  if (streams === undefined) return saved;
  const list = [...streams.all()].map((stream): SavedStream => {
    const { disabledAt, endingSequence } = stream;
    const off = disabledAt === undefined || endingSequence === undefined ? {} : { off: { at: disabledAt, end: endingSequence } };
    return { id: stream.identity, ...off, trimmed: stream.trimmedThrough, records: stream.retained() };
  });
  return { ...saved, streams: { last: streams.lastSequence, list } };
}

function restoreSettings(table: Table, tags: SavedTable['tags'], pitr: SavedTable['pitr']): void {
  if (tags !== undefined) {
    table.tags.clear();
    for (const [key, value] of tags) table.tags.set(key, value);
  }
  if (pitr !== undefined) table.pointInTimeRecovery = pitr ?? undefined;
}

function restoreStreams(tables: TableStore, streams: StreamStore, state: EngineSnapshot): void {
  streams.restoreLastSequence(state.streams?.last ?? 0);
  for (const saved of state.streams?.list ?? []) {
    const stream = streams.adopt(saved.id);
    for (const record of saved.records) stream.restore(record);
    if (saved.off === undefined) stream.restoreTrimmed(saved.trimmed);
    else stream.restoreDisabled(saved.off.at, saved.off.end, saved.trimmed);
  }
  for (const saved of state.tables) {
    if (saved.stream === undefined) continue;
    const table = tables.find(saved.def.name);
    const stream = streams.find(saved.stream);
    if (table === undefined || stream === undefined) continue;
    table.latestStream = stream;
    if (stream.enabled) table.stream = stream;
  }
}

function replay(tables: TableStore, streams: StreamStore | undefined, record: JournalRecord): void {
  switch (record.t) {
    case 'redefine':
      tables.find(record.def.name)?.redefine(record.def);
      return;
    case 'tags': {
      const table = tables.find(record.name);
      if (table !== undefined) restoreSettings(table, record.tags, undefined);
      return;
    }
    case 'pitr': {
      const table = tables.find(record.name);
      if (table !== undefined) restoreSettings(table, undefined, record.pitr);
      return;
    }
    case 'create':
      if (tables.find(record.def.name) === undefined) tables.create(record.def);
      return;
    case 'drop':
      tables.delete(record.name);
      return;
    case 'ttl': {
      const table = tables.find(record.name);
      if (table !== undefined) table.timeToLive = record.ttl ?? undefined;
      return;
    }
    case 'items': {
      const changes: TableChange[] = [];
      for (const change of record.c) {
        const table = tables.find(change.n);
        if (table === undefined) continue;
        if ('p' in change) {
          changes.push({ table, change: { kind: 'put', stored: storedOf(table, change.p) } });
        } else {
          const previous = table.get(resolveKey(table.primaryKey, change.d).id);
          if (previous !== undefined) changes.push({ table, change: { kind: 'delete', previous } });
        }
      }
      tables.apply(changes, undefined, { ...(record.at === undefined ? {} : { at: record.at }), expired: record.x === 1 });
      return;
    }
    case 'stream-on': {
      const table = tables.find(record.s.tableName);
      if (streams !== undefined && table !== undefined) streams.enable(table, record.s.viewType, record.s.createdAt, record.s.startingSequence);
      return;
    }
    case 'stream-off':
      streams?.disableByArn(record.arn, record.at, tables.find(record.name));
      return;
  }
}
