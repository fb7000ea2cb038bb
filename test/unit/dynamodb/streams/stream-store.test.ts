import { describe, expect, it } from 'vitest';
import { TableStore } from '../../../../local/dynamodb/storage/table-store.js';
import type { TableDefinition } from '../../../../local/dynamodb/storage/table-definition.js';
import { StreamStore } from '../../../../local/dynamodb/streams/stream-store.js';
import { retentionMs } from '../../../../local/dynamodb/streams/table-stream.js';
import { compareValues } from '../../../../local/dynamodb/values/compare-values.js';

function definition(name: string): TableDefinition {
  return {
    name,
    attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    billingMode: 'PAY_PER_REQUEST',
    provisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    globalSecondaryIndexes: [],
    localSecondaryIndexes: [],
    deletionProtectionEnabled: false,
  };
}

function setup(): { tables: TableStore; streams: StreamStore; clock: { now: number } } {
  const clock = { now: Date.UTC(2026, 0, 1) };
  return { tables: new TableStore(compareValues), streams: new StreamStore(() => clock.now), clock };
}

function put(tables: TableStore, name: string, id: string, extra: Record<string, { S: string }> = {}): void {
  const table = tables.require(name);
  const item = { id: { S: id }, ...extra };
  tables.apply([{ table, change: { kind: 'put', stored: { id: `S:${id}`, partition: `S:${id}`, item, size: 10 } } }]);
}

describe('StreamStore', () => {
  it('gives each enable a new stream; a re-enable in the same millisecond still gets its own label', () => {
    const { tables, streams } = setup();
    const table = tables.create(definition('t1'));
    const first = streams.enable(table, 'KEYS_ONLY');
    streams.disable(table);
    const second = streams.enable(table, 'NEW_IMAGE');
    expect(second.arn).not.toBe(first.arn);
    expect(table.latestStream).toBe(second);
    expect(streams.list('t1')).toEqual([second, first]);
    expect(first.enabled).toBe(false);
  });

  it('records the changes TableStore.apply commits, with increasing sequence numbers, only while enabled', () => {
    const { tables, streams } = setup();
    tables.create(definition('t1'));
    const table = tables.require('t1');
    put(tables, 't1', 'before');
    const stream = streams.enable(table, 'NEW_AND_OLD_IMAGES');
    put(tables, 't1', 'a');
    put(tables, 't1', 'a'); // the same item again: no record
    put(tables, 't1', 'a', { v: { S: 'x' } });
    const previous = table.get('S:a');
    if (previous === undefined) throw new Error('missing item');
    tables.apply([{ table, change: { kind: 'delete', previous } }]);
    tables.apply([{ table, change: { kind: 'delete', previous } }]); // already gone: no record
    streams.disable(table);
    put(tables, 't1', 'after');
    const records = stream.read(0, 100, 1 << 20).records;
    expect(records.map((record) => [record.eventName, record.keys.id])).toEqual([
      ['INSERT', { S: 'a' }],
      ['MODIFY', { S: 'a' }],
      ['REMOVE', { S: 'a' }],
    ]);
    expect(records.map((record) => record.sequence)).toEqual([1, 2, 3]);
    expect(records[1]?.oldImage).toEqual({ id: { S: 'a' } });
    expect(records[1]?.newImage).toEqual({ id: { S: 'a' }, v: { S: 'x' } });
  });

  it('marks the TTL sweeper’s deletions as expired', () => {
    const { tables, streams } = setup();
    const table = tables.create(definition('t1'));
    const stream = streams.enable(table, 'KEYS_ONLY');
    put(tables, 't1', 'a');
    const previous = table.get('S:a');
    if (previous === undefined) throw new Error('missing item');
    tables.apply([{ table, change: { kind: 'delete', previous } }], undefined, { expired: true });
    expect(stream.read(0, 10, 1 << 20).records.map((record) => record.expired)).toEqual([false, true]);
  });

  it('forgets a disabled stream 24 hours after it was disabled', () => {
    const { tables, streams, clock } = setup();
    const table = tables.create(definition('t1'));
    const stream = streams.enable(table, 'KEYS_ONLY');
    streams.disable(table);
    clock.now += retentionMs;
    expect(streams.find(stream.arn)).toBe(stream);
    clock.now += 1;
    expect(streams.find(stream.arn)).toBeUndefined();
    expect(streams.list()).toEqual([]);
  });
});
