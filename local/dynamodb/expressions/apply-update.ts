/**
 * Applies a compiled UpdateExpression to an item, with DynamoDB's semantics: every SET value is
 * computed from the item as it was before the update; actions then apply in order; list indexes
 * past the end append; REMOVE of list elements uses the indexes as they were before the update.
 */
import { validationError } from '../errors.js';
import type { AttributeValue, Item } from '../values/attribute-value.js';
import { addNumbers, subtractNumbers } from '../values/number.js';
import { attributeValueSize, utf8Length } from '../values/item-size.js';
import type { CompiledUpdate, CompiledUpdateAction, CompiledUpdateValue } from './compile-update.js';
import type { DocumentPath, PathElement } from './document-path.js';
import { readPath } from './document-path.js';
import { projectPaths } from './project-item.js';

/** What an update did: the new item and the paths it wrote (for UPDATED_OLD / UPDATED_NEW). */
export interface UpdateResult {
  readonly item: Item;
  readonly updatedPaths: readonly DocumentPath[];
}

const invalidPath = 'The document path provided in the update expression is invalid for update';
const wrongType = 'An operand in the update expression has an incorrect data type';
const missingOperand = 'The provided expression refers to an attribute that does not exist in the item';
const tooDeep = 'Nesting Levels have exceeded supported limits';

/** Documents nest at most 32 levels, a top-level attribute's value being level 1. */
const maxNestingLevel = 32;

/** Whether `value` reaches more than `levels` levels (a scalar is one level). */
function deeperThan(value: AttributeValue, levels: number): boolean {
  if (levels < 1) return true;
  if ('M' in value) {
    for (const name in value.M) {
      const inner = value.M[name];
      if (inner !== undefined && deeperThan(inner, levels - 1)) return true;
    }
  } else if ('L' in value) {
    for (const inner of value.L) if (deeperThan(inner, levels - 1)) return true;
  }
  return false;
}

/** Marks a list element removed; dropped once every action has run so indexes stay stable. */
const removed: AttributeValue = { NULL: true };

type Change = (existing: AttributeValue | undefined) => AttributeValue | undefined;

