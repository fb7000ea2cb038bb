/**
 * UpdateTable: billing mode, provisioned throughput, deletion protection, the table's stream
 * (enable, disable), and global secondary indexes (create with backfill, update of throughput,
 * delete). Every change is applied at once;
 * the table and its indexes then report UPDATING / CREATING / DELETING for the engine's
 * transition time, as DynamoDB does for seconds to minutes, and refuse what DynamoDB refuses
 * while a change is in progress.
 */
import { DynamoDBError, validationError } from '../errors.js';
import type { AttributeDefinition, ProvisionedThroughput, SecondaryIndexDefinition, TableDefinition } from '../storage/table-definition.js';
import type { Transition } from '../storage/table-lifecycle.js';
import type { Table } from '../storage/table.js';
import { checkIndexKeySchema, checkProjection, invalidParameters } from '../validation/table-shapes.js';
import type { IndexUpdate, UpdateTableRequest } from '../validation/update-table.js';
import { managedTable } from './managed-table.js';
import type { OperationContext } from './operation-context.js';
import { tableDescription } from './table-description.js';

const inUse = 'Attempt to change a resource which is still in use: ';
const maxGlobalIndexes = 20;

function resourceInUse(message: string): DynamoDBError {
  return new DynamoDBError('ResourceInUseException', `${inUse}${message}`);
}

