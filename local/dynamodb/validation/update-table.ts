/**
 * UpdateTable's request validation: shape and constraints, then the checks DynamoDB makes before
 * it looks the table up (which members are present, how they combine, one action per index).
 * Checks that need the table run in the operation.
 */
import { validationError } from '../errors.js';
import type { AttributeDefinition, ProvisionedThroughput } from '../storage/table-definition.js';
import { tableNameShape } from './common-shapes.js';
import { validateShape, type StructureShape } from './shape.js';
import { streamSpecificationShape, type RawStreamSpecification } from './stream-specification.js';
import {
  attributeDefinitionsShape,
  checkCapacityBounds,
  indexNameShape,
  indexShape,
  invalidParameters,
  throughputShape,
  type RawIndex,
} from './table-shapes.js';

/** One entry of GlobalSecondaryIndexUpdates, after validation: exactly one action. */
export type IndexUpdate =
  | { readonly action: 'Create'; readonly index: RawIndex }
  | { readonly action: 'Update'; readonly indexName: string; readonly provisionedThroughput: ProvisionedThroughput | undefined }
  | { readonly action: 'Delete'; readonly indexName: string };

/** A validated UpdateTable request. */
export interface UpdateTableRequest {
  readonly TableName: string;
  readonly AttributeDefinitions: readonly AttributeDefinition[] | undefined;
  readonly BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST' | undefined;
  readonly ProvisionedThroughput: ProvisionedThroughput | undefined;
  readonly indexUpdates: readonly IndexUpdate[];
  readonly DeletionProtectionEnabled: boolean | undefined;
  /** A stream to enable (with its view type) or the table's stream to disable. */
  readonly StreamSpecification: RawStreamSpecification | undefined;
}

interface RawIndexUpdate {
  Create?: RawIndex;
  Update?: { IndexName: string; ProvisionedThroughput?: ProvisionedThroughput };
  Delete?: { IndexName: string };
}

interface RawUpdateTable {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexUpdates?: RawIndexUpdate[];
  StreamSpecification?: RawStreamSpecification;
  DeletionProtectionEnabled?: boolean;
}

const updateTableShape: StructureShape = {
  type: 'structure',
  name: 'UpdateTableInput',
  fields: {
    AttributeDefinitions: attributeDefinitionsShape(false),
    TableName: tableNameShape,
    BillingMode: { type: 'string', enum: ['PROVISIONED', 'PAY_PER_REQUEST'] },
    ProvisionedThroughput: throughputShape,
    GlobalSecondaryIndexUpdates: {
      type: 'list',
      member: {
        type: 'structure',
        name: 'GlobalSecondaryIndexUpdate',
        fields: {
          Update: {
            type: 'structure',
            name: 'UpdateGlobalSecondaryIndexAction',
            fields: { IndexName: indexNameShape, ProvisionedThroughput: throughputShape },
          },
          Create: indexShape('CreateGlobalSecondaryIndexAction', true),
          Delete: { type: 'structure', name: 'DeleteGlobalSecondaryIndexAction', fields: { IndexName: indexNameShape } },
        },
      },
    },
    StreamSpecification: streamSpecificationShape,
    DeletionProtectionEnabled: { type: 'boolean' },
  },
};

/** The members, in DynamoDB's wording, of which UpdateTable needs at least one. */
const changeMembers =
  'ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass';

/**
 * Members DynamoDB accepts that this engine does not model. Refused by name rather than ignored,
 * so a request is never answered as if it had done what it asked.
 */
const unsupportedMembers = [
  'SSESpecification',
  'ReplicaUpdates',
  'TableClass',
  'OnDemandThroughput',
  'WarmThroughput',
  'MultiRegionConsistency',
  'GlobalTableWitnessUpdates',
] as const;

function present(body: object, member: string): boolean {
  return member in body && (body as Record<string, unknown>)[member] !== undefined && (body as Record<string, unknown>)[member] !== null;
}

function toIndexUpdate(raw: RawIndexUpdate): IndexUpdate {
  const actions = [raw.Create, raw.Update, raw.Delete].filter((action) => action !== undefined).length;
  if (actions === 0) {
    throw validationError(
      `${invalidParameters}One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null`,
    );
  }
  if (actions > 1) {
    throw validationError(`${invalidParameters}Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object`);
  }
  if (raw.Create !== undefined) return { action: 'Create', index: raw.Create };
  if (raw.Update !== undefined) {
    return { action: 'Update', indexName: raw.Update.IndexName, provisionedThroughput: raw.Update.ProvisionedThroughput };
  }
  return { action: 'Delete', indexName: raw.Delete?.IndexName ?? '' };
}

