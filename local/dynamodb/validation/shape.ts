/**
 * Request shapes and the two checks DynamoDB runs on every request before the operation sees it:
 *
 * 1. the type check of its (Java) deserializer: a value of the wrong JSON type is a
 *    SerializationException whose message names what the parser met;
 * 2. the constraint check (not null, length, pattern, enum, range): every failure is collected,
 *    up to ten, into one ValidationException "N validation errors detected: ...".
 *
 * Each operation declares its request as a {@link StructureShape}; the order of the fields is the
 * order DynamoDB reports their errors in.
 */
import { DynamoDBError, validationError } from '../errors.js';
import { shapeAttributeMap, shapeAttributeValue, shapeBoolean, shapeString } from '../values/validate-item.js';

/** Constraints shared by every shape. */
interface Common {
  /** `Member must not be null` when absent. */
  readonly notNull?: boolean;
}

/** A string field. */
export interface StringShape extends Common {
  readonly type: 'string';
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
}

/** An integer field (Java Integer or Long). */
export interface IntegerShape extends Common {
  readonly type: 'integer' | 'long';
  readonly min?: number;
  readonly max?: number;
  /**
   * Where DynamoDB checks the field apart from the others, it names it this way in the failure,
   * without its value (Query's Limit: "Value at 'Limit' failed to satisfy constraint: ...").
   */
  readonly reportedAs?: string;
}

/** A boolean field. */
export interface BooleanShape extends Common {
  readonly type: 'boolean';
}

/** A base64 binary field. */
export interface BlobShape extends Common {
  readonly type: 'blob';
}

