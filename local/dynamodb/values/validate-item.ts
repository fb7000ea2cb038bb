/**
 * Turns untrusted JSON into typed attribute values, failing as DynamoDB does. Two phases, like
 * DynamoDB's own: first the JSON shape is checked against the wire types (a wrong JSON type is a
 * SerializationException, reported before anything else in the request), then the values are
 * validated (ValidationException: empty or mixed descriptors, sets, numbers...).
 */
import { DynamoDBError, validationError } from '../errors.js';
import type { AttributeValue, BooleanValue, Item, NumberValue, StringValue } from './attribute-value.js';
import { utf8Length } from './item-size.js';
import { formatNumber, parseNumber } from './number.js';

/** An attribute value whose JSON shape is right but whose content is not yet validated. */
export interface RawAttributeValue {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, RawAttributeValue>;
  L?: (RawAttributeValue | null)[];
  SS?: (string | null)[];
  NS?: (string | null)[];
  BS?: (string | null)[];
}

const avClass = 'com.amazonaws.dynamodb.v20120810.AttributeValue';
const mapOfValues = `java.util.Map<java.lang.String, ${avClass}>`;

function serializationError(message: string): DynamoDBError {
  return new DynamoDBError('SerializationException', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property even for the key `__proto__`, which plain assignment would swallow. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * `map` applied to each own member of `record`, in order. While every member maps to itself (the
 * usual case for a request's parsed JSON), nothing is allocated and `record` itself is returned;
 * a copy is started at the first member that maps to something else.
 */
function mapMembers<T, R>(record: Readonly<Record<string, T>>, map: (member: T, name: string) => R): Record<string, R> {
  // Object.keys, not Object.entries: the same members in the same order, without a pair each.
  const names = Object.keys(record);
  let copy: Record<string, R> | undefined;
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index] ?? '';
    const member = record[name] as T;
    const mapped = map(member, name);
    if (copy === undefined) {
      if (Object.is(mapped, member)) continue;
      copy = {};
      // Each earlier member mapped to itself, so it is an R.
      for (const earlier of names.slice(0, index)) setOwn(copy, earlier, record[earlier] as R);
    }
    setOwn(copy, name, mapped);
  }
  // Every member mapped to itself, so each is an R.
  return copy ?? (record as Readonly<Record<string, unknown>> as Record<string, R>);
}

/** The name of an object's only enumerable member, or undefined when it has none or several. */
function soleMember(value: object): string | undefined {
  let sole: string | undefined;
  // for...in, not Object.keys: no array allocated for the one or two names looked at.
  for (const name in value) {
    if (sole !== undefined) return undefined;
    sole = name;
  }
  return sole;
}

/** One string or boolean member of a scalar type, already of the right JSON type. */
type PlainScalar = StringValue | NumberValue | BooleanValue;

/**
 * Whether a parsed JSON value is a plain scalar such as `{"S": "abc"}`: most attribute values
 * are, and such an object already has the shape the engine stores, so it is kept as it is
 * instead of being copied (see {@link validateShapedMap}).
 */
function isPlainScalar(value: object): value is PlainScalar {
  const sole = soleMember(value);
  if (sole === 'S' && 'S' in value) return typeof value.S === 'string';
  if (sole === 'N' && 'N' in value) return typeof value.N === 'string';
  if (sole === 'BOOL' && 'BOOL' in value) return typeof value.BOOL === 'boolean';
  return false;
}

function jsonKind(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'STRING_VALUE';
}

/**
 * Reads a JSON value where DynamoDB expects a string.
 * @throws DynamoDBError SerializationException naming what the parser met instead.
 */
export function shapeString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) throw serializationError('Unrecognized collection type class java.lang.String');
  if (isRecord(value)) throw serializationError('Start of structure or map found where not expected');
  throw serializationError(`${jsonKind(value)} cannot be converted to String`);
}

/**
 * Reads a JSON value where DynamoDB expects a boolean, coercing the spellings its parser accepts
 * ("true", "1", "yes" and their opposites, in any case).
 * @throws DynamoDBError SerializationException naming what the parser met instead.
 */
