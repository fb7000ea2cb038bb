/**
 * Query: one partition of the table or of an index, its range key narrowed by the key
 * condition, walked forwards or backwards in DynamoDB's sort order, one page at a time.
 */
import type { OperationContext } from './operation-context.js';
import { validationError } from '../errors.js';
import type { CompiledCondition } from '../expressions/compile-condition.js';
import type { KeyConditionTerm } from '../expressions/compile-key-condition.js';
import { rangeMatches } from '../expressions/key-condition.js';
import type { KeyAttribute } from '../storage/primary-key.js';
import { compareEntries } from '../storage/secondary-index.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { canonicalNumber } from '../values/number.js';
import type { ReadRequest } from '../validation/read-request.js';
import { readPage, readTarget, startPosition, type ReadEntry, type ReadResponse, type ReadTarget } from './read-page.js';

function scalar(value: AttributeValue, attribute: KeyAttribute): string | undefined {
  switch (attribute.type) {
    case 'S':
      return 'S' in value ? value.S : undefined;
    case 'N':
      return 'N' in value ? canonicalNumber(value.N) : undefined;
    case 'B':
      return 'B' in value ? value.B : undefined;
  }
}

/** The legacy KeyConditions operators an index cannot answer. */
const unindexable: ReadonlySet<KeyConditionTerm['op']> = new Set<KeyConditionTerm['op']>(['NE', 'IN', 'NULL', 'NOT_NULL', 'CONTAINS', 'NOT_CONTAINS']);

interface KeyPlan {
  readonly partition: string;
  readonly range: KeyConditionTerm | undefined;
}

/** Matches the key condition's terms to the key schema, as DynamoDB checks them. */
function keyPlan(target: ReadTarget, terms: readonly KeyConditionTerm[]): KeyPlan {
  const { hash, range } = target.schema;
  if (range === undefined && terms.length > 1) throw validationError('Query key condition not supported');
  const hashTerm = terms.find((term) => term.attribute === hash.name);
  if (hashTerm === undefined) throw validationError(`Query condition missed key schema element: ${hash.name}`);
  const rangeTerm = range === undefined ? undefined : terms.find((term) => term.attribute === range.name);
  if (terms.length > 1 && rangeTerm === undefined && range !== undefined) {
    throw validationError(`Query condition missed key schema element: ${range.name}`);
  }
  for (const [term, attribute] of [[hashTerm, hash], [rangeTerm, range]] as const) {
    if (term === undefined || attribute === undefined) continue;
    if (unindexable.has(term.op)) throw validationError('Attempted conditional constraint is not an indexable operation');
    if (term.values.some((value) => scalar(value, attribute) === undefined)) {
      throw validationError('One or more parameter values were invalid: Condition parameter type does not match schema type');
    }
  }
  if (hashTerm.op !== '=') throw validationError('Query key condition not supported');
  const [hashValue] = hashTerm.values;
  const partition = hashValue === undefined ? undefined : scalar(hashValue, hash);
  if (partition === undefined) throw validationError('Query key condition not supported');
  return { partition, range: rangeTerm };
}

/** Whether a sort key value satisfies the range term; no term matches everything. */
function inRange(term: KeyConditionTerm | undefined, value: AttributeValue | undefined): boolean {
  if (term === undefined) return true;
  return value !== undefined && rangeMatches(term, value);
}

function conditionPaths(condition: CompiledCondition, into: Set<string>): void {
  const operand = (o: { kind: string; path?: readonly unknown[]; operand?: unknown }): void => {
    if (o.kind === 'path' && typeof o.path?.[0] === 'string') into.add(o.path[0]);
    if (o.kind === 'size' && typeof o.operand === 'object' && o.operand !== null) operand(o.operand as { kind: string });
  };
  switch (condition.kind) {
    case 'and':
    case 'or':
      conditionPaths(condition.left, into);
      conditionPaths(condition.right, into);
      return;
    case 'not':
      conditionPaths(condition.operand, into);
      return;
    case 'compare':
    case 'begins_with':
    case 'contains':
      operand(condition.left);
      operand(condition.right);
      return;
    case 'between':
      operand(condition.operand);
      operand(condition.lower);
      operand(condition.upper);
      return;
    case 'in':
      operand(condition.operand);
      condition.list.forEach(operand);
      return;
    case 'attribute_exists':
    case 'attribute_not_exists':
      into.add(condition.path[0]);
      return;
    case 'attribute_type':
      operand(condition.operand);
      operand(condition.type);
      return;
  }
}

/** The items of the partition, in ascending order. */
function partitionEntries(target: ReadTarget, partition: string): readonly ReadEntry[] {
  if (target.index !== undefined) return target.index.partition(partition);
  if (target.schema.range === undefined) {
    const item = target.table.get(partition);
    return item === undefined ? [] : [item];
  }
  return target.table.partition(partition)?.entries ?? [];
}

/**
 * Runs a validated Query.
 * @throws DynamoDBError ResourceNotFoundException, ValidationException with DynamoDB's messages.
 */
export function query(context: OperationContext, request: ReadRequest): ReadResponse {
  const table = context.tables.require(request.tableName);
  const target = readTarget(table, request, context.now());
  const plan = keyPlan(target, request.keyCondition?.terms ?? []);
  if (request.filter !== undefined) {
    const used = new Set<string>();
    conditionPaths(request.filter, used);
    for (const attribute of [target.schema.hash, target.schema.range]) {
      if (attribute !== undefined && used.has(attribute.name)) {
        const parameter = request.legacyFilter ? 'QueryFilter' : 'Filter Expression';
        throw validationError(`${parameter} can only contain non-primary key attributes: Primary key attribute: ${attribute.name}`);
      }
    }
  }
  let start: ReturnType<typeof startPosition> | undefined;
  if (request.exclusiveStartKey !== undefined) {
    start = startPosition(target, request.exclusiveStartKey);
    if (start.partition !== plan.partition) {
      throw validationError('The provided starting key is outside query boundaries based on provided conditions');
    }
    if (plan.range !== undefined && !inRange(plan.range, start.rangeValue)) {
      throw validationError('The provided starting key does not match the range key predicate');
    }
  }
  const all = partitionEntries(target, plan.partition);
  const forward = request.scanIndexForward;
  function* ordered(): Generator<ReadEntry> {
    const count = all.length;
    for (let step = 0; step < count; step += 1) {
      const entry = all[forward ? step : count - 1 - step];
      if (entry === undefined) continue;
      if (start !== undefined) {
        const order = compareEntries(entry, start);
        if (forward ? order <= 0 : order >= 0) continue;
      }
      if (inRange(plan.range, entry.rangeValue)) yield entry;
    }
  }
  return readPage(target, request, ordered());
}
