import { describe, expect, it } from 'vitest';
import { decodeShardIterator, encodeShardIterator } from '../../../../local/dynamodb/streams/shard-iterator.js';

const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/t1/stream/2026-01-01T00:00:00.000';

describe('shard iterators', () => {
  it('decode what they encode', () => {
    const state = { streamArn: arn, shardId: 'shardId-00000001767225600000-0a1b2c3d', position: 42, issuedAt: 1_767_225_600_123 };
    const text = encodeShardIterator(state);
    expect(text.startsWith(`${arn}|1|`)).toBe(true);
    expect(decodeShardIterator(text)).toEqual(state);
  });

  it.each([
    ['garbage', 'not an iterator'],
    ['a wrong version', `${arn}|2|${Buffer.from('s|1|2').toString('base64')}`],
    ['a payload that is not base64', `${arn}|1|!!!`],
    ['a payload with a bad position', `${arn}|1|${Buffer.from('s|x|2').toString('base64')}`],
    ['a payload with a negative position', `${arn}|1|${Buffer.from('s|-1|2').toString('base64')}`],
    ['a payload with too few fields', `${arn}|1|${Buffer.from('s|1').toString('base64')}`],
  ])('refuse %s', (_case, text) => {
    expect(decodeShardIterator(text)).toBeUndefined();
  });
});