function setOwn(target: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Refuses updates that touch a key attribute, before any item is read, as DynamoDB does.
 * @throws DynamoDBError ValidationException `Cannot update attribute <name>. This attribute is part of the key`.
 */
export function checkUpdateKeys(update: CompiledUpdate, keyAttributes: Iterable<string>): void {
  const keys = new Set(keyAttributes);
  for (const action of update.actions) {
    if (keys.has(action.path[0])) {
      throw validationError(`One or more parameter values were invalid: Cannot update attribute ${action.path[0]}. This attribute is part of the key`);
    }
  }
}

function resolveValue(value: CompiledUpdateValue, item: Item): AttributeValue {
  switch (value.kind) {
    case 'value':
      return value.value;
    case 'path': {
      const found = readPath(item, value.path);
      if (found === undefined) throw validationError(missingOperand);
      return found;
    }
    case 'if_not_exists':
      return readPath(item, value.path) ?? resolveValue(value.fallback, item);
    case 'list_append': {
      const left = resolveValue(value.left, item);
      const right = resolveValue(value.right, item);
      if (!('L' in left) || !('L' in right)) throw validationError(wrongType);
      return { L: [...left.L, ...right.L] };
    }
    case '+':
    case '-': {
      const left = resolveValue(value.left, item);
      const right = resolveValue(value.right, item);
      if (!('N' in left) || !('N' in right)) throw validationError(wrongType);
      return { N: value.kind === '+' ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
  }
}

function modify(current: AttributeValue | undefined, rest: readonly PathElement[], change: Change): AttributeValue {
  const [step, ...tail] = rest;
  if (current === undefined || step === undefined) throw validationError(invalidPath);
  if (typeof step === 'number') {
    if (!('L' in current)) throw validationError(invalidPath);
    const list = [...current.L];
    if (tail.length === 0) {
      const existing = step < list.length && list[step] !== removed ? list[step] : undefined;
      const next = change(existing);
      if (next === undefined) {
        if (step < list.length) list[step] = removed;
      } else if (step < list.length) list[step] = next;
      else list.push(next);
    } else {
      if (step >= list.length) throw validationError(invalidPath);
      list[step] = modify(list[step], tail, change);
    }
    return { L: list };
  }
  if (!('M' in current)) throw validationError(invalidPath);
  const map: Record<string, AttributeValue> = { ...current.M };
  const existing = Object.hasOwn(map, step) ? map[step] : undefined;
  if (tail.length === 0) {
    const next = change(existing);
    if (next === undefined) Reflect.deleteProperty(map, step);
    else setOwn(map, step, next);
  } else {
    setOwn(map, step, modify(existing, tail, change));
  }
  return { M: map };
}

function dropRemoved(value: AttributeValue): AttributeValue {
  if ('L' in value) return { L: value.L.filter((v) => v !== removed).map(dropRemoved) };
  if ('M' in value) {
    const map: Record<string, AttributeValue> = {};
    for (const [key, inner] of Object.entries(value.M)) setOwn(map, key, dropRemoved(inner));
    return { M: map };
  }
  return value;
}

function union(existing: readonly string[], added: readonly string[]): string[] {
  const members = new Set(existing);
  return [...existing, ...added.filter((m) => !members.has(m))];
}

function difference(existing: readonly string[], deleted: readonly string[]): string[] {
  const gone = new Set(deleted);
  return existing.filter((m) => !gone.has(m));
}

function addChange(value: AttributeValue, mismatch: string): Change {
  return (existing) => {
    if (existing === undefined) return value;
    if ('N' in value && 'N' in existing) return { N: addNumbers(existing.N, value.N) };
    if ('SS' in value && 'SS' in existing) return { SS: union(existing.SS, value.SS) };
    if ('NS' in value && 'NS' in existing) return { NS: union(existing.NS, value.NS) };
    if ('BS' in value && 'BS' in existing) return { BS: union(existing.BS, value.BS) };
    // Only the legacy AttributeUpdates ADD a list (the expression compiler refuses one).
    if ('L' in value && 'L' in existing) return { L: [...existing.L, ...value.L] };
    throw validationError(mismatch);
  };
}

function deleteChange(value: AttributeValue, mismatch: string): Change {
  return (existing) => {
    if (existing === undefined) return undefined;
    let left: string[];
    if ('SS' in value && 'SS' in existing) left = difference(existing.SS, value.SS);
    else if ('NS' in value && 'NS' in existing) left = difference(existing.NS, value.NS);
    else if ('BS' in value && 'BS' in existing) left = difference(existing.BS, value.BS);
    else throw validationError(mismatch);
    if (left.length === 0) return undefined;
    return 'SS' in existing ? { SS: left } : 'NS' in existing ? { NS: left } : { BS: left };
  };
}

function changeFor(action: CompiledUpdateAction, resolved: AttributeValue | undefined, mismatch: string): Change {
  switch (action.kind) {
    case 'SET':
      return () => resolved;
    case 'REMOVE':
      return () => undefined;
    case 'ADD':
      return addChange(action.value, mismatch);
    case 'DELETE':
      return deleteChange(action.value, mismatch);
  }
}

/**
 * Applies a compiled update to `item` (the stored item, or just the key when there is none).
 * @param key when given, updates touching these attributes are refused (see {@link checkUpdateKeys}).
 * @throws DynamoDBError ValidationException with DynamoDB's runtime messages: invalid document
 * path, operand of the wrong type, operand that does not exist, number overflow, a document
 * nested deeper than 32 levels.
 */
export function applyUpdate(update: CompiledUpdate, item: Item, key?: Item): UpdateResult {
  if (key !== undefined) checkUpdateKeys(update, Object.keys(key));
  const resolved = update.actions.map((action) => (action.kind === 'SET' ? resolveValue(action.value, item) : undefined));
  update.actions.forEach((action, index) => {
    const value = resolved[index];
    // A value written at a path's end sits at the path's level: the document must still fit.
    if (value !== undefined && ('M' in value || 'L' in value) && deeperThan(value, maxNestingLevel - action.path.length + 1)) {
      throw validationError(tooDeep);
    }
  });
  const next: Record<string, AttributeValue> = { ...item };
  const touched = new Set<string>();
  update.actions.forEach((action, index) => {
    const change = changeFor(action, resolved[index], update.typeMismatch ?? wrongType);
    const [head, ...rest] = action.path;
    touched.add(head);
    const existing = Object.hasOwn(next, head) ? next[head] : undefined;
    const value = rest.length === 0 ? change(existing) : modify(existing, rest, change);
    if (value === undefined) Reflect.deleteProperty(next, head);
    else setOwn(next, head, value);
  });
  for (const head of touched) {
    const value = Object.hasOwn(next, head) ? next[head] : undefined;
    if (value !== undefined && ('L' in value || 'M' in value)) setOwn(next, head, dropRemoved(value));
  }
  return { item: next, updatedPaths: update.actions.map((a) => a.path) };
}

/**
 * The attributes ReturnValues UPDATED_OLD / UPDATED_NEW return: `item` (old or new) projected
 * onto the paths the update wrote.
 */
export function projectUpdatedPaths(item: Item | undefined, paths: readonly DocumentPath[]): Item {
  return projectPaths(item, paths);
}

/**
 * What standalone UpdateItem measures against the 400 KB limit besides the finished item: the
 * top-level attributes the statement writes (name and value, as stored afterwards) plus a fixed
 * cost of 3 bytes, 19 per SET or ADD action (20 when it writes through a list index) and 2 per
 * REMOVE or DELETE action. Measured against DynamoDB (the figures are not documented): UpdateItem
 * fails with `Item size to update has exceeded the maximum allowed size` when either this or
 * `itemSize(newItem)` exceeds the limit.
 */
export function updateWriteSize(update: CompiledUpdate, newItem: Item): number {
  let size = 3;
  const written = new Set<string>();
  for (const action of update.actions) {
    const writes = action.kind === 'SET' || action.kind === 'ADD';
    size += writes ? (typeof action.path[action.path.length - 1] === 'number' ? 20 : 19) : 2;
    if (writes) written.add(action.path[0]);
  }
  for (const name of written) {
    const value = Object.hasOwn(newItem, name) ? newItem[name] : undefined;
    if (value !== undefined) size += utf8Length(name) + attributeValueSize(value);
  }
  return size;
}
