/**
 * Item size as DynamoDB computes it for the 400 KB limit and for capacity units: attribute
 * names' UTF-8 length plus their values; numbers by significant digits (see `numberSize`);
 * binaries by raw bytes; 1 byte for BOOL and NULL; 3 bytes for a List or Map plus 1 byte per
 * element (and a Map element's name).
 */
import type { AttributeValue, Item } from './attribute-value.js';
import { numberSize } from './number.js';

/** The largest item DynamoDB stores: 400 KB, inclusive. */
export const maxItemSize = 409_600;

/** The message when a put would store a larger item. */
export const itemTooLargeMessage = 'Item size has exceeded the maximum allowed size';

/** The message when an update would produce a larger item. */
export const updatedItemTooLargeMessage = 'Item size to update has exceeded the maximum allowed size';

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  // Node's native count is faster past a few characters; both count a lone surrogate as 3 bytes.
  if (text.length > 16) return Buffer.byteLength(text, 'utf8');
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Decoded length of a base64 string, without decoding it. */
export function base64Length(base64: string): number {
  if (base64.length === 0) return 0;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** Bytes one value contributes to an item's size (its name not included). */
export function attributeValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return base64Length(value.B);
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + utf8Length(s), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + base64Length(b), 0);
  if ('L' in value) return value.L.reduce((sum, v) => sum + 1 + attributeValueSize(v), 3);
  let size = 3;
  const members = value.M;
  for (const name of Object.keys(members)) {
    const inner = members[name];
    if (inner !== undefined) size += 1 + utf8Length(name) + attributeValueSize(inner);
  }
  return size;
}

/** An item's size: every attribute's name plus its value. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name of Object.keys(item)) {
    const value = item[name];
    if (value !== undefined) size += utf8Length(name) + attributeValueSize(value);
  }
  return size;
}
