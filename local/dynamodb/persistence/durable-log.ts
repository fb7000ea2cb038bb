/**
 * Durable storage for `--db-path`: a write-ahead journal plus a snapshot.
 *
 * The engine applies a write in memory, appends one record describing its effect, and answers
 * the client only when `append` resolves, i.e. once the record is fsynced. Appends made while
 * an fsync is under way are written and synced together (group commit), so concurrent writers
 * share one fsync. When the journal has grown past a threshold, the engine's whole state is
 * written as a snapshot and the journal restarts empty.
 *
 * Files in the directory:
 *   snapshot.json        `{ "generation": G, "state": ... }`, replaced atomically by rename
 *   journal-<G>.log      records appended after the snapshot of generation G was taken
 * Replay loads the snapshot, then every journal of generation >= G in order.
 */
import { mkdir, open, readdir, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJournal, encodeJournalLine } from './journal-line.js';

/** Options of {@link DurableLog.open}. */
export interface DurableLogOptions {
  /** Directory holding the snapshot and journal files; created when missing. */
  readonly dir: string;
  /**
   * Produces the engine's whole state for a snapshot. Called synchronously, in the same tick
   * the journal is rotated, so the snapshot holds exactly the records appended before it.
   */
  readonly snapshot: () => unknown;
  /** Journal size after which a snapshot is taken. @default 64 MiB */
  readonly compactAfterBytes?: number;
}

/** What a directory held when it was opened. */
export interface DurableLogContents {
  readonly log: DurableLog;
  /** The last snapshot's state, or undefined when none was ever written. */
  readonly state: unknown;
  /** Records appended after that snapshot, oldest first, to be applied on top of it. */
  readonly records: unknown[];
  /** True when a torn record at the end of the journal was dropped (a crash mid-write). */
  readonly recoveredTornTail: boolean;
}

