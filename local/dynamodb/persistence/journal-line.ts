/**
 * The on-disk framing of one journal record: `<crc32 hex> <length> <json>\n`. The checksum and
 * length let replay tell a complete record from one torn by a crash in the middle of a write.
 */
import { crc32 } from 'node:zlib';

/** Encodes one record as a journal line. */
export function encodeJournalLine(record: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(record), 'utf8');
  const header = `${crc32(body).toString(16).padStart(8, '0')} ${body.length} `;
  return Buffer.concat([Buffer.from(header, 'ascii'), body, Buffer.from('\n', 'ascii')]);
}

/** The records of a journal file, and where the last complete one ends. */
export interface DecodedJournal {
  readonly records: unknown[];
  /** Byte offset just past the last complete, intact record. */
  readonly validBytes: number;
  /** True when bytes after `validBytes` were ignored (a torn or corrupt tail). */
  readonly torn: boolean;
}

/**
 * Decodes a journal file's bytes, stopping at the first record that is incomplete or fails
 * its checksum: everything before it was acknowledged durable, nothing after it can be.
 */
export function decodeJournal(bytes: Buffer): DecodedJournal {
  const records: unknown[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const firstSpace = bytes.indexOf(0x20, offset);
    if (firstSpace < 0 || firstSpace - offset !== 8) break;
    const secondSpace = bytes.indexOf(0x20, firstSpace + 1);
    if (secondSpace < 0 || secondSpace - firstSpace > 12) break;
    const checksum = Number.parseInt(bytes.toString('ascii', offset, firstSpace), 16);
    const length = Number(bytes.toString('ascii', firstSpace + 1, secondSpace));
    if (!Number.isSafeInteger(length) || length < 0 || Number.isNaN(checksum)) break;
    const bodyStart = secondSpace + 1;
    const bodyEnd = bodyStart + length;
    if (bodyEnd + 1 > bytes.length || bytes[bodyEnd] !== 0x0a) break;
    const body = bytes.subarray(bodyStart, bodyEnd);
    if (crc32(body) !== checksum) break;
    let record: unknown;
    try {
      record = JSON.parse(body.toString('utf8'));
    } catch {
      break;
    }
    records.push(record);
    offset = bodyEnd + 1;
  }
  return { records, validBytes: offset, torn: offset < bytes.length };
}
