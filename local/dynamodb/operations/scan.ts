/**
 * Scan: every item of the table or index, in a stable order (partitions by a hash of their key,
 * as DynamoDB spreads them, then range key order), optionally one segment of a parallel scan.
 */
import { crc32 } from 'node:zlib';
import type { OperationContext } from './operation-context.js';
import { compareEntries } from '../storage/secondary-index.js';
import type { ReadRequest } from '../validation/read-request.js';
import { readPage, readTarget, startPosition, type ReadEntry, type ReadResponse, type StartPosition } from './read-page.js';

const hashSpace = 2 ** 32;

/** Where a partition sits in the scan order: an unsigned 32-bit hash of its key. */
function partitionHash(partition: string): number {
  return crc32(partition);
}

function compareScanOrder(a: { partition: string; hash: number; entry: StartPosition }, b: { partition: string; hash: number; entry: StartPosition }): number {
  if (a.hash !== b.hash) return a.hash - b.hash;
  if (a.partition !== b.partition) return a.partition < b.partition ? -1 : 1;
  return compareEntries(a.entry, b.entry);
}

/**
 * Runs a validated Scan.
 * @throws DynamoDBError ResourceNotFoundException, ValidationException with DynamoDB's messages.
 */
export function scan(context: OperationContext, request: ReadRequest): ReadResponse {
  const table = context.tables.require(request.tableName);
  const target = readTarget(table, request, context.now());
  const source: Iterable<ReadEntry> = target.index === undefined ? table.all() : target.index.entries();
  const total = request.totalSegments ?? 1;
  const segment = request.segment ?? 0;
  const keyed: { partition: string; hash: number; entry: ReadEntry }[] = [];
  for (const entry of source) {
    const hash = partitionHash(entry.partition);
    // Segments are contiguous slices of the hash space, so together they cover every item once.
    if (total > 1 && Math.floor((hash * total) / hashSpace) !== segment) continue;
    keyed.push({ partition: entry.partition, hash, entry });
  }
  keyed.sort(compareScanOrder);
  let from = 0;
  if (request.exclusiveStartKey !== undefined) {
    const start = startPosition(target, request.exclusiveStartKey);
    const startKey = { partition: start.partition, hash: partitionHash(start.partition), entry: start };
    while (from < keyed.length) {
      const candidate = keyed[from];
      if (candidate === undefined || compareScanOrder(candidate, startKey) > 0) break;
      from += 1;
    }
  }
  function* ordered(): Generator<ReadEntry> {
    for (let index = from; index < keyed.length; index += 1) {
      const candidate = keyed[index];
      if (candidate !== undefined) yield candidate.entry;
    }
  }
  return readPage(target, request, ordered());
}
