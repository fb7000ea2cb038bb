import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A DynamoDB item in the low-level AttributeValue shape. */
export type Item = Record<string, AttributeValue>;

/** Raised when a stored item lacks an attribute the service always writes: data corruption. */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  readonly code = 'corrupt_item';
  readonly status = 500;

  constructor(attribute: string, options?: ErrorOptions) {
    super(`A stored item has no valid "${attribute}" attribute.`, options);
  }
}

/** `{ S: value }`. */
export function stringValue(value: string): AttributeValue {
  return { S: value };
}

/** `{ N: value }` for a safe integer (minor units, versions, sequence numbers). */
export function integerValue(value: number): AttributeValue {
  return { N: String(value) };
}

/** The string attribute `name` of `item`. @throws CorruptItemError when absent or not S. */
export function readString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new CorruptItemError(name);
  return value;
}

/** The string attribute `name` of `item`, or undefined when absent. */
export function readOptionalString(item: Item, name: string): string | undefined {
  return item[name]?.S;
}

/**
 * The integer attribute `name` of `item`, as a number.
 * @throws CorruptItemError when absent, not N, or not a safe integer.
 */
export function readInteger(item: Item, name: string): number {
  const text = item[name]?.N;
  const value = text === undefined ? Number.NaN : Number(text);
  if (!Number.isSafeInteger(value)) throw new CorruptItemError(name);
  return value;
}
