import { describe, expect, it } from 'vitest';
import { formatSequence, retentionMs, streamLabelAt, TableStream, type StreamViewType } from '../../../../local/dynamodb/streams/table-stream.js';

function streamOf(viewType: StreamViewType, startingSequence = 1): { stream: TableStream; clock: { now: number } } {
  const clock = { now: Date.UTC(2026, 0, 1) };
  let last = startingSequence - 1;
  const stream = new TableStream(
    { tableName: 't1', label: streamLabelAt(clock.now), viewType, keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], createdAt: clock.now, startingSequence },
    { now: () => clock.now, nextSequence: () => (last += 1) },
  );
  return { stream, clock };
}

const key = { id: { S: 'a' } };
const before = { ...key, v: { N: '1' } };
const after = { ...key, v: { N: '2' } };

describe('TableStream', () => {
  it('names itself like DynamoDB: label, ARN, shard id', () => {
    const { stream } = streamOf('KEYS_ONLY');
    expect(stream.identity.label).toBe('2026-01-01T00:00:00.000');
    expect(stream.arn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/t1/stream/2026-01-01T00:00:00.000');
    expect(stream.shardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    expect(formatSequence(7)).toBe('000000000000000000007');
  });

  it.each([
    ['KEYS_ONLY', undefined, undefined],
    ['NEW_IMAGE', after, undefined],
    ['OLD_IMAGE', undefined, before],
    ['NEW_AND_OLD_IMAGES', after, before],
  ] as const)('keeps what a %s view shows', (viewType, newImage, oldImage) => {
    const { stream, clock } = streamOf(viewType);
    stream.capture(clock.now, key, before, after, false);
    const [record] = stream.read(1, 10, 1024).records;
    expect(record?.eventName).toBe('MODIFY');
    expect(record?.newImage).toEqual(newImage);
    expect(record?.oldImage).toEqual(oldImage);
  });

  it('names the event by what existed before and after', () => {
    const { stream, clock } = streamOf('KEYS_ONLY');
    stream.capture(clock.now, key, undefined, after, false);
    stream.capture(clock.now, key, after, undefined, true);
    expect(stream.read(1, 10, 1024).records.map((record) => [record.eventName, record.expired])).toEqual([
      ['INSERT', false],
      ['REMOVE', true],
    ]);
  });

  it('reads from a position, up to a limit and past a byte budget by at most one record', () => {
    const { stream, clock } = streamOf('KEYS_ONLY', 10);
    for (let i = 0; i < 5; i += 1) stream.capture(clock.now, key, undefined, after, false);
    expect(stream.read(12, 2, 1024).records.map((record) => record.sequence)).toEqual([12, 13]);
    expect(stream.read(12, 2, 1024).nextPosition).toBe(14);
    expect(stream.read(10, 100, 1).records.map((record) => record.sequence)).toEqual([10]);
    expect(stream.read(99, 100, 1024)).toEqual({ records: [], nextPosition: 99, endOfShard: false });
  });

  it('trims records past retention and remembers how far it trimmed', () => {
    const { stream, clock } = streamOf('KEYS_ONLY');
    stream.capture(clock.now, key, undefined, after, false);
    clock.now += 1000;
    stream.capture(clock.now, key, after, before, false);
    stream.trim(clock.now + retentionMs);
    expect(stream.trimmedThrough).toBe(1);
    expect(stream.retained().map((record) => record.sequence)).toEqual([2]);
    stream.trim(clock.now + retentionMs + 1);
    expect(stream.retained()).toEqual([]);
    expect(stream.lastSequence).toBe(2);
  });

  it('closes its shard when disabled: an ending sequence number, and reads that reach the end say so', () => {
    const { stream, clock } = streamOf('KEYS_ONLY', 5);
    stream.capture(clock.now, key, undefined, after, false);
    stream.disable(clock.now);
    expect(stream.enabled).toBe(false);
    expect(stream.endingSequence).toBe(5);
    expect(stream.read(5, 1, 1024)).toMatchObject({ nextPosition: 6, endOfShard: true });
    expect(stream.expired(clock.now + retentionMs)).toBe(false);
    expect(stream.expired(clock.now + retentionMs + 1)).toBe(true);
  });
});
