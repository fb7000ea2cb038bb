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
import { DurableLog } from './durable-log.js';

/** One item change: the new item of a put, or the key of a delete, with the table's name. */
type ItemRecord = { readonly n: string; readonly p: Item } | { readonly n: string; readonly d: Item };

/** One journal record. */
export type JournalRecord =
  | { readonly t: 'items'; readonly c: readonly ItemRecord[] }
  | { readonly t: 'create'; readonly def: TableDefinition }
  | { readonly t: 'drop'; readonly name: string }
  | { readonly t: 'ttl'; readonly name: string; readonly ttl: TimeToLive | null }
  | { readonly t: 'redefine'; readonly def: TableDefinition }
  | { readonly t: 'tags'; readonly name: string; readonly tags: readonly (readonly [string, string])[] }
  | { readonly t: 'pitr'; readonly name: string; readonly pitr: PointInTimeRecovery | null };

/** One table in a snapshot (tags and pitr are absent from snapshots written before they existed). */
interface SavedTable {
  readonly def: TableDefinition;
  readonly ttl: TimeToLive | null;
  readonly tags?: readonly (readonly [string, string])[];
  readonly pitr?: PointInTimeRecovery | null;
  readonly items: readonly Item[];
}

/** The whole state, as a snapshot holds it. */
interface EngineSnapshot {
  readonly tables: readonly SavedTable[];
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
      snapshot: () => snapshotOf(tables),
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
    }
    for (const record of records) {
      if (!isRecord(record)) throw new Error(`${dir} holds a journal record this engine cannot read`);
      replay(tables, record);
    }
    return new EngineJournal(log);
  }

  /** Records a batch of item changes (one write, one transaction, one batch, one sweep). */
  recordChanges(changes: readonly TableChange[]): void {
    if (changes.length === 0) return;
    const c = changes.map(({ table, change }): ItemRecord =>
      change.kind === 'put'
        ? { n: table.name, p: change.stored.item }
        : { n: table.name, d: resolveItemKey(table.primaryKey, change.previous.item).key },
    );
    this.#append({ t: 'items', c });
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

function snapshotOf(tables: TableStore): EngineSnapshot {
  return {
    tables: tables.names().flatMap((name) => {
      const table = tables.find(name);
      if (table === undefined) return [];
      return [
        {
          def: table.definition,
          ttl: table.timeToLive ?? null,
          tags: [...table.tags],
          pitr: table.pointInTimeRecovery ?? null,
          items: [...table.all()].map((stored) => stored.item),
        },
      ];
    }),
  };
}

function restoreSettings(table: Table, tags: SavedTable['tags'], pitr: SavedTable['pitr']): void {
  if (tags !== undefined) {
    table.tags.clear();
    for (const [key, value] of tags) table.tags.set(key, value);
  }
  if (pitr !== undefined) table.pointInTimeRecovery = pitr ?? undefined;
}

function replay(tables: TableStore, record: JournalRecord): void {
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
      tables.apply(changes);
      return;
    }
  }
}
