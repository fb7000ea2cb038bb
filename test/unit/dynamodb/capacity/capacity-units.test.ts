import { describe, expect, it } from 'vitest';
import { indexWriteUnits, readUnits, writeUnits } from '../../../../local/dynamodb/capacity/capacity-units.js';

describe('read units', () => {
  it.each([
    ['one unit per started 4 KB, strongly consistent', 1, { consistent: true }, 1],
    ['one unit per started 4 KB, strongly consistent', 4096, { consistent: true }, 1],
    ['one unit per started 4 KB, strongly consistent', 4097, { consistent: true }, 2],
    ['one unit per started 4 KB, strongly consistent', 10_000, { consistent: true }, 3],
    ['half as much, eventually consistent', 100, undefined, 0.5],
    ['half as much, eventually consistent', 8193, undefined, 1.5],
    ['one step for a read that found nothing', 0, undefined, 0.5],
    ['one step for a read that found nothing', 0, { consistent: true }, 1],
    ['twice a strongly consistent read, transactional', 5000, { transactional: true }, 4],
    ['twice a strongly consistent read, transactional', 10, { transactional: true, consistent: false }, 2],
  ] as const)('charges %s: %i bytes, %o -> %d', (_rule, bytes, options, units) => {
    expect(readUnits(bytes, options)).toBe(units);
  });
});

describe('write units', () => {
  it.each([
    ['one unit per started 1 KB, at least one', 0, false, 1],
    ['one unit per started 1 KB, at least one', 1024, false, 1],
    ['one unit per started 1 KB, at least one', 1025, false, 2],
    ['one unit per started 1 KB, at least one', 400 * 1024, false, 400],
    ['twice, transactional', 500, true, 2],
    ['twice, transactional', 2048 + 1, true, 6],
  ] as const)('charges %s: %i bytes, transactional %s -> %d', (_rule, bytes, transactional, units) => {
    expect(writeUnits(bytes, transactional)).toBe(units);
  });
});

describe('index write units', () => {
  it('costs nothing when the item is in the index neither before nor after', () => {
    expect(indexWriteUnits({ oldEntryBytes: undefined, newEntryBytes: undefined, keyChanged: false, entryChanged: false })).toBe(0);
  });

  it('costs one put when the item enters the index and one delete when it leaves', () => {
    expect(indexWriteUnits({ oldEntryBytes: undefined, newEntryBytes: 1500, keyChanged: true, entryChanged: true })).toBe(2);
    expect(indexWriteUnits({ oldEntryBytes: 300, newEntryBytes: undefined, keyChanged: true, entryChanged: true })).toBe(1);
  });

  it('costs a delete and a put when the index key changes', () => {
    expect(indexWriteUnits({ oldEntryBytes: 300, newEntryBytes: 2000, keyChanged: true, entryChanged: true })).toBe(3);
  });

  it('costs one put when only projected attributes change, nothing when the entry is unchanged', () => {
    expect(indexWriteUnits({ oldEntryBytes: 300, newEntryBytes: 400, keyChanged: false, entryChanged: true })).toBe(1);
    expect(indexWriteUnits({ oldEntryBytes: 300, newEntryBytes: 300, keyChanged: false, entryChanged: false })).toBe(0);
  });

  it('doubles index writes inside a transaction', () => {
    expect(indexWriteUnits({ oldEntryBytes: 300, newEntryBytes: 400, keyChanged: true, entryChanged: true }, true)).toBe(4);
  });
});
