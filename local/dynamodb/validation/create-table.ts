/**
 * CreateTable's request validation: shape and constraints, then DynamoDB's checks of the key
 * schema against the attribute definitions, billing mode and indexes, in DynamoDB's order.
 */
import { validationError } from '../errors.js';
import type {
  AttributeDefinition,
  KeySchemaElement,
  ProvisionedThroughput,
  SecondaryIndexDefinition,
  TableDefinition,
} from '../storage/table-definition.js';
import type { StreamViewType } from '../streams/table-stream.js';
import { managedTableNameShape } from './common-shapes.js';
import { createTableStream, streamSpecificationShape, type RawStreamSpecification } from './stream-specification.js';
import { validateShape, type StructureShape } from './shape.js';
import {
  attributeDefinitionsShape,
  checkCapacityBounds,
  checkIndexKeySchema,
  checkProjection,
  indexShape,
  invalidParameters as invalid,
  keySchemaShape,
  throughputShape,
  type RawIndex,
} from './table-shapes.js';
import { checkTags, type RawTag, type Tag } from './tags.js';

interface RawCreateTable {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: Partial<ProvisionedThroughput>;
  LocalSecondaryIndexes?: RawIndex[];
  GlobalSecondaryIndexes?: RawIndex[];
  DeletionProtectionEnabled?: boolean;
  StreamSpecification?: RawStreamSpecification;
  Tags?: RawTag[];
}

/** A validated CreateTable request: the table, the stream to give it (if any), and its tags. */
export interface CreateTableRequest {
  readonly definition: TableDefinition;
  readonly stream?: StreamViewType;
  readonly tags: readonly Tag[];
}

