import { describe, expect, it } from 'vitest';
import { indexWriteUnits, readUnits, writeUnits } from '../../../local/dynamodb/capacity/capacity-units.js';

describe('read units', () => {
  it('charges one unit per started 4 KB for a strongly consistent read', () => {
    expect(readUnits(1, { consistent: true })).toBe(1);
    expect(readUnits(4096, { consistent: true })).toBe(1);
    expect(readUnits(4097, { consistent: true })).toBe(2);
    expect(readUnits(10_000, { consistent: true })).toBe(3);
  });

  it('charges half as much for an eventually consistent read', () => {
    expect(readUnits(100)).toBe(0.5);
    expect(readUnits(8193)).toBe(1.5);
  });

  it('charges a read that found nothing as one step', () => {
    expect(readUnits(0)).toBe(0.5);
    expect(readUnits(0, { consistent: true })).toBe(1);
  });

  it('charges a transactional read twice a strongly consistent one', () => {
    expect(readUnits(5000, { transactional: true })).toBe(4);
    expect(readUnits(10, { transactional: true, consistent: false })).toBe(2);
  });
});

describe('write units', () => {
  it('charges one unit per started 1 KB, at least one', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(400 * 1024)).toBe(400);
  });

  it('charges a transactional write twice', () => {
    expect(writeUnits(500, true)).toBe(2);
    expect(writeUnits(2048 + 1, true)).toBe(6);
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
