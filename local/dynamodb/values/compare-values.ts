/**
 * Equality and ordering of attribute values as DynamoDB defines them: strings by UTF-8 bytes,
 * numbers numerically, binaries by unsigned bytes; sets are equal regardless of order.
 */
import type { AttributeValue } from './attribute-value.js';
import { typeOf } from './attribute-value.js';
import { compareDecimals, decimalOf } from './number.js';

/**
 * Orders two strings by their UTF-8 bytes. UTF-8 byte order is code point order, which differs
 * from JavaScript's UTF-16 order only when a surrogate pair meets a code unit above U+D7FF.
 */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
  }
  return a.length - b.length;
}

/** Orders two base64 binaries by their decoded bytes, unsigned. */
export function compareBinaries(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'));
}

/** True for an integer in canonical form (no leading zeros, no "-0"): the common case. */
function isCanonicalInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  if (text.length === start) return false;
  const first = text.charCodeAt(start);
  if (first === 48) return text.length === 1;
  for (let i = start; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Orders two number strings numerically. */
export function compareNumberText(a: string, b: string): number {
  if (a === b) return 0;
  if (isCanonicalInteger(a) && isCanonicalInteger(b)) {
    const negativeA = a.charCodeAt(0) === 45;
    const negativeB = b.charCodeAt(0) === 45;
    if (negativeA !== negativeB) return negativeA ? -1 : 1;
    const magnitude = a.length !== b.length ? a.length - b.length : a < b ? -1 : 1;
    return negativeA ? -magnitude : magnitude;
  }
  return compareDecimals(decimalOf(a), decimalOf(b));
}

/**
 * Orders two scalar values of the same type (S, N or B), as comparators and BETWEEN do.
 * Returns undefined when they are not comparable (different or non-scalar types), which the
 * comparators treat as false.
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumberText(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinaries(a.B, b.B);
  return undefined;
}

const typeRank: Readonly<Record<string, number>> = { S: 0, N: 1, B: 2, BOOL: 3, NULL: 4, SS: 5, NS: 6, BS: 7, L: 8, M: 9 };

/**
 * Orders two values for sort keys (S, N, B as DynamoDB orders them). Values of different or
 * non-scalar types never meet in a key; they are ordered by type so the result stays a total
 * order rather than an error.
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number {
  const scalar = compareScalars(a, b);
  if (scalar !== undefined) return scalar;
  return (typeRank[typeOf(a)] ?? 0) - (typeRank[typeOf(b)] ?? 0);
}

/** Set members are canonical (validated numbers, round-tripped base64), so text equality is value equality. */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length <= 8) return a.every((x) => b.includes(x));
  const members = new Set(b);
  return a.every((x) => members.has(x));
}

/**
 * Deep equality: same type and value; sets order-insensitive; numbers numerically. Values are
 * expected validated (canonical numbers), as everything from the request validators is.
 */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
      return 'S' in a && 'S' in b && a.S === b.S;
    case 'N':
      return 'N' in a && 'N' in b && compareNumberText(a.N, b.N) === 0;
    case 'B':
      return 'B' in a && 'B' in b && a.B === b.B;
    case 'BOOL':
      return 'BOOL' in a && 'BOOL' in b && a.BOOL === b.BOOL;
    case 'NULL':
      return true;
    case 'SS':
      return 'SS' in a && 'SS' in b && sameMembers(a.SS, b.SS);
    case 'NS':
      return 'NS' in a && 'NS' in b && sameMembers(a.NS, b.NS);
    case 'BS':
      return 'BS' in a && 'BS' in b && sameMembers(a.BS, b.BS);
    case 'L': {
      if (!('L' in a && 'L' in b) || a.L.length !== b.L.length) return false;
      const right = b.L;
      return a.L.every((x, i) => {
        const y = right[i];
        return y !== undefined && valuesEqual(x, y);
      });
    }
    case 'M': {
      if (!('M' in a && 'M' in b)) return false;
      const keys = Object.keys(a.M);
      if (keys.length !== Object.keys(b.M).length) return false;
      return keys.every((k) => {
        const x = a.M[k];
        const y = Object.hasOwn(b.M, k) ? b.M[k] : undefined;
        return x !== undefined && y !== undefined && valuesEqual(x, y);
      });
    }
  }
}