function indexNameOf(update: IndexUpdate): string {
  return update.action === 'Create' ? update.index.IndexName : update.indexName;
}

/**
 * Validates an UpdateTable request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateUpdateTable(body: unknown): UpdateTableRequest {
  const request = validateShape<RawUpdateTable>(body, updateTableShape);
  const raw = request as object;
  const indexUpdates = request.GlobalSecondaryIndexUpdates ?? [];
  const changes =
    request.ProvisionedThroughput !== undefined ||
    request.BillingMode !== undefined ||
    indexUpdates.length > 0 ||
    request.DeletionProtectionEnabled !== undefined ||
    request.StreamSpecification !== undefined ||
    unsupportedMembers.some((member) => present(raw, member));
  if (!changes) throw validationError(`At least one of ${changeMembers} is required`);
  const unsupported = unsupportedMembers.find((member) => present(raw, member));
  if (unsupported !== undefined) throw validationError(`This engine does not implement UpdateTable's ${unsupported}`);
  if (request.GlobalSecondaryIndexUpdates !== undefined && indexUpdates.length === 0) {
    throw validationError(`${invalidParameters}List of GlobalSecondaryIndexUpdates is empty`);
  }

  const updates = indexUpdates.map(toIndexUpdate);
  const seen = new Set<string>();
  for (const update of updates) {
    const name = indexNameOf(update);
    if (seen.has(name)) {
      throw validationError(`${invalidParameters}Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    }
    seen.add(name);
  }

  const stream = request.StreamSpecification;
  const others = request.ProvisionedThroughput !== undefined || request.BillingMode !== undefined || updates.length > 0 || stream !== undefined;
  if (request.DeletionProtectionEnabled !== undefined && others) {
    throw validationError(`${invalidParameters}DeletionProtection modification must be the only operation in the request`);
  }
  if (stream !== undefined) checkStreamSpecification(stream, request, updates);
  if (request.ProvisionedThroughput !== undefined && updates.some((u) => u.action !== 'Update')) {
    throw validationError(`${invalidParameters}You cannot create or delete index while updating table IOPS`);
  }
  if (request.BillingMode === 'PROVISIONED' && request.ProvisionedThroughput === undefined) {
    throw validationError(`${invalidParameters}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
  }
  if (request.ProvisionedThroughput !== undefined) checkCapacityBounds(request.ProvisionedThroughput);
  for (const update of updates) {
    const throughput = update.action === 'Create' ? update.index.ProvisionedThroughput : update.action === 'Update' ? update.provisionedThroughput : undefined;
    if (throughput !== undefined) checkCapacityBounds(throughput);
  }

  return {
    TableName: request.TableName,
    AttributeDefinitions: request.AttributeDefinitions,
    BillingMode: request.BillingMode,
    ProvisionedThroughput: request.ProvisionedThroughput,
    indexUpdates: updates,
    DeletionProtectionEnabled: request.DeletionProtectionEnabled,
    StreamSpecification: stream,
  };
}

/**
 * A stream change names a view type exactly when it enables, and goes alone except beside a switch
 * to on-demand billing.
 */
function checkStreamSpecification(stream: RawStreamSpecification, request: RawUpdateTable, updates: readonly IndexUpdate[]): void {
  if (stream.StreamEnabled && stream.StreamViewType === undefined) {
    throw validationError(`${invalidParameters}If stream is being enabled then UpdateViewType is required`);
  }
  if (!stream.StreamEnabled && stream.StreamViewType !== undefined) {
    throw validationError(`${invalidParameters}If stream is being disabled, then UpdateViewType must not be specified`);
  }
  if (request.ProvisionedThroughput !== undefined || request.BillingMode === 'PROVISIONED') {
    throw validationError(`${invalidParameters}You cannot modify stream status while updating table IOPS`);
  }
  if (updates.some((update) => update.action !== 'Update')) {
    throw validationError(`${invalidParameters}You cannot create or delete index while changing stream status`);
  }
}
