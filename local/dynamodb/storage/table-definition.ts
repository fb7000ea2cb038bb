/**
 * What CreateTable (and later UpdateTable) fixes about a table: attribute definitions, key
 * schemas, billing, indexes. Plain data, shared by validation, storage and the journal.
 */
import type { KeyType, PrimaryKeySchema } from './primary-key.js';

/** An attribute definition of CreateTable. */
export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: KeyType;
}

/** A key schema element of CreateTable. */
export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

/** A secondary index projection. */
export interface Projection {
  readonly ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly NonKeyAttributes?: readonly string[];
}

/** Provisioned read and write capacity. */
export interface ProvisionedThroughput {
  readonly ReadCapacityUnits: number;
  readonly WriteCapacityUnits: number;
}

/** A secondary index as declared in CreateTable. */
export interface SecondaryIndexDefinition {
  readonly IndexName: string;
  readonly KeySchema: readonly KeySchemaElement[];
  readonly Projection: Projection;
  readonly ProvisionedThroughput?: ProvisionedThroughput;
}

/** Everything CreateTable fixed about a table. */
export interface TableDefinition {
  readonly name: string;
  readonly attributeDefinitions: readonly AttributeDefinition[];
  readonly keySchema: readonly KeySchemaElement[];
  readonly billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly provisionedThroughput: ProvisionedThroughput;
  readonly globalSecondaryIndexes: readonly SecondaryIndexDefinition[];
  readonly localSecondaryIndexes: readonly SecondaryIndexDefinition[];
  readonly deletionProtectionEnabled: boolean;
}

function keyTypeOf(definitions: readonly AttributeDefinition[], name: string): KeyType {
  const definition = definitions.find((d) => d.AttributeName === name);
  if (definition === undefined) throw new Error(`Key attribute ${name} has no definition`);
  return definition.AttributeType;
}

/** The primary key schema of a validated key schema. */
export function primaryKeyOf(keySchema: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): PrimaryKeySchema {
  const hash = keySchema.find((k) => k.KeyType === 'HASH');
  const range = keySchema.find((k) => k.KeyType === 'RANGE');
  if (hash === undefined) throw new Error('Key schema without a HASH key');
  const hashKey = { name: hash.AttributeName, type: keyTypeOf(definitions, hash.AttributeName) };
  return range === undefined ? { hash: hashKey } : { hash: hashKey, range: { name: range.AttributeName, type: keyTypeOf(definitions, range.AttributeName) } };
}
