/** A per-request tally of capacity units, split by table and index. */

/** Whether units were read or write units (decides ReadCapacityUnits vs WriteCapacityUnits). */
export type CapacityKind = 'read' | 'write';

/** Units spent on one table (and its indexes) by one operation. */
export interface TableUsage {
  readonly tableName: string;
  /** Units spent on the base table itself (0 for a Query or Scan that read only an index). */
  tableRead: number;
  tableWrite: number;
  /** Units per index, keyed by index name. */
  readonly globalIndexes: Map<string, { read: number; write: number }>;
  readonly localIndexes: Map<string, { read: number; write: number }>;
}

/** A tally of the units one request spends, table by table, in the order tables were touched. */
export class CapacityTally {
  readonly #tables = new Map<string, TableUsage>();

  /** The usage record of `tableName`, created empty on first use. */
  table(tableName: string): TableUsage {
    let usage = this.#tables.get(tableName);
    if (usage === undefined) {
      usage = { tableName, tableRead: 0, tableWrite: 0, globalIndexes: new Map(), localIndexes: new Map() };
      this.#tables.set(tableName, usage);
    }
    return usage;
  }

  /** Adds units spent on the base table. */
  addTable(tableName: string, kind: CapacityKind, units: number): void {
    const usage = this.table(tableName);
    if (kind === 'read') usage.tableRead += units;
    else usage.tableWrite += units;
  }

  /** Adds units spent on a secondary index of `tableName`. */
  addIndex(tableName: string, indexName: string, scope: 'global' | 'local', kind: CapacityKind, units: number): void {
    const usage = this.table(tableName);
    const indexes = scope === 'global' ? usage.globalIndexes : usage.localIndexes;
    let entry = indexes.get(indexName);
    if (entry === undefined) {
      entry = { read: 0, write: 0 };
      indexes.set(indexName, entry);
    }
    if (kind === 'read') entry.read += units;
    else entry.write += units;
  }

  /** Every table touched, in first-touch order. */
  tables(): TableUsage[] {
    return [...this.#tables.values()];
  }
}

