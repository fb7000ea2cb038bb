/**
 * A table's (or index's) primary key: which attributes form it, and the canonical string that
 * identifies an item by them. Two keys that DynamoDB considers equal ("1.0" and "1" as numbers)
 * map to the same string, so the item map is a plain `Map<string, ...>`.
 */
import { validationError } from '../errors.js';
import type { AttributeValue, Item } from '../values/attribute-value.js';
import { canonicalNumber } from '../values/number.js';

/** Scalar types a key attribute may have. */
export type KeyType = 'S' | 'N' | 'B';

/** One key attribute: its name and declared type. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** The hash key, and the range key when the schema has one. */
export interface PrimaryKeySchema {
  readonly hash: KeyAttribute;
  readonly range?: KeyAttribute;
}

/** A key resolved against a schema: its canonical string and its parts. */
export interface ResolvedKey {
  /** Canonical identity of the item within its table. */
  readonly id: string;
  /** Canonical identity of the partition (the hash key alone). */
  readonly partition: string;
  /** The range key value (canonical), when the schema has a range key. */
  readonly rangeValue?: AttributeValue;
  /** The key attributes only, canonical, as DynamoDB returns them. */
  readonly key: Item;
}

const maxHashKeyBytes = 2048;
const maxRangeKeyBytes = 1024;

function scalarOf(value: AttributeValue, type: KeyType): string | undefined {
  switch (type) {
    case 'S':
      return 'S' in value ? value.S : undefined;
    case 'N':
      return 'N' in value ? value.N : undefined;
    case 'B':
      return 'B' in value ? value.B : undefined;
  }
}

function firstType(value: AttributeValue): string {
  return Object.keys(value)[0] ?? '';
}

function byteLength(text: string, type: KeyType): number {
  return type === 'B' ? Buffer.byteLength(text, 'base64') : Buffer.byteLength(text, 'utf8');
}

function checkKeySize(text: string, type: KeyType, isHash: boolean): void {
  if (type === 'N') return;
  const size = byteLength(text, type);
  if (isHash && size > maxHashKeyBytes) {
    throw validationError('One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes');
  }
  if (!isHash && size > maxRangeKeyBytes) {
    throw validationError('One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes');
  }
}

function canonicalScalar(text: string, type: KeyType): string {
  return type === 'N' ? canonicalNumber(text) : text;
}

function valueOf(text: string, type: KeyType): AttributeValue {
  switch (type) {
    case 'S':
      return { S: text };
    case 'N':
      return { N: text };
    case 'B':
      return { B: text };
  }
}

function assemble(schema: PrimaryKeySchema, hashText: string, rangeText: string | undefined): ResolvedKey {
  const hashValue = valueOf(hashText, schema.hash.type);
  if (schema.range === undefined || rangeText === undefined) {
    return { id: hashText, partition: hashText, key: { [schema.hash.name]: hashValue } };
  }
  const rangeValue = valueOf(rangeText, schema.range.type);
  // Length-prefixing the hash part keeps the id unambiguous whatever characters the values hold.
  return {
    id: `${hashText.length}:${hashText}${rangeText}`,
    partition: hashText,
    rangeValue,
    key: { [schema.hash.name]: hashValue, [schema.range.name]: rangeValue },
  };
}

/**
 * Resolves the `Key` parameter of GetItem, UpdateItem, DeleteItem, ConditionCheck...: exactly the
 * key attributes, of the declared types, not empty.
 *
 * @throws DynamoDBError ValidationException with DynamoDB's messages.
 */
export function resolveKey(schema: PrimaryKeySchema, key: Item): ResolvedKey {
  const expected = schema.range === undefined ? 1 : 2;
  let count = 0;
  for (const _ in key) count += 1;
  if (count !== expected) throw validationError('The provided key element does not match the schema');
  const hashText = keyPart(schema.hash, key, true);
  const rangeText = schema.range === undefined ? undefined : keyPart(schema.range, key, false);
  return assemble(schema, hashText, rangeText);
}

function keyPart(attribute: KeyAttribute, key: Item, isHash: boolean): string {
  const value = key[attribute.name];
  const text = value === undefined ? undefined : scalarOf(value, attribute.type);
  if (text === undefined) throw validationError('The provided key element does not match the schema');
  if (text === '' && attribute.type !== 'N') {
    throw validationError(
      `One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. Key: ${attribute.name}`,
    );
  }
  checkKeySize(text, attribute.type, isHash);
  return canonicalScalar(text, attribute.type);
}

/**
 * Resolves the key of a whole item (PutItem, transactional Put): the key attributes must be
 * present, of the declared types, and not empty.
 *
 * @throws DynamoDBError ValidationException with DynamoDB's messages.
 */
export function resolveItemKey(schema: PrimaryKeySchema, item: Item): ResolvedKey {
  const hashText = itemKeyPart(schema.hash, item, true);
  const rangeText = schema.range === undefined ? undefined : itemKeyPart(schema.range, item, false);
  return assemble(schema, hashText, rangeText);
}

function itemKeyPart(attribute: KeyAttribute, item: Item, isHash: boolean): string {
  const value = item[attribute.name];
  if (value === undefined) {
    throw validationError(`One or more parameter values were invalid: Missing the key ${attribute.name} in the item`);
  }
  const text = scalarOf(value, attribute.type);
  if (text === undefined) {
    throw validationError(
      `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${firstType(value)}`,
    );
  }
  if (text === '' && attribute.type !== 'N') {
    throw validationError(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${attribute.type === 'S' ? 'string' : 'binary'} value. Key: ${attribute.name}`,
    );
  }
  checkKeySize(text, attribute.type, isHash);
  return canonicalScalar(text, attribute.type);
}
