/**
 * DynamoDB's attribute values in their wire (JSON) form. Numbers stay strings end to end, so
 * no value ever passes through a JavaScript float; binaries stay base64 strings on the wire.
 */

export interface StringValue { readonly S: string }
export interface NumberValue { readonly N: string }
export interface BinaryValue { readonly B: string }
export interface BooleanValue { readonly BOOL: boolean }
export interface NullValue { readonly NULL: true }
export interface MapValue { readonly M: Readonly<Record<string, AttributeValue>> }
export interface ListValue { readonly L: readonly AttributeValue[] }
export interface StringSetValue { readonly SS: readonly string[] }
export interface NumberSetValue { readonly NS: readonly string[] }
export interface BinarySetValue { readonly BS: readonly string[] }

/** One attribute value, exactly one type descriptor set. */
export type AttributeValue =
  | StringValue
  | NumberValue
  | BinaryValue
  | BooleanValue
  | NullValue
  | MapValue
  | ListValue
  | StringSetValue
  | NumberSetValue
  | BinarySetValue;

/** The type descriptors, as DynamoDB names them. */
export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';

/** An item: top-level attribute names to values. */
export type Item = Readonly<Record<string, AttributeValue>>;

/** The type descriptor of a value that has already been validated. */
export function typeOf(value: AttributeValue): AttributeType {
  if ('S' in value) return 'S';
  if ('N' in value) return 'N';
  if ('B' in value) return 'B';
  if ('BOOL' in value) return 'BOOL';
  if ('NULL' in value) return 'NULL';
  if ('M' in value) return 'M';
  if ('L' in value) return 'L';
  if ('SS' in value) return 'SS';
  if ('NS' in value) return 'NS';
  return 'BS';
}