/** A list. */
export interface ListShape extends Common {
  readonly type: 'list';
  readonly member: Shape;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A map from string keys to values of one shape. */
export interface MapShape extends Common {
  readonly type: 'map';
  readonly value: Shape;
  /** Java type name of the values, used in the deserializer's error messages. */
  readonly valueTypeName: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly keyMaxLength?: number;
  /**
   * Length bounds of every value (a list's): DynamoDB reports a value out of them at the map,
   * showing the whole map, as "Map value must satisfy constraint: [...]" listing both bounds.
   */
  readonly valueLength?: { readonly min: number; readonly max: number };
}

/** A structure with named fields. */
export interface StructureShape extends Common {
  readonly type: 'structure';
  /** DynamoDB's name for the structure, used in the deserializer's error messages. */
  readonly name: string;
  readonly fields: Readonly<Record<string, Shape>>;
}

/**
 * An AttributeValue: its JSON shape is checked here (by the value module's shaper), its content
 * by the operation afterwards, so every serialization error wins over every validation error.
 */
export interface AttributeValueShape extends Common {
  readonly type: 'attributeValue';
}

/** Any request shape. */
export type Shape =
  | StringShape
  | IntegerShape
  | BooleanShape
  | BlobShape
  | ListShape
  | MapShape
  | StructureShape
  | AttributeValueShape;

type Json = Record<string, unknown>;

function serializationError(message: string): DynamoDBError {
  return new DynamoDBError('SerializationException', message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkBlob(value: unknown): void {
  if (typeof value === 'string') {
    if (value.length % 4 !== 0) {
      throw serializationError(`Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw serializationError('Invalid last non-pad Base64 character dectected');
    }
    return;
  }
  if (Array.isArray(value)) throw serializationError('Unrecognized collection type class java.nio.ByteBuffer');
  if (typeof value === 'object') throw serializationError('Start of structure or map found where not expected');
  throw serializationError('only base-64-encoded strings are convertible to bytes');
}

function checkInteger(value: unknown, shape: IntegerShape): number {
  const javaName = shape.type === 'integer' ? 'Integer' : 'Long';
  if (typeof value === 'number') return Math.floor(value);
  if (typeof value === 'boolean') throw serializationError(`${value ? 'TRUE_VALUE' : 'FALSE_VALUE'} cannot be converted to ${javaName}`);
  if (typeof value === 'string') throw serializationError(`STRING_VALUE cannot be converted to ${javaName}`);
  if (Array.isArray(value)) throw serializationError(`Unrecognized collection type class java.lang.${javaName}`);
  throw serializationError('Start of structure or map found where not expected');
}

/** Type-checks one value against its shape; returns the (possibly coerced) value. */
function checkType(value: unknown, shape: Shape, asField: boolean): unknown {
  switch (shape.type) {
    case 'string':
      return shapeString(value);
    case 'integer':
    case 'long':
      return checkInteger(value, shape);
    case 'boolean':
      return shapeBoolean(value);
    case 'blob':
      checkBlob(value);
      return value;
    case 'attributeValue':
      return shapeAttributeValue(value);
    case 'list': {
      if (!Array.isArray(value)) {
        if (typeof value === 'object') throw serializationError('Start of structure or map found where not expected');
        throw serializationError('Unexpected field type');
      }
      for (let i = 0; i < value.length; i++) {
        const member: unknown = value[i];
        if (member !== null) value[i] = checkType(member, shape.member, false);
      }
      return value;
    }
    case 'map': {
      if (shape.value.type === 'attributeValue') return shapeAttributeMap(value);
      if (!isObject(value)) {
        if (Array.isArray(value)) throw serializationError(`Unrecognized collection type java.util.Map<java.lang.String, ${shape.valueTypeName}>`);
        throw serializationError('Unexpected field type');
      }
      for (const key in value) {
        const member = value[key];
        if (member === null) Reflect.deleteProperty(value, key);
        else value[key] = checkType(member, shape.value, false);
      }
      return value;
    }
    case 'structure': {
      if (!isObject(value)) {
        if (Array.isArray(value)) throw serializationError(`Unrecognized collection type class com.amazonaws.dynamodb.v20120810.${shape.name}`);
        throw serializationError(asField ? 'Unexpected field type' : 'Unexpected value type in payload');
      }
      checkStructureTypes(value, shape);
      return value;
    }
  }
}

function checkStructureTypes(value: Json, shape: StructureShape): void {
  for (const key in value) {
    const fieldShape = shape.fields[key];
    const member = value[key];
    if (fieldShape === undefined || member === null) {
      // DynamoDB ignores members it does not know, and treats null as absent.
      if (member === null) Reflect.deleteProperty(value, key);
      continue;
    }
    value[key] = checkType(member, fieldShape, true);
  }
}

const lowered = new Map<string, string>();

function lowerFirst(name: string): string {
  let result = lowered.get(name);
  if (result === undefined) {
    result = name.charAt(0).toLowerCase() + name.slice(1);
    // Field names come from the shapes (a fixed set), so this cache stays small.
    lowered.set(name, result);
  }
  return result;
}

/**
 * A value as DynamoDB's (Java) validator prints it: lists as `[a, b]`, maps as `{k=v}`,
 * structures as `Name(member=value, ...)` with the members present. Attribute values, whose
 * printed form DynamoDB changes as it adds members, are shown as their JSON.
 */
function render(value: unknown, shape?: Shape): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? shape.member : undefined;
    return `[${value.map((item) => render(item, member)).join(', ')}]`;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value) && shape?.type === 'map') {
    const parts: string[] = [];
    for (const key in value) parts.push(`${key}=${render(value[key], shape.value)}`);
    return `{${parts.join(', ')}}`;
  }
  if (isObject(value) && shape?.type === 'structure') {
    const parts: string[] = [];
    for (const name in shape.fields) {
      const member = value[name];
      if (member !== undefined && member !== null) parts.push(`${lowerFirst(name)}=${render(member, shape.fields[name])}`);
    }
    return `${shape.name}(${parts.join(', ')})`;
  }
  return JSON.stringify(value);
}

/**
 * The constraint failures of one request, and the member path being checked. The path is kept as
 * a stack of segments and joined only when a failure is recorded: most requests have none, and
 * building every member's path string up front was a good part of the walk's cost.
 */
class ConstraintCollector {
  readonly errors: string[] = [];
  private readonly path: string[] = [];

  enter(segment: string): void {
    this.path.push(segment);
  }

  leave(): void {
    this.path.pop();
  }

  add(value: unknown, constraint: string, shape?: Shape): void {
    if (this.errors.length >= 10) return;
    const shown = value === undefined || value === null ? 'null' : `'${render(value, shape)}'`;
    this.errors.push(`Value ${shown} at '${this.path.join('.')}' failed to satisfy constraint: ${constraint}`);
  }

  /** A failure DynamoDB words without the value, naming the member as `name`. */
  addUnvalued(name: string, constraint: string): void {
    if (this.errors.length >= 10) return;
    this.errors.push(`Value at '${name}' failed to satisfy constraint: ${constraint}`);
  }
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  return 0;
}

// Patterns are compiled once per shape, not per request: TableName alone is checked on every call.
const compiledPatterns = new WeakMap<StringShape, RegExp>();

function patternOf(shape: StringShape, source: string): RegExp {
  let pattern = compiledPatterns.get(shape);
  if (pattern === undefined) {
    pattern = new RegExp(`^${source}$`);
    compiledPatterns.set(shape, pattern);
  }
  return pattern;
}

function checkConstraints(value: unknown, shape: Shape, errors: ConstraintCollector): void {
  if (value === undefined || value === null) {
    if (shape.notNull === true) errors.add(value, 'Member must not be null');
    return;
  }
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return;
      // An empty string is reported for its length only, never for the pattern.
      if (shape.pattern !== undefined && value !== '' && !patternOf(shape, shape.pattern).test(value)) {
        errors.add(value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.minLength !== undefined && value.length < shape.minLength) {
        errors.add(value, `Member must have length greater than or equal to ${shape.minLength}`);
      }
      if (shape.maxLength !== undefined && value.length > shape.maxLength) {
        errors.add(value, `Member must have length less than or equal to ${shape.maxLength}`);
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        errors.add(value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number') return;
      if (shape.min !== undefined && value < shape.min) {
        const constraint = `Member must have value greater than or equal to ${shape.min}`;
        if (shape.reportedAs === undefined) errors.add(value, constraint);
        else errors.addUnvalued(shape.reportedAs, constraint);
      }
      if (shape.max !== undefined && value > shape.max) {
        errors.add(value, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    case 'boolean':
    case 'blob':
    case 'attributeValue':
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      checkLength(value, shape, errors);
      const items: readonly unknown[] = value;
      for (let i = 0; i < items.length; i++) {
        errors.enter(`${i + 1}.member`);
        checkConstraints(items[i], shape.member, errors);
        errors.leave();
      }
      return;
    }
    case 'map': {
      if (!isObject(value)) return;
      checkLength(value, shape, errors);
      if (shape.keyMaxLength !== undefined) {
        const max = shape.keyMaxLength;
        for (const key in value) {
          if (key.length > max) {
            errors.add(value, `Map keys must satisfy constraint: [Member must have length less than or equal to ${max}]`, shape);
            break;
          }
        }
      }
      checkValueLengths(value, shape, errors);
      if (shape.value.type === 'attributeValue') return;
      for (const key in value) {
        errors.enter(`${key}.member`);
        checkConstraints(value[key], shape.value, errors);
        errors.leave();
      }
      return;
    }
    case 'structure': {
      if (!isObject(value)) return;
      for (const name in shape.fields) {
        const fieldShape = shape.fields[name];
        const member = value[name];
        // An absent optional member has nothing to check.
        if (fieldShape === undefined || ((member === undefined || member === null) && fieldShape.notNull !== true)) continue;
        errors.enter(lowerFirst(name));
        checkConstraints(member, fieldShape, errors);
        errors.leave();
      }
      return;
    }
  }
}

function checkLength(value: unknown, shape: ListShape | MapShape, errors: ConstraintCollector): void {
  const size = sizeOf(value);
  if (shape.minLength !== undefined && size < shape.minLength) {
    errors.add(value, `Member must have length greater than or equal to ${shape.minLength}`, shape);
  }
  if (shape.maxLength !== undefined && size > shape.maxLength) {
    errors.add(value, `Member must have length less than or equal to ${shape.maxLength}`, shape);
  }
}

function checkValueLengths(map: Json, shape: MapShape, errors: ConstraintCollector): void {
  const bounds = shape.valueLength;
  if (bounds === undefined) return;
  for (const key in map) {
    const size = sizeOf(map[key]);
    if (size < bounds.min || size > bounds.max) {
      errors.add(
        map,
        `Map value must satisfy constraint: [Member must have length less than or equal to ${bounds.max}, Member must have length greater than or equal to ${bounds.min}]`,
        shape,
      );
      return;
    }
  }
}

/** Options of {@link validateShape}. */
export interface ValidateShapeOptions {
  /**
   * Table-management operations check TableName before anything else. `'legacy-length'`
   * (DescribeTable, DeleteTable, ...) words a bad length in its own message; `'constraints'`
   * (CreateTable) reports the name's constraint failures alone, before the other members'.
   * @default undefined (TableName is checked with the other members)
   */
  readonly tableNameFirst?: 'legacy-length' | 'constraints';
}

/** CreateTable's TableName constraints, checked alone before the rest of the request. */
const createTableNameShape: StringShape = { type: 'string', pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 };

function checkTableNameFirst(name: unknown, mode: 'legacy-length' | 'constraints'): void {
  if (name === undefined) throw validationError("The parameter 'TableName' is required but was not present in the request");
  if (typeof name !== 'string') return;
  if (mode === 'legacy-length') {
    if (name.length < 3 || name.length > 255) {
      throw validationError('TableName must be at least 3 characters long and at most 255 characters long');
    }
    return;
  }
  const errors = new ConstraintCollector();
  errors.enter('tableName');
  // CreateTable checks even an empty name against the pattern.
  if (name === '') errors.add(name, `Member must satisfy regular expression pattern: ${createTableNameShape.pattern ?? ''}`);
  checkConstraints(name, createTableNameShape, errors);
  const count = errors.errors.length;
  if (count > 0) throw validationError(`${count} validation error${count > 1 ? 's' : ''} detected: ${errors.errors.join('; ')}`);
}

/**
 * Checks a request body against its shape: SerializationException for a value of the wrong JSON
 * type, ValidationException listing up to ten constraint failures. Returns the body, now known
 * to match `T`'s shape (explicit nulls removed, booleans and integers coerced as DynamoDB does).
 *
 * @throws DynamoDBError SerializationException or ValidationException.
 */
// The shape is the runtime description of T; the single cast below is where the two meet.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function validateShape<T>(body: unknown, shape: StructureShape, options: ValidateShapeOptions = {}): T {
  if (!isObject(body)) {
    throw serializationError(Array.isArray(body) ? 'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.' + shape.name : 'Unexpected field type');
  }
  checkStructureTypes(body, shape);
  if (options.tableNameFirst !== undefined) checkTableNameFirst(body.TableName, options.tableNameFirst);
  const errors = new ConstraintCollector();
  for (const name in shape.fields) {
    const fieldShape = shape.fields[name];
    const member = body[name];
    if (fieldShape === undefined || ((member === undefined || member === null) && fieldShape.notNull !== true)) continue;
    errors.enter(lowerFirst(name));
    checkConstraints(member, fieldShape, errors);
    errors.leave();
  }
  const count = errors.errors.length;
  if (count > 0) {
    throw validationError(`${count} validation error${count > 1 ? 's' : ''} detected: ${errors.errors.join('; ')}`);
  }
  return body as T;
}
