/**
 * Request members and checks shared by CreateTable and UpdateTable: attribute definitions, key
 * schemas, projections, provisioned throughput and index definitions, with DynamoDB's
 * constraints and messages.
 */
import { validationError } from '../errors.js';
import type { KeySchemaElement, Projection, ProvisionedThroughput } from '../storage/table-definition.js';
import type { ListShape, StructureShape } from './shape.js';

/** The prefix of most of DynamoDB's table-management validation messages. */
export const invalidParameters = 'One or more parameter values were invalid: ';

/** The largest capacity DynamoDB accepts before calling it out of bounds. */
export const maxCapacityUnits = 1_000_000_000_000;

/** A secondary index as a request declares it, before DynamoDB's own checks. */
export interface RawIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: ProvisionedThroughput;
}

/** `ProvisionedThroughput`. */
export const throughputShape: StructureShape = {
  type: 'structure',
  name: 'ProvisionedThroughput',
  fields: {
    WriteCapacityUnits: { type: 'long', notNull: true, min: 1 },
    ReadCapacityUnits: { type: 'long', notNull: true, min: 1 },
  },
};

/** `AttributeDefinitions`. */
export function attributeDefinitionsShape(notNull: boolean): ListShape {
  return {
    type: 'list',
    notNull,
    member: {
      type: 'structure',
      name: 'AttributeDefinition',
      fields: {
        AttributeName: { type: 'string', notNull: true, minLength: 1, maxLength: 255 },
        AttributeType: { type: 'string', notNull: true, enum: ['B', 'N', 'S'] },
      },
    },
  };
}

/** A `KeySchema`; the table's declares the KeyType enum, an index's does not. */
export function keySchemaShape(withEnum: boolean): ListShape {
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

/** An index's `IndexName`. */
export const indexNameShape = { type: 'string', notNull: true, pattern: '[a-zA-Z0-9_.-]+', minLength: 3, maxLength: 255 } as const;

/** One index definition: CreateTable's indexes and UpdateTable's Create action. */
export function indexShape(name: string, withThroughput: boolean): StructureShape {
  return {
    type: 'structure',
    name,
    fields: {
      IndexName: indexNameShape,
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
  };
}

/**
 * Checks an index key schema against the attribute definitions.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function checkIndexKeySchema(keySchema: readonly KeySchemaElement[], definitions: readonly string[]): void {
  const names = keySchema.map((k) => k.AttributeName);
  if (names.some((n) => !definitions.includes(n))) {
    throw validationError(
      `${invalidParameters}Some index key attributes are not defined in AttributeDefinitions. Keys: [${names.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
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

/**
 * Checks an index projection's type against its NonKeyAttributes.
 * @throws DynamoDBError ValidationException with DynamoDB's message.
 */
export function checkProjection(projection: Projection): void {
  const type = projection.ProjectionType;
  if (type === undefined) throw validationError(`${invalidParameters}Unknown ProjectionType: null`);
  if (projection.NonKeyAttributes !== undefined && type !== 'INCLUDE') {
    throw validationError(`${invalidParameters}ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
}

/**
 * Checks provisioned capacity against DynamoDB's upper bound.
 * @throws DynamoDBError ValidationException "Given value N for ReadCapacityUnits is out of bounds".
 */
export function checkCapacityBounds(throughput: ProvisionedThroughput): void {
  if (throughput.ReadCapacityUnits > maxCapacityUnits) {
    throw validationError(`Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`);
  }
  if (throughput.WriteCapacityUnits > maxCapacityUnits) {
    throw validationError(`Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`);
  }
}