function oneOnlineIndexChange(): DynamoDBError {
  return new DynamoDBError('LimitExceededException', 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table');
}

function sameThroughput(a: ProvisionedThroughput | undefined, b: ProvisionedThroughput): boolean {
  return a?.ReadCapacityUnits === b.ReadCapacityUnits && a.WriteCapacityUnits === b.WriteCapacityUnits;
}

function willNotChange(owner: string, current: ProvisionedThroughput, requested: ProvisionedThroughput): DynamoDBError {
  const provisionedFor = owner === '' ? 'the table' : `index ${owner}`;
  return validationError(
    `The provisioned throughput for ${owner === '' ? 'the table' : `the index ${owner}`} will not change. The requested value equals the current value. ` +
      `Current ReadCapacityUnits provisioned for ${provisionedFor}: ${current.ReadCapacityUnits}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. ` +
      `Current WriteCapacityUnits provisioned for ${provisionedFor}: ${current.WriteCapacityUnits}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ` +
      'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
  );
}

/** What the request changes, once checked against the table. */
interface Plan {
  readonly billingMode: TableDefinition['billingMode'];
  readonly billingSwitch: boolean;
  readonly tableThroughput: ProvisionedThroughput | undefined;
  readonly creates: readonly SecondaryIndexDefinition[];
  readonly deletes: readonly string[];
  readonly throughputUpdates: ReadonlyMap<string, ProvisionedThroughput>;
}

/**
 * Refuses a change the table cannot take while an earlier one is still in progress.
 * @throws DynamoDBError ResourceInUseException or LimitExceededException with DynamoDB's messages.
 */
function checkInProgress(table: Table, request: UpdateTableRequest, tableIops: boolean, now: number): void {
  const transitions = table.lifecycle.inProgress(now);
  const indexChanges = request.indexUpdates.filter((u) => u.action !== 'Update');
  const deleting = transitions.flatMap((t) => (t.kind === 'delete-index' ? [t.index] : []));
  if (tableIops) {
    if (transitions.some((t) => t.kind === 'throughput')) throw resourceInUse(`Table IOPS are currently being updated. Table: ${table.name}`);
    if (deleting.length > 0) {
      throw resourceInUse(`Can't change table IOPS when an index is being deleted. Table: ${table.name} Indexes: [${deleting.join(', ')}]`);
    }
    if (transitions.some((t) => t.kind === 'create-index' && now < t.allocatedAt)) throw resourceInUse(`Table is being updated: ${table.name}`);
  }
  if (indexChanges.length > 0 && transitions.some((t) => t.kind === 'throughput')) {
    throw resourceInUse(`Can't create or delete indexes while table IOPS are being updated. Table: ${table.name}`);
  }
  for (const update of request.indexUpdates) {
    if (update.action === 'Create') continue;
    const transition = transitions.find(
      (t): t is Exclude<Transition, { kind: 'throughput' | 'stream' }> => t.kind !== 'throughput' && t.kind !== 'stream' && t.index === update.indexName,
    );
    if (transition === undefined) continue;
    if (transition.kind === 'delete-index') throw resourceInUse(`Index is being deleted. Table: ${table.name} Index: ${update.indexName}`);
    if (transition.kind === 'update-index') throw resourceInUse(`Index is being updated. Table: ${table.name} Index: ${update.indexName}`);
    if (update.action === 'Delete' && now < transition.allocatedAt) {
      throw resourceInUse(
        `Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: ${table.name} Index: ${update.indexName}`,
      );
    }
  }
  // Deleting the index that is backfilling is the one index change allowed beside it.
  const busy = transitions.filter((t) => t.kind === 'create-index' || t.kind === 'delete-index');
  const alsoAllowed = (t: Transition): boolean =>
    t.kind === 'create-index' && indexChanges.some((u) => u.action === 'Delete' && u.indexName === t.index);
  if (indexChanges.length > 0 && busy.some((t) => !alsoAllowed(t))) throw oneOnlineIndexChange();
}

function lookUpGlobalIndex(table: Table, name: string, action: 'update' | 'delete'): SecondaryIndexDefinition {
  const index = table.definition.globalSecondaryIndexes.find((i) => i.IndexName === name);
  if (index !== undefined) return index;
  if (table.definition.localSecondaryIndexes.some((i) => i.IndexName === name)) {
    throw validationError(`Cannot ${action} an index that is not a GlobalSecondaryIndex: ${name}`);
  }
  throw new DynamoDBError('ResourceNotFoundException', `Requested resource not found: Index ${name} for table ${table.name}`);
}

/** The definitions a created index's keys use: the table's, plus the request's new names. */
function mergedDefinitions(table: Table, requested: readonly AttributeDefinition[]): AttributeDefinition[] {
  const merged = [...table.definition.attributeDefinitions];
  for (const definition of requested) {
    // An attribute the table already defines keeps its type, as on DynamoDB.
    if (!merged.some((d) => d.AttributeName === definition.AttributeName)) merged.push(definition);
  }
  return merged;
}

function planCreate(
  table: Table,
  update: Extract<IndexUpdate, { action: 'Create' }>,
  request: UpdateTableRequest,
  billingMode: Plan['billingMode'],
  now: number,
): SecondaryIndexDefinition {
  const { index } = update;
  const name = index.IndexName;
  const taken = [...table.definition.globalSecondaryIndexes, ...table.definition.localSecondaryIndexes, ...table.lifecycle.deletingIndexes(now)];
  if (taken.some((i) => i.IndexName === name)) throw validationError('Attempting to create an index which already exists');
  if (request.AttributeDefinitions === undefined) throw validationError(`${invalidParameters}AttributeDefinitions is not specified for index: ${name}`);
  checkIndexKeySchema(index.KeySchema, mergedDefinitions(table, request.AttributeDefinitions).map((d) => d.AttributeName));
  checkProjection(index.Projection);
  if (billingMode === 'PROVISIONED' && index.ProvisionedThroughput === undefined) {
    throw validationError(`${invalidParameters}Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${name}`);
  }
  if (billingMode === 'PAY_PER_REQUEST' && index.ProvisionedThroughput !== undefined) {
    throw validationError(`${invalidParameters}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`);
  }
  return {
    IndexName: name,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ...(index.ProvisionedThroughput === undefined ? {} : { ProvisionedThroughput: index.ProvisionedThroughput }),
  };
}

/**
 * Checks the request against the table and works out what it changes.
 * @throws DynamoDBError ValidationException, ResourceNotFoundException, ResourceInUseException or
 * LimitExceededException with DynamoDB's messages; nothing has been changed then.
 */
function plan(table: Table, request: UpdateTableRequest, now: number): Plan {
  const current = table.definition;
  const billingMode = request.BillingMode ?? current.billingMode;
  const billingSwitch = billingMode !== current.billingMode;
  const tableIops = request.ProvisionedThroughput !== undefined || billingSwitch;
  const indexChanges = request.indexUpdates.filter((u) => u.action !== 'Update');
  if (indexChanges.length > 1) throw oneOnlineIndexChange();
  checkInProgress(table, request, tableIops, now);

  if (request.ProvisionedThroughput !== undefined && billingMode === 'PAY_PER_REQUEST') {
    throw validationError(`${invalidParameters}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
  }
  if (request.ProvisionedThroughput !== undefined && !billingSwitch && sameThroughput(current.provisionedThroughput, request.ProvisionedThroughput)) {
    throw willNotChange('', current.provisionedThroughput, request.ProvisionedThroughput);
  }

  const creates: SecondaryIndexDefinition[] = [];
  const deletes: string[] = [];
  const throughputUpdates = new Map<string, ProvisionedThroughput>();
  for (const update of request.indexUpdates) {
    if (update.action === 'Create') {
      creates.push(planCreate(table, update, request, billingMode, now));
      continue;
    }
    const index = lookUpGlobalIndex(table, update.indexName, update.action === 'Delete' ? 'delete' : 'update');
    if (update.action === 'Delete') {
      deletes.push(index.IndexName);
      continue;
    }
    const throughput = update.provisionedThroughput;
    if (billingMode === 'PAY_PER_REQUEST') {
      throw validationError(
        `${invalidParameters}The only Updates for index: ${index.IndexName} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
      );
    }
    if (throughput === undefined) {
      throw validationError(`${invalidParameters}Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${index.IndexName}`);
    }
    if (!billingSwitch && index.ProvisionedThroughput !== undefined && sameThroughput(index.ProvisionedThroughput, throughput)) {
      throw willNotChange(index.IndexName, index.ProvisionedThroughput, throughput);
    }
    throughputUpdates.set(index.IndexName, throughput);
  }

  if (billingSwitch && billingMode === 'PROVISIONED') {
    const missing = current.globalSecondaryIndexes
      .map((index) => index.IndexName)
      .filter((name) => !throughputUpdates.has(name) && !deletes.includes(name));
    if (missing.length > 0) throw validationError(`${invalidParameters}ProvisionedThroughput must be specified for index: ${missing.join(',')}`);
  }
  const remaining = current.globalSecondaryIndexes.length - deletes.length;
  if (creates.length > 0 && remaining + creates.length > maxGlobalIndexes) {
    throw new DynamoDBError('LimitExceededException', `Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of ${maxGlobalIndexes}`);
  }
  return { billingMode, billingSwitch, tableThroughput: request.ProvisionedThroughput, creates, deletes, throughputUpdates };
}

