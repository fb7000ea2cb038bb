/**
 * DescribeContinuousBackups' and UpdateContinuousBackups' request validation. Their TableName
 * may also be the table's ARN.
 */
import { validationError } from '../errors.js';
import { validateShape, type StringShape, type StructureShape } from './shape.js';

/** A validated DescribeContinuousBackups request. */
export interface DescribeContinuousBackupsRequest {
  readonly tableName: string;
}

/** A validated UpdateContinuousBackups request. */
export interface UpdateContinuousBackupsRequest {
  readonly tableName: string;
  readonly enabled: boolean;
  readonly recoveryPeriodInDays: number | undefined;
}

const tableNameOrArnShape: StringShape = { type: 'string', notNull: true, minLength: 1, maxLength: 1024 };

const describeShape: StructureShape = {
  type: 'structure',
  name: 'DescribeContinuousBackupsInput',
  fields: { TableName: tableNameOrArnShape },
};

const updateShape: StructureShape = {
  type: 'structure',
  name: 'UpdateContinuousBackupsInput',
  fields: {
    TableName: tableNameOrArnShape,
    PointInTimeRecoverySpecification: {
      type: 'structure',
      name: 'PointInTimeRecoverySpecification',
      notNull: true,
      fields: {
        PointInTimeRecoveryEnabled: { type: 'boolean', notNull: true },
        RecoveryPeriodInDays: { type: 'integer', min: 1, max: 35 },
      },
    },
  },
};

/** The table name a TableName member gives: the name itself, or the last part of a table ARN. */
function tableNameOf(nameOrArn: string): string {
  const marker = ':table/';
  const at = nameOrArn.indexOf(marker);
  return nameOrArn.startsWith('arn:') && at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
}

/**
 * Validates a DescribeContinuousBackups request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateDescribeContinuousBackups(body: unknown): DescribeContinuousBackupsRequest {
  const request = validateShape<{ TableName: string }>(body, describeShape);
  return { tableName: tableNameOf(request.TableName) };
}

/**
 * Validates an UpdateContinuousBackups request.
 * @throws DynamoDBError SerializationException or ValidationException with DynamoDB's messages.
 */
export function validateUpdateContinuousBackups(body: unknown): UpdateContinuousBackupsRequest {
  const request = validateShape<{
    TableName: string;
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean; RecoveryPeriodInDays?: number };
  }>(body, updateShape);
  const { PointInTimeRecoveryEnabled: enabled, RecoveryPeriodInDays: recoveryPeriodInDays } = request.PointInTimeRecoverySpecification;
  if (!enabled && recoveryPeriodInDays !== undefined) {
    throw validationError('Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.');
  }
  return { tableName: tableNameOf(request.TableName), enabled, recoveryPeriodInDays };
}