interface PendingAppend {
  readonly line: Buffer;
  readonly generation: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface PendingSnapshot {
  readonly generation: number;
  readonly data: string;
  readonly waiters: PendingAppend[];
}

const snapshotFile = 'snapshot.json';
const journalPattern = /^journal-(\d+)\.log$/;

function journalName(generation: number): string {
  return `journal-${String(generation).padStart(10, '0')}.log`;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readSnapshot(dir: string): Promise<{ generation: number; state: unknown }> {
  let text: string;
  try {
    text = await readFile(join(dir, snapshotFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { generation: 0, state: undefined };
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('generation' in parsed) || typeof parsed.generation !== 'number') {
    throw new Error(`${join(dir, snapshotFile)} is not a snapshot written by this engine`);
  }
  return { generation: parsed.generation, state: 'state' in parsed ? parsed.state : undefined };
}

/** A journal directory open for appending. Create with {@link DurableLog.open}. */
export class DurableLog {
  readonly #dir: string;
  readonly #snapshot: () => unknown;
  readonly #compactAfterBytes: number;
  #generation: number;
  #file: FileHandle;
  #fileGeneration: number;
  #journalBytes: number;
  #queue: (PendingAppend | PendingSnapshot)[] = [];
  #draining: Promise<void> | undefined;
  #failure: unknown;
  #closed = false;
  #syncs = 0;

  private constructor(dir: string, options: DurableLogOptions, generation: number, file: FileHandle, journalBytes: number) {
    this.#dir = dir;
    this.#snapshot = options.snapshot;
    this.#compactAfterBytes = options.compactAfterBytes ?? 64 * 1024 * 1024;
    this.#generation = generation;
    this.#file = file;
    this.#fileGeneration = generation;
    this.#journalBytes = journalBytes;
  }

  /**
   * Opens (or creates) a journal directory and reads back what it holds. A torn record at the
   * end of the last journal, left by a crash in mid-write, is cut off: it was never acknowledged.
   *
   * @throws when the directory cannot be read or the snapshot file is not one of ours.
   */
  static async open(options: DurableLogOptions): Promise<DurableLogContents> {
    const dir = options.dir;
    await mkdir(dir, { recursive: true });
    const { generation: snapshotGeneration, state } = await readSnapshot(dir);
    const journals = (await readdir(dir))
      .map((name) => ({ name, match: journalPattern.exec(name) }))
      .flatMap(({ name, match }) => (match?.[1] === undefined ? [] : [{ name, generation: Number(match[1]) }]))
      .sort((a, b) => a.generation - b.generation);
    const records: unknown[] = [];
    let recoveredTornTail = false;
    let lastGeneration = snapshotGeneration;
    let lastBytes = 0;
    for (const journal of journals) {
      const path = join(dir, journal.name);
      if (journal.generation < snapshotGeneration) {
        // Left behind by a crash between writing a snapshot and removing what it replaced.
        await rm(path, { force: true });
        continue;
      }
      const decoded = decodeJournal(await readFile(path));
      records.push(...decoded.records);
      if (decoded.torn) {
        recoveredTornTail = true;
        await truncate(path, decoded.validBytes);
      }
      lastGeneration = journal.generation;
      lastBytes = decoded.validBytes;
    }
    const file = await open(join(dir, journalName(lastGeneration)), 'a');
    await file.sync();
    await syncDirectory(dir);
    const log = new DurableLog(dir, options, lastGeneration, file, lastBytes);
    return { log, state, records, recoveredTornTail };
  }

  /** How many fsyncs of the journal have been made (group commit makes it < appends). */
  get syncCount(): number {
    return this.#syncs;
  }

  /**
   * Appends one record; resolves once it is durable. Records are written in call order, so
   * call it in the same synchronous step that applied the write in memory.
   *
   * @throws (rejects) when the log is closed or an earlier write to disk failed.
   */
  append(record: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the durable log is closed'));
    if (this.#failure !== undefined) return Promise.reject(this.#failureError());
    const line = encodeJournalLine(record);
    const promise = new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, generation: this.#generation, resolve, reject });
    });
    this.#journalBytes += line.length;
    if (this.#journalBytes >= this.#compactAfterBytes) this.#takeSnapshot();
    this.#kick();
    return promise;
  }

  /**
   * Takes a snapshot now (the journal restarts empty once it is durable). Resolves when done.
   */
  compact(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the durable log is closed'));
    const promise = new Promise<void>((resolve, reject) => {
      this.#takeSnapshot({ line: Buffer.alloc(0), generation: this.#generation, resolve, reject });
    });
    this.#kick();
    return promise;
  }

  /** Waits for every pending append, then closes the journal. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#draining !== undefined) await this.#draining;
    await this.#file.close();
  }

  #takeSnapshot(waiter?: PendingAppend): void {
    // The state is serialized right here, synchronously, so it holds exactly the writes whose
    // records are already queued for the old generation and none of the later ones.
    const data = JSON.stringify({ generation: this.#generation + 1, state: this.#snapshot() });
    this.#generation += 1;
    this.#journalBytes = 0;
    this.#queue.push({ generation: this.#generation, data, waiters: waiter === undefined ? [] : [waiter] });
  }

  #failureError(): Error {
    return new Error('the durable log failed to write; the engine can no longer acknowledge writes', {
      cause: this.#failure,
    });
  }

  #kick(): void {
    if (this.#draining !== undefined) return;
    // setImmediate lets every append made in this turn of the event loop join the first batch.
    this.#draining = new Promise<void>((resolve) => {
      setImmediate(() => {
        this.#drain()
          .catch((error: unknown) => {
            this.#failure = error;
            const queued = this.#queue;
            this.#queue = [];
            for (const entry of queued) {
              if ('line' in entry) entry.reject(this.#failureError());
              else for (const waiter of entry.waiters) waiter.reject(this.#failureError());
            }
          })
          .finally(() => {
            this.#draining = undefined;
            resolve();
            if (this.#queue.length > 0 && this.#failure === undefined) this.#kick();
          });
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const head = this.#queue[0];
      if (head === undefined) break;
      if (!('line' in head)) {
        this.#queue.shift();
        await this.#writeSnapshot(head);
        continue;
      }
      const batch: PendingAppend[] = [];
      for (const entry of this.#queue) {
        if (!('line' in entry) || entry.generation !== head.generation) break;
        batch.push(entry);
      }
      this.#queue.splice(0, batch.length);
      if (head.generation !== this.#fileGeneration) await this.#switchFile(head.generation);
      try {
        await this.#file.write(Buffer.concat(batch.map((entry) => entry.line)));
        await this.#file.datasync();
        this.#syncs += 1;
      } catch (error) {
        for (const entry of batch) entry.reject(error);
        throw error;
      }
      for (const entry of batch) entry.resolve();
    }
  }

  async #switchFile(generation: number): Promise<void> {
    await this.#file.close();
    this.#file = await open(join(this.#dir, journalName(generation)), 'a');
    this.#fileGeneration = generation;
    await syncDirectory(this.#dir);
  }

  async #writeSnapshot(snapshot: PendingSnapshot): Promise<void> {
    const temporary = join(this.#dir, `${snapshotFile}.tmp`);
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(snapshot.data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(this.#dir, snapshotFile));
    await this.#switchFile(snapshot.generation);
    for (const name of await readdir(this.#dir)) {
      const match = journalPattern.exec(name);
      if (match?.[1] !== undefined && Number(match[1]) < snapshot.generation) await rm(join(this.#dir, name), { force: true });
    }
    for (const waiter of snapshot.waiters) waiter.resolve();
  }
}
