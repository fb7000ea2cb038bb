import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableLog } from '../../../../local/dynamodb/persistence/durable-log.js';

/** A toy state machine standing in for the engine: a counter map rebuilt from records. */
interface Increment {
  readonly key: string;
  readonly by: number;
}

function isIncrement(value: unknown): value is Increment {
  return typeof value === 'object' && value !== null && 'key' in value && 'by' in value;
}

function rebuild(state: unknown, records: unknown[]): Map<string, number> {
  const map = new Map<string, number>(Array.isArray(state) ? (state as [string, number][]) : []);
  for (const record of records) {
    if (!isIncrement(record)) throw new Error('unexpected record');
    map.set(record.key, (map.get(record.key) ?? 0) + record.by);
  }
  return map;
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durable-log-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DurableLog', () => {
  it('gives back every appended record after a reopen, in order', async () => {
    const state = new Map<string, number>();
    const { log, records } = await DurableLog.open({ dir, snapshot: () => [...state] });
    expect(records).toEqual([]);
    for (let index = 0; index < 10; index += 1) await log.append({ key: `k${index % 3}`, by: index });
    await log.close();
    const reopened = await DurableLog.open({ dir, snapshot: () => [] });
    expect(reopened.records).toHaveLength(10);
    expect(reopened.records[9]).toEqual({ key: 'k0', by: 9 });
    await reopened.log.close();
  });

  it('shares fsyncs between concurrent appends (group commit)', async () => {
    const { log } = await DurableLog.open({ dir, snapshot: () => [] });
    await Promise.all(Array.from({ length: 200 }, (_, index) => log.append({ key: 'k', by: index })));
    expect(log.syncCount).toBeGreaterThan(0);
    expect(log.syncCount).toBeLessThan(200);
    await log.close();
    const reopened = await DurableLog.open({ dir, snapshot: () => [] });
    expect(rebuild(undefined, reopened.records).get('k')).toBe((199 * 200) / 2);
    await reopened.log.close();
  });

  it('drops a torn last record left by a crash and keeps appending after it', async () => {
    const { log } = await DurableLog.open({ dir, snapshot: () => [] });
    await log.append({ key: 'a', by: 1 });
    await log.append({ key: 'a', by: 2 });
    await log.close();
    const [journal] = (await readdir(dir)).filter((name) => name.startsWith('journal-'));
    if (journal === undefined) throw new Error('no journal written');
    // Half a record, as a kill -9 in the middle of write() leaves it.
    await appendFile(join(dir, journal), '1a2b3c4d 40 {"key":"a","by"');
    const recovered = await DurableLog.open({ dir, snapshot: () => [] });
    expect(recovered.recoveredTornTail).toBe(true);
    expect(rebuild(undefined, recovered.records).get('a')).toBe(3);
    await recovered.log.append({ key: 'a', by: 4 });
    await recovered.log.close();
    const again = await DurableLog.open({ dir, snapshot: () => [] });
    expect(again.recoveredTornTail).toBe(false);
    expect(rebuild(undefined, again.records).get('a')).toBe(7);
    await again.log.close();
  });

  it('stops at a record whose checksum does not match', async () => {
    const { log } = await DurableLog.open({ dir, snapshot: () => [] });
    await log.append({ key: 'a', by: 1 });
    await log.close();
    const [journal] = (await readdir(dir)).filter((name) => name.startsWith('journal-'));
    if (journal === undefined) throw new Error('no journal written');
    await appendFile(join(dir, journal), '00000000 18 {"key":"a","by":9}\n');
    const recovered = await DurableLog.open({ dir, snapshot: () => [] });
    expect(recovered.records).toEqual([{ key: 'a', by: 1 }]);
    expect(recovered.recoveredTornTail).toBe(true);
    await recovered.log.close();
  });

  it('compacts into a snapshot when the journal grows and replays snapshot plus the rest', async () => {
    const state = new Map<string, number>();
    const { log } = await DurableLog.open({ dir, snapshot: () => [...state], compactAfterBytes: 500 });
    const appends: Promise<void>[] = [];
    for (let index = 0; index < 100; index += 1) {
      // Apply in memory, then append in the same synchronous step, as the engine does.
      state.set('k', (state.get('k') ?? 0) + 1);
      appends.push(log.append({ key: 'k', by: 1 }));
    }
    await Promise.all(appends);
    await log.close();
    const files = await readdir(dir);
    expect(files).toContain('snapshot.json');
    expect(files.filter((name) => name.startsWith('journal-'))).toHaveLength(1);
    const reopened = await DurableLog.open({ dir, snapshot: () => [] });
    expect(reopened.records.length).toBeLessThan(100);
    expect(rebuild(reopened.state, reopened.records).get('k')).toBe(100);
    await reopened.log.close();
  });

  it('compacts on demand, leaving an empty journal', async () => {
    const state = new Map<string, number>([['x', 5]]);
    const { log } = await DurableLog.open({ dir, snapshot: () => [...state] });
    await log.append({ key: 'x', by: 5 });
    await log.compact();
    await log.close();
    const reopened = await DurableLog.open({ dir, snapshot: () => [] });
    expect(reopened.records).toEqual([]);
    expect(rebuild(reopened.state, reopened.records).get('x')).toBe(5);
    await reopened.log.close();
  });

  it('ignores a half-written snapshot left by a crash during compaction', async () => {
    const { log } = await DurableLog.open({ dir, snapshot: () => [] });
    await log.append({ key: 'z', by: 2 });
    await log.close();
    await writeFile(join(dir, 'snapshot.json.tmp'), '{"generation":9,"sta');
    const reopened = await DurableLog.open({ dir, snapshot: () => [] });
    expect(rebuild(reopened.state, reopened.records).get('z')).toBe(2);
    await reopened.log.close();
  });

  it('refuses appends after close', async () => {
    const { log } = await DurableLog.open({ dir, snapshot: () => [] });
    await log.close();
    await expect(log.append({ key: 'a', by: 1 })).rejects.toThrow('closed');
  });
});
