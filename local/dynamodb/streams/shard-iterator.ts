/**
 * Shard iterators: opaque to clients, but self-contained here. One names its stream, its shard,
 * the sequence number the next read starts at, and when it was issued (it expires 15 minutes
 * later). Shaped like DynamoDB's: the stream ARN, a version, and an encoded part.
 */

/** What an iterator says. */
export interface ShardIteratorState {
  readonly streamArn: string;
  readonly shardId: string;
  /** The next read returns records with a sequence number at least this. */
  readonly position: number;
  /** Milliseconds since the epoch. */
  readonly issuedAt: number;
}

/** How long an iterator may be used: 15 minutes. */
export const iteratorLifetimeMs = 15 * 60 * 1000;

/** Encodes an iterator. */
export function encodeShardIterator(state: ShardIteratorState): string {
  const payload = Buffer.from(`${state.shardId}|${state.position}|${state.issuedAt}`, 'utf8').toString('base64');
  return `${state.streamArn}|1|${payload}`;
}

/** Decodes an iterator, or returns undefined when the text is not one this engine issued. */
export function decodeShardIterator(text: string): ShardIteratorState | undefined {
  const parts = text.split('|');
  if (parts.length !== 3 || parts[1] !== '1') return undefined;
  const [streamArn, , payload] = parts;
  if (streamArn === undefined || payload === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return undefined;
  const fields = Buffer.from(payload, 'base64').toString('utf8').split('|');
  if (fields.length !== 3) return undefined;
  const [shardId, positionText, issuedText] = fields;
  const position = Number(positionText);
  const issuedAt = Number(issuedText);
  if (shardId === undefined || !Number.isSafeInteger(position) || position < 0 || !Number.isSafeInteger(issuedAt)) return undefined;
  return { streamArn, shardId, position, issuedAt };
}