/** The attribute definitions the table's keys still use, with those a new index needs. */
function attributeDefinitionsAfter(table: Table, request: UpdateTableRequest, indexes: readonly SecondaryIndexDefinition[]): AttributeDefinition[] {
  const definition = table.definition;
  const used = new Set(definition.keySchema.map((k) => k.AttributeName));
  for (const index of [...definition.localSecondaryIndexes, ...indexes]) for (const key of index.KeySchema) used.add(key.AttributeName);
  return mergedDefinitions(table, request.AttributeDefinitions ?? []).filter((d) => used.has(d.AttributeName));
}

function nextDefinition(table: Table, request: UpdateTableRequest, change: Plan): TableDefinition {
  const current = table.definition;
  const payPerRequest = change.billingMode === 'PAY_PER_REQUEST';
  const indexes = [
    ...current.globalSecondaryIndexes
      .filter((index) => !change.deletes.includes(index.IndexName))
      .map((index): SecondaryIndexDefinition => {
        const { ProvisionedThroughput: throughput, ...rest } = index;
        if (payPerRequest) return rest;
        const updated = change.throughputUpdates.get(index.IndexName) ?? throughput;
        return updated === undefined ? rest : { ...rest, ProvisionedThroughput: updated };
      }),
    ...change.creates,
  ];
  return {
    ...current,
    attributeDefinitions: attributeDefinitionsAfter(table, request, indexes),
    billingMode: change.billingMode,
    provisionedThroughput: payPerRequest ? { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } : (change.tableThroughput ?? current.provisionedThroughput),
    globalSecondaryIndexes: indexes,
    deletionProtectionEnabled: request.DeletionProtectionEnabled ?? current.deletionProtectionEnabled,
  };
}