export function shapeBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    // DynamoDB's JSON reader coerces these spellings into booleans.
    const upper = value.toUpperCase();
    if (upper === 'TRUE' || upper === '1' || upper === 'YES') return true;
    if (upper === 'FALSE' || upper === '0' || upper === 'NO') return false;
    throw serializationError('Unexpected token received from parser');
  }
  if (Array.isArray(value)) throw serializationError('Unrecognized collection type class java.lang.Boolean');
  if (isRecord(value)) throw serializationError('Start of structure or map found where not expected');
  throw serializationError(`${jsonKind(value)} cannot be converted to Boolean`);
}

function shapeBlob(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length % 4 !== 0) {
      throw serializationError(`Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || Buffer.from(value, 'base64').toString('base64') !== value) {
      throw serializationError('Invalid last non-pad Base64 character dectected');
    }
    return value;
  }
  if (Array.isArray(value)) throw serializationError('Unrecognized collection type class java.nio.ByteBuffer');
  if (isRecord(value)) throw serializationError('Start of structure or map found where not expected');
  throw serializationError('only base-64-encoded strings are convertible to bytes');
}

function shapeList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) throw serializationError('Start of structure or map found where not expected');
  throw serializationError('Unexpected field type');
}

function shapeSet(value: unknown, member: (v: unknown) => string): (string | null)[] {
  return shapeList(value).map((m) => (m === null ? null : member(m)));
}

/**
 * Checks the JSON shape of a map of attribute values (an Item, a Key, ExpressionAttributeValues).
 * @throws DynamoDBError SerializationException on a JSON type DynamoDB cannot read there.
 */
export function shapeAttributeMap(value: unknown): Record<string, RawAttributeValue | null> {
  if (Array.isArray(value)) throw serializationError(`Unrecognized collection type ${mapOfValues}`);
  if (!isRecord(value)) throw serializationError('Unexpected field type');
  return mapMembers(value, (member) => (member === null ? null : shapeAttributeValue(member)));
}

/**
 * Checks the JSON shape of one attribute value. Unknown members are ignored and JSON nulls are
 * treated as absent, as DynamoDB does.
 * @throws DynamoDBError SerializationException on a JSON type DynamoDB cannot read there.
 */
export function shapeAttributeValue(value: unknown): RawAttributeValue {
  if (Array.isArray(value)) throw serializationError(`Unrecognized collection type class ${avClass}`);
  if (!isRecord(value)) throw serializationError('Unexpected value type in payload');
  if (isPlainScalar(value)) return value;
  const raw: RawAttributeValue = {};
  for (const type of Object.keys(value)) {
    const member = value[type];
    if (member === null || member === undefined) continue;
    switch (type) {
      case 'S': raw.S = shapeString(member); break;
      case 'N': raw.N = shapeString(member); break;
      case 'B': raw.B = shapeBlob(member); break;
      case 'BOOL': raw.BOOL = shapeBoolean(member); break;
      case 'NULL': raw.NULL = shapeBoolean(member); break;
      case 'SS': raw.SS = shapeSet(member, shapeString); break;
      case 'NS': raw.NS = shapeSet(member, shapeString); break;
      case 'BS': raw.BS = shapeSet(member, shapeBlob); break;
      case 'L': raw.L = shapeList(member).map((m) => (m === null ? null : shapeAttributeValue(m))); break;
      case 'M': {
        if (Array.isArray(member)) throw serializationError(`Unrecognized collection type ${mapOfValues}`);
        if (!isRecord(member)) throw serializationError('Unexpected field type');
        const map: Record<string, RawAttributeValue> = {};
        for (const name of Object.keys(member)) {
          const inner = member[name];
          if (inner !== null) setOwn(map, name, shapeAttributeValue(inner));
        }
        raw.M = map;
        break;
      }
      default:
        break;
    }
  }
  return raw;
}

const invalid = 'One or more parameter values were invalid: ';
const emptyValue = 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const manyTypes = 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const nullNotTrue = `${invalid}Null attribute value types must have the value of true`;

/** DynamoDB's message for a value nested deeper than documents may be. */
export const nestingLimitMessage =
  'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

/**
 * Problems DynamoDB reports as they are also for ExpressionAttributeValues, without the
 * "ExpressionAttributeValues contains invalid value: ... for key :v" wrapping.
 */
const unwrapped = new Set([nestingLimitMessage, nullNotTrue]);

/** Documents nest at most 32 levels, the top-level attribute's value being level 1. */
const maxNestingLevel = 32;

function renderCollection(members: readonly string[]): string {
  return `[${members.join(', ')}]`;
}

function firstDuplicate(members: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m)) return true;
    seen.add(m);
  }
  return false;
}

/** A validated value, or DynamoDB's message for what is wrong with it (told apart by `typeof`). */
type Checked = AttributeValue | string;

function nonNullMembers(members: readonly (string | null)[], nullProblem: string): string[] | string {
  const result: string[] = [];
  for (const m of members) {
    if (m === null) return nullProblem;
    result.push(m);
  }
  return result;
}

/** A plain scalar is valid as it is, except a number, which is valid once in canonical form. */
function checkPlainScalar(value: PlainScalar): Checked {
  if (!('N' in value)) return value;
  const parsed = parseNumber(value.N);
  if (typeof parsed === 'string') return parsed;
  const canonical = formatNumber(parsed);
  return canonical === value.N ? value : { N: canonical };
}

/** The longest attribute name, in UTF-8 bytes (names are less than 64 KB). */
const maxAttributeNameBytes = 65535;

/**
 * DynamoDB's message for an attribute name it refuses (empty, or 64 KB or more), else undefined.
 * A name of at most a third of the limit in UTF-16 units cannot reach it in UTF-8.
 */
function attributeNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Empty attribute name';
  if (name.length > maxAttributeNameBytes / 3 && utf8Length(name) > maxAttributeNameBytes) {
    return 'Attribute name is too large, must be less than 65536 bytes';
  }
  return undefined;
}

/**
 * Validates a shaped value at nesting `level` (a top-level attribute's value is level 1);
 * DynamoDB reports the first problem in member order.
 */
function checkRaw(raw: RawAttributeValue | null, level: number): Checked {
  if (level > maxNestingLevel) return nestingLimitMessage;
  if (raw === null) return emptyValue;
  if (isPlainScalar(raw)) return checkPlainScalar(raw);
  const types = Object.keys(raw) as (keyof RawAttributeValue)[];
  if (types.length === 0) return emptyValue;
  let value: AttributeValue | undefined;
  for (const type of types) {
    switch (type) {
      case 'S':
        if (raw.S !== undefined) value = { S: raw.S };
        break;
      case 'B':
        if (raw.B !== undefined) value = { B: raw.B };
        break;
      case 'BOOL':
        if (raw.BOOL !== undefined) value = { BOOL: raw.BOOL };
        break;
      case 'NULL':
        // Only true is a NULL value: DynamoDB refuses {"NULL": false} (the SDK models the member
        // as a plain boolean, but the service and DynamoDB Local both reject false).
        if (raw.NULL !== true) return nullNotTrue;
        value = { NULL: true };
        break;
      case 'N': {
        const parsed = parseNumber(raw.N ?? '');
        if (typeof parsed === 'string') return parsed;
        value = { N: formatNumber(parsed) };
        break;
      }
      case 'SS': {
        const members = nonNullMembers(raw.SS ?? [], emptyValue);
        if (typeof members === 'string') return members;
        if (members.length === 0) return `${invalid}An string set  may not be empty`;
        if (firstDuplicate(members)) return `${invalid}Input collection ${renderCollection(members)} contains duplicates.`;
        value = { SS: members };
        break;
      }
      case 'NS': {
        const members = nonNullMembers(raw.NS ?? [], emptyValue);
        if (typeof members === 'string') return members;
        if (members.length === 0) return `${invalid}An number set  may not be empty`;
        const canonical: string[] = [];
        for (const m of members) {
          const parsed = parseNumber(m);
          if (typeof parsed === 'string') return parsed;
          canonical.push(formatNumber(parsed));
        }
        if (firstDuplicate(canonical)) return 'Input collection contains duplicates';
        value = { NS: canonical };
        break;
      }
      case 'BS': {
        const members = nonNullMembers(raw.BS ?? [], emptyValue);
        if (typeof members === 'string') return members;
        if (members.length === 0) return `${invalid}Binary sets should not be empty`;
        if (firstDuplicate(members)) return `${invalid}Input collection ${renderCollection(members)}of type BS contains duplicates.`;
        value = { BS: members };
        break;
      }
      case 'M': {
        const map: Record<string, AttributeValue> = {};
        const members = raw.M ?? {};
        for (const name of Object.keys(members)) {
          const checked = checkRaw(members[name] ?? null, level + 1);
          if (typeof checked === 'string') return checked;
          setOwn(map, name, checked);
        }
        value = { M: map };
        break;
      }
      case 'L': {
        const list: AttributeValue[] = [];
        for (const inner of raw.L ?? []) {
          const checked = checkRaw(inner, level + 1);
          if (typeof checked === 'string') return checked;
          list.push(checked);
        }
        value = { L: list };
        break;
      }
      default:
        break;
    }
  }
  if (types.length > 1) return manyTypes;
  if (value === undefined) return emptyValue;
  return value;
}

/**
 * DynamoDB's message for what is wrong with a shaped value, or undefined when it is valid.
 * Useful to compose messages such as `ExpressionAttributeValues contains invalid value: ...`.
 */
export function attributeValueProblem(raw: RawAttributeValue | null): string | undefined {
  const checked = checkRaw(raw, 1);
  return typeof checked === 'string' ? checked : undefined;
}

/**
 * Validates one attribute value from a request and returns it typed, numbers canonical.
 * @throws DynamoDBError SerializationException for a wrong JSON type; ValidationException with
 * DynamoDB's message for an invalid value.
 */
export function validateAttributeValue(value: unknown): AttributeValue {
  const checked = checkRaw(shapeAttributeValue(value), 1);
  if (typeof checked === 'string') throw validationError(checked);
  return checked;
}

/**
 * Validates a shaped map of values (see {@link shapeAttributeMap}); the operations call this
 * after shaping the whole request, so serialization errors win over validation errors.
 * @param wrap turns a value's problem into the message for this request member
 * (e.g. `ExpressionAttributeValues contains invalid value: <problem> for key :v`).
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function validateShapedMap(
  map: Readonly<Record<string, RawAttributeValue | null>>,
  wrap: (problem: string, name: string) => string = (problem) => problem,
): Item {
  // A request's item is usually stored as JSON.parse built it, with no copy of any part.
  return mapMembers(map, (member, name) => {
    const nameProblem = attributeNameProblem(name);
    if (nameProblem !== undefined) throw validationError(nameProblem);
    const checked = checkRaw(member, 1);
    if (typeof checked === 'string') throw validationError(unwrapped.has(checked) ? checked : wrap(checked, name));
    return checked;
  });
}

/**
 * Validates an item (or a key) from a request and returns it typed, numbers canonical. Empty
 * strings and binaries are allowed here: key attributes are checked against the key schema by
 * the operation.
 * @throws DynamoDBError SerializationException for a wrong JSON type; ValidationException with
 * DynamoDB's message for an invalid value.
 */
export function validateItem(item: unknown): Item {
  return validateShapedMap(shapeAttributeMap(item));
}

/**
 * Validates ExpressionAttributeValues as DynamoDB does (non-empty, `:name` keys, valid values).
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's message.
 */
export function validateExpressionAttributeValues(values: unknown): Record<string, AttributeValue> {
  const shaped = shapeAttributeMap(values);
  const keys = Object.keys(shaped);
  if (keys.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
  for (const key of keys) {
    if (!/^:[0-9a-zA-Z_]+$/.test(key)) {
      throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  return validateShapedMap(shaped, (problem, key) => `ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
}

/**
 * Validates ExpressionAttributeNames as DynamoDB does (non-empty, `#name` keys, string values).
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's message.
 */
export function validateExpressionAttributeNames(names: unknown): Record<string, string> {
  if (Array.isArray(names)) throw serializationError('Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>');
  if (!isRecord(names)) throw serializationError('Unexpected field type');
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(names)) {
    if (value !== null) setOwn(result, key, shapeString(value));
  }
  const keys = Object.keys(result);
  if (keys.length === 0) throw validationError('ExpressionAttributeNames must not be empty');
  for (const key of keys) {
    if (!/^#[0-9a-zA-Z_]+$/.test(key)) {
      throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  return result;
}
