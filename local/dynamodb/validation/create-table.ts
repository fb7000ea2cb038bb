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
import { managedTableNameShape } from './common-shapes.js';
import { validateShape, type ListShape, type StructureShape } from './shape.js';

interface RawIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: ProvisionedThroughput;
}

interface RawCreateTable {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: Partial<ProvisionedThroughput>;
  LocalSecondaryIndexes?: RawIndex[];
  GlobalSecondaryIndexes?: RawIndex[];
  DeletionProtectionEnabled?: boolean;
}

const throughputShape: StructureShape = {
  type: 'structure',
  name: 'ProvisionedThroughput',
  fields: {
    WriteCapacityUnits: { type: 'long', notNull: true, min: 1 },
    ReadCapacityUnits: { type: 'long', notNull: true, min: 1 },
  },
};

function keySchemaShape(withEnum: boolean): ListShape {
  return {
    type: 'list',
    notNull: true,
    minLength: 1,
    maxLength: 2,
    member: {
      type: 'structure',
      name: 'KeySchemaElement',
      fields: {
        AttributeName: { type: 'string', notNull: true, minLength: 1, maxLength: 255 },
        KeyType: withEnum ? { type: 'string', notNull: true, enum: ['HASH', 'RANGE'] } : { type: 'string', notNull: true },
      },
    },
  };
}

function indexShape(name: string, withThroughput: boolean): ListShape {
  return {
    type: 'list',
    member: {
      type: 'structure',
      name,
      fields: {
        IndexName: { type: 'string', notNull: true, pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 },
        KeySchema: keySchemaShape(false),
        Projection: {
          type: 'structure',
          name: 'Projection',
          notNull: true,
          fields: {
            ProjectionType: { type: 'string', enum: ['ALL', 'INCLUDE', 'KEYS_ONLY'] },
            NonKeyAttributes: { type: 'list', minLength: 1, maxLength: 20, member: { type: 'string' } },
          },
        },
        ...(withThroughput ? { ProvisionedThroughput: throughputShape } : {}),
      },
    },
  };
}

const createTableShape: StructureShape = {
  type: 'structure',
  name: 'CreateTableInput',
  fields: {
    AttributeDefinitions: {
      type: 'list',
      notNull: true,
      member: {
        type: 'structure',
        name: 'AttributeDefinition',
        fields: {
          AttributeName: { type: 'string', notNull: true, minLength: 1, maxLength: 255 },
          AttributeType: { type: 'string', notNull: true, enum: ['B', 'N', 'S'] },
        },
      },
    },
    TableName: managedTableNameShape,
    BillingMode: { type: 'string', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
    ProvisionedThroughput: throughputShape,
    KeySchema: keySchemaShape(true),
    LocalSecondaryIndexes: indexShape('LocalSecondaryIndex', false),
    GlobalSecondaryIndexes: indexShape('GlobalSecondaryIndex', true),
    DeletionProtectionEnabled: { type: 'boolean' },
  },
};

const invalid = 'One or more parameter values were invalid: ';
const maxCapacity = 1_000_000_000_000;

function checkIndexKeySchema(keySchema: readonly KeySchemaElement[], definitions: readonly string[]): void {
  const names = keySchema.map((k) => k.AttributeName);
  if (names.some((n) => !definitions.includes(n))) {
    throw validationError(
      `${invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [${names.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
    );
  }
  const [first, second] = keySchema;
  if (second !== undefined && first?.AttributeName === second.AttributeName) {
    throw validationError('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  if (first?.KeyType !== 'HASH') throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (second !== undefined && second.KeyType !== 'RANGE') {
    throw validationError('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
}

function checkProjection(index: RawIndex): void {
  const type = index.Projection.ProjectionType;
  if (type === undefined) throw validationError(`${invalid}Unknown ProjectionType: null`);
  if (index.Projection.NonKeyAttributes !== undefined && type !== 'INCLUDE') {
    throw validationError(`${invalid}ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
}

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
    checkProjection(index);
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
    checkProjection(index);
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
  if (read > maxCapacity) throw validationError(`Given value ${read} for ReadCapacityUnits is out of bounds`);
  if (write > maxCapacity) throw validationError(`Given value ${write} for WriteCapacityUnits is out of bounds`);
  return { ReadCapacityUnits: read, WriteCapacityUnits: write };
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
 * Validates a CreateTable request and returns the table's definition.
 * @throws DynamoDBError SerializationException or ValidationException, with DynamoDB's messages.
 */
export function validateCreateTable(body: unknown): TableDefinition {
  const request = validateShape<RawCreateTable>(body, createTableShape, { tableNameFirst: true });
  const provisionedThroughput = checkBilling(request);

  const definitions = request.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = request.KeySchema.map((k) => k.AttributeName);
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw validationError('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  if (keys.length > definitions.length) throw validationError('Invalid KeySchema: Some index key attribute have no definition');
  if (keys.some((k) => !definitions.includes(k))) {
    throw validationError(
      `${invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
    );
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

  return {
    name: request.TableName,
    attributeDefinitions: request.AttributeDefinitions,
    keySchema: request.KeySchema,
    billingMode: request.BillingMode ?? 'PROVISIONED',
    provisionedThroughput,
    globalSecondaryIndexes: (request.GlobalSecondaryIndexes ?? []).map(toIndex),
    localSecondaryIndexes: (request.LocalSecondaryIndexes ?? []).map(toIndex),
    deletionProtectionEnabled: request.DeletionProtectionEnabled ?? false,
  };
}