function recordThroughputChanges(table: Table, next: TableDefinition, now: number): void {
  const before = table.definition;
  // A billing mode switch is not a change of provisioned capacity.
  if (before.billingMode === 'PROVISIONED' && next.billingMode === 'PROVISIONED') {
    table.throughputHistory.record('', before.provisionedThroughput, next.provisionedThroughput, now);
  }
  for (const index of next.globalSecondaryIndexes) {
    const previous = before.globalSecondaryIndexes.find((i) => i.IndexName === index.IndexName)?.ProvisionedThroughput;
    if (previous !== undefined && index.ProvisionedThroughput !== undefined) {
      table.throughputHistory.record(index.IndexName, previous, index.ProvisionedThroughput, now);
    }
  }
}

function transitionsOf(table: Table, change: Plan, streamChange: boolean, now: number, duration: number): Transition[] {
  const until = now + duration;
  const transitions: Transition[] = [];
  if (streamChange) transitions.push({ kind: 'stream', until });
  if (change.tableThroughput !== undefined || change.billingSwitch) transitions.push({ kind: 'throughput', until });
  for (const index of change.creates) transitions.push({ kind: 'create-index', index: index.IndexName, allocatedAt: now + duration / 2, until });
  for (const name of change.deletes) {
    const definition = table.definition.globalSecondaryIndexes.find((i) => i.IndexName === name);
    if (definition !== undefined) transitions.push({ kind: 'delete-index', index: name, definition, until });
  }
  for (const name of change.throughputUpdates.keys()) transitions.push({ kind: 'update-index', index: name, until });
  return transitions;
}

/**
 * Refuses to enable a second stream or to disable a stream the table does not have. A table's
 * stream view type cannot change in place: the stream is disabled, then a new one enabled.
 * @throws DynamoDBError ValidationException with DynamoDB's messages.
 */
function checkStreamChange(table: Table, enable: boolean): void {
  if (enable && table.stream !== undefined) throw validationError(`Table already has an enabled stream: TableName: ${table.name}`);
  if (!enable && table.stream === undefined) throw validationError(`Table has no stream to disable: TableName: ${table.name}`);
}

/**
 * Updates the table.
 * @throws DynamoDBError ResourceNotFoundException, ValidationException, ResourceInUseException or
 * LimitExceededException with DynamoDB's messages.
 */
export function updateTable(context: OperationContext, request: UpdateTableRequest): { TableDescription: Record<string, unknown> } {
  const table = managedTable(context, request.TableName);
  const now = context.now();
  const stream = request.StreamSpecification;
  const tableIops = request.ProvisionedThroughput !== undefined || (request.BillingMode !== undefined && request.BillingMode !== table.definition.billingMode);
  // While a stream is being enabled or disabled, DynamoDB admits no other stream or IOPS change.
  if ((stream !== undefined || tableIops) && table.lifecycle.inProgress(now).some((t) => t.kind === 'stream')) {
    throw resourceInUse(`Table is being updated: ${table.name}`);
  }
  const change = plan(table, request, now);
  if (stream !== undefined) checkStreamChange(table, stream.StreamEnabled);
  const next = nextDefinition(table, request, change);
  const transitions = transitionsOf(table, change, stream !== undefined, now, context.statusTransitionMs);
  for (const index of change.deletes) table.throughputHistory.forget(index);
  recordThroughputChanges(table, next, now);
  if (change.billingSwitch && change.billingMode === 'PAY_PER_REQUEST') table.lastUpdateToPayPerRequest = now / 1000;
  table.redefine(next);
  for (const transition of transitions) table.lifecycle.begin(transition);
  context.journal?.recordDefinition(next);
  if (stream?.StreamViewType !== undefined) context.streams.enable(table, stream.StreamViewType);
  else if (stream !== undefined) context.streams.disable(table);
  const description = tableDescription(table, now);
  // A billing mode sent again unchanged does nothing, yet DynamoDB still answers UPDATING.
  if (request.BillingMode !== undefined && !change.billingSwitch && transitions.length === 0) description.TableStatus = 'UPDATING';
  return { TableDescription: description };
}