const createTableShape: StructureShape = {
  type: 'structure',
  name: 'CreateTableInput',
  fields: {
    AttributeDefinitions: attributeDefinitionsShape(true),
    TableName: managedTableNameShape,
    BillingMode: { type: 'string', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
    ProvisionedThroughput: throughputShape,
    KeySchema: keySchemaShape(true),
    LocalSecondaryIndexes: { type: 'list', member: indexShape('LocalSecondaryIndex', false) },
    GlobalSecondaryIndexes: { type: 'list', member: indexShape('GlobalSecondaryIndex', true) },
    StreamSpecification: streamSpecificationShape,
    DeletionProtectionEnabled: { type: 'boolean' },
    Tags: { type: 'list', member: { type: 'structure', name: 'Tag', fields: { Key: { type: 'string' }, Value: { type: 'string' } } } },
  },
};

function checkLocalIndexes(request: RawCreateTable, definitions: readonly string[], seen: Set<string>): void {
  const indexes = request.LocalSecondaryIndexes;
  if (indexes === undefined) return;
  if (indexes.length === 0) throw validationError(`${invalid}List of LocalSecondaryIndexes is empty`);
  const tableHash = request.KeySchema[0]?.AttributeName;
  if (request.KeySchema.length !== 2) {
    throw validationError(`${invalid}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`);
  }
  for (const index of indexes) {
    checkIndexKeySchema(index.KeySchema, definitions);
    if (index.KeySchema.length !== 2) {
      throw validationError(`${invalid}Index KeySchema does not have a range key for index: ${index.IndexName}`);
    }
    const indexHash = index.KeySchema[0]?.AttributeName;
    if (indexHash !== tableHash) {
      throw validationError(
        `${invalid}Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash ?? ''}, table hash key: ${tableHash ?? ''}`,
      );
    }
    checkProjection(index.Projection);
    if (seen.has(index.IndexName)) throw validationError(`${invalid}Duplicate index name: ${index.IndexName}`);
    seen.add(index.IndexName);
  }
  if (indexes.length > 5) throw validationError(`${invalid}Number of LocalSecondaryIndexes exceeds per-table limit of 5`);
}

function checkGlobalIndexes(request: RawCreateTable, definitions: readonly string[], seen: Set<string>): void {
  const indexes = request.GlobalSecondaryIndexes;
  if (indexes === undefined) return;
  if (indexes.length === 0) throw validationError(`${invalid}List of GlobalSecondaryIndexes is empty`);
  for (const index of indexes) {
    checkIndexKeySchema(index.KeySchema, definitions);
    checkProjection(index.Projection);
    if (request.BillingMode === 'PAY_PER_REQUEST' && index.ProvisionedThroughput !== undefined) {
      throw validationError(`${invalid}ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`);
    }
    if (request.BillingMode !== 'PAY_PER_REQUEST' && index.ProvisionedThroughput === undefined) {
      throw validationError(`${invalid}ProvisionedThroughput must be specified for index: ${index.IndexName}`);
    }
    if (seen.has(index.IndexName)) throw validationError(`${invalid}Duplicate index name: ${index.IndexName}`);
    seen.add(index.IndexName);
  }
  if (indexes.length > 20) throw validationError(`${invalid}GlobalSecondaryIndex count exceeds the per-table limit of 20`);
}

/** Every attribute named by the table's and its indexes' key schemas. */
function keyAttributeNames(request: RawCreateTable): Set<string> {
  const names = new Set(request.KeySchema.map((k) => k.AttributeName));
  for (const index of [...(request.LocalSecondaryIndexes ?? []), ...(request.GlobalSecondaryIndexes ?? [])]) {
    for (const key of index.KeySchema) names.add(key.AttributeName);
  }
  return names;
}

function checkBilling(request: RawCreateTable): ProvisionedThroughput {
  const throughput = request.ProvisionedThroughput;
  if (request.BillingMode === 'PAY_PER_REQUEST') {
    if (throughput !== undefined) {
      throw validationError(`${invalid}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`);
    }
    return { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
  }
  const read = throughput?.ReadCapacityUnits;
  const write = throughput?.WriteCapacityUnits;
  if (read === undefined || write === undefined) {
    throw validationError(`${invalid}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`);
  }
  const provisioned = { ReadCapacityUnits: read, WriteCapacityUnits: write };
  checkCapacityBounds(provisioned);
  return provisioned;
}

function toIndex(index: RawIndex): SecondaryIndexDefinition {
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ...(index.ProvisionedThroughput === undefined ? {} : { ProvisionedThroughput: index.ProvisionedThroughput }),
  };
}

/**
 * Validates a CreateTable request and returns the table's definition, stream and tags.
 * @throws DynamoDBError SerializationException or ValidationException, with DynamoDB's messages.
 */
export function validateCreateTable(body: unknown): CreateTableRequest {
  const request = validateShape<RawCreateTable>(body, createTableShape, { tableNameFirst: 'constraints' });
  const provisionedThroughput = checkBilling(request);

  const definitions = request.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = request.KeySchema.map((k) => k.AttributeName);
  // DynamoDB compares the counts first: a key schema naming one attribute twice with one
  // definition is "no definition", not "the same name".
  if (keys.length > definitions.length) throw validationError('Invalid KeySchema: Some index key attribute have no definition');
  if (keys.some((k) => !definitions.includes(k))) {
    throw validationError(
      `${invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
    );
  }
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw validationError('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  if (request.KeySchema[0]?.KeyType !== 'HASH') throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  const second = request.KeySchema[1];
  if (second !== undefined && second.KeyType !== 'RANGE') {
    throw validationError('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  if (new Set(definitions).size !== definitions.length) {
    const duplicate = definitions.find((d, i) => definitions.indexOf(d) !== i) ?? '';
    throw validationError(`${invalid}Duplicate AttributeName in AttributeDefinitions: ${duplicate}`);
  }

  const seen = new Set<string>();
  checkLocalIndexes(request, definitions, seen);
  checkGlobalIndexes(request, definitions, seen);

  // Every definition must be used by a key of the table or of an index, and vice versa.
  const used = keyAttributeNames(request);
  if (used.size !== definitions.length) {
    if (request.LocalSecondaryIndexes === undefined && request.GlobalSecondaryIndexes === undefined) {
      throw validationError(
        `${invalid}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
      );
    }
    throw validationError(
      `${invalid}Some AttributeDefinitions are not used. AttributeDefinitions: [${definitions.join(', ')}], keys used: [${[...used].join(', ')}]`,
    );
  }

  const stream = createTableStream(request.StreamSpecification);
  const definition: TableDefinition = {
    name: request.TableName,
    attributeDefinitions: request.AttributeDefinitions,
    keySchema: request.KeySchema,
    billingMode: request.BillingMode ?? 'PROVISIONED',
    provisionedThroughput,
    globalSecondaryIndexes: (request.GlobalSecondaryIndexes ?? []).map(toIndex),
    localSecondaryIndexes: (request.LocalSecondaryIndexes ?? []).map(toIndex),
    deletionProtectionEnabled: request.DeletionProtectionEnabled ?? false,
  };
  const tags = checkTags(request.Tags ?? []);
  return stream === undefined ? { definition, tags } : { definition, stream, tags };
}
